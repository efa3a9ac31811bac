package io.conclave.app.project;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.access.Caller;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.run.Checkpoint;
import io.conclave.model.run.RunReport;

/**
 * The read side of projects: every question a door asks of a project, answered with view records
 * ({@link ProjectViews}, {@link ConflictViews}, {@link GraphView}). Doors never see a session: each answer is
 * built here, under the project's read lock (readers share it; a command excludes them), after the caller's
 * access was checked ({@link ProjectService#runtime(Caller, String)}).
 */
@ApplicationScoped
public class ProjectQueries {
    /** The decisions that place a task: the last of them is what {@link #explain} calls its placement. */
    private static final List<DecisionKind> PLACEMENTS = List.of(DecisionKind.ASSIGNED,
            DecisionKind.MEETING_CONVENED, DecisionKind.WAITING, DecisionKind.UNASSIGNABLE, DecisionKind.DELEGATED);

    private final ProjectService projects;

    public ProjectQueries(ProjectService projects) {
        this.projects = projects;
    }

    /** Which ledger decisions a reader wants: after a seq, about a task, an agent or of a kind, at most {@code limit}. */
    public record LedgerFilter(long after, String taskId, String agentId, String kind, long limit) {
        boolean keeps(Decision d) {
            return d.getSeq() > after && (taskId == null || taskId.equals(d.getTaskId()))
                    && (agentId == null || d.getAgentIds().contains(agentId))
                    && (kind == null || d.getKind().name().equalsIgnoreCase(kind));
        }
    }

    /** Every project the caller may see (by id), with the damaged ones for operators; nothing asleep is rebuilt. */
    public List<ProjectViews.ProjectSummary> list(Caller caller) {
        List<ProjectViews.ProjectSummary> out = new ArrayList<>(projects.summaries(caller).stream()
                .map(ProjectViews.ProjectSummary::of).toList());
        projects.damaged(caller).forEach(d -> out.add(ProjectViews.ProjectSummary.of(d)));
        out.sort(Comparator.comparing(ProjectViews.ProjectSummary::projectId));
        return out;
    }

    public ProjectViews.ProjectView project(Caller caller, String projectId) {
        return read(caller, projectId, ProjectViews.ProjectView::of);
    }

    /** Tasks in definition order; only those with {@code status} (any case) when it is given. */
    public List<ProjectViews.TaskView> tasks(Caller caller, String projectId, String status) {
        return read(caller, projectId, s -> s.tasks().stream()
                .filter(t -> status == null || t.getStatus().name().equalsIgnoreCase(status))
                .map(ProjectViews.TaskView::of).toList());
    }

    /** One task with its contract-net state; 404 for a task the project does not have. */
    public ProjectViews.TaskView task(Caller caller, String projectId, String taskId) {
        return read(caller, projectId, s -> taskView(s, taskId));
    }

    /** Why a task is where it is: what it waits for, the decision that placed it and every decision about it. */
    public ProjectViews.Explanation explain(Caller caller, String projectId, String taskId) {
        return read(caller, projectId, s -> {
            Task t = existing(s, taskId);
            List<Decision> history = s.ledger().stream().filter(d -> taskId.equals(d.getTaskId())).toList();
            Decision placement = null;
            for (Decision d : history) {
                placement = PLACEMENTS.contains(d.getKind()) ? d : placement;
            }
            return new ProjectViews.Explanation(ProjectViews.TaskView.of(t), s.policy().version(),
                    ProjectViews.Blocker.of(t, s), placement, history);
        });
    }

    public List<ProjectViews.AgentView> agents(Caller caller, String projectId) {
        return read(caller, projectId, ProjectQueries::agentViews);
    }

    public List<Decision> ledger(Caller caller, String projectId, LedgerFilter filter) {
        return read(caller, projectId, s -> s.ledger().stream().filter(filter::keeps).limit(filter.limit()).toList());
    }

    public GraphView graph(Caller caller, String projectId) {
        return read(caller, projectId, GraphView::of);
    }

    public List<ConflictViews.ConflictView> conflicts(Caller caller, String projectId) {
        return read(caller, projectId, ConflictViews::all);
    }

    /** One conflict; 404 for an id no decision of the project names. */
    public ConflictViews.ConflictView conflict(Caller caller, String projectId, String conflictId) {
        return read(caller, projectId, s -> conflictView(s, conflictId));
    }

    public List<ProjectViews.RunView> runs(Caller caller, String projectId) {
        ProjectRuntime rt = projects.runtime(caller, projectId);
        List<Checkpoint> kept = rt.checkpoints();
        return rt.runs().stream().map(r -> ProjectViews.RunView.of(projectId, r, kept)).toList();
    }

    public ProjectViews.RunView run(Caller caller, String projectId, String runId) {
        ProjectRuntime rt = projects.runtime(caller, projectId);
        return ProjectViews.RunView.of(projectId, rt.run(runId), rt.checkpoints());
    }

    /** A run's report, once it stopped or {@code waitMillis} passed (so far, then). */
    public RunReport report(Caller caller, String projectId, String runId, long waitMillis) throws InterruptedException {
        return projects.runtime(caller, projectId).awaitStop(runId, waitMillis).report();
    }

    /** The report of the project now: its latest run's, else the project as real agents worked it. */
    public RunReport latestReport(Caller caller, String projectId) {
        return projects.runtime(caller, projectId).report();
    }

    public List<Checkpoint> checkpoints(Caller caller, String projectId) {
        return projects.runtime(caller, projectId).checkpoints();
    }

    // ------------------------------------------------------------------ views from a session (reads and commands)

    /** A task as {@link #task} answers it, from {@code s} as it is (a command's answer, under its lock). */
    static ProjectViews.TaskView taskView(ProjectSession s, String taskId) {
        Task t = existing(s, taskId);
        return ProjectViews.TaskView.of(t, ProjectViews.ContractView.of(s, t));
    }

    static List<ProjectViews.AgentView> agentViews(ProjectSession s) {
        return s.agents().stream().map(ProjectViews.AgentView::of).toList();
    }

    static ProjectViews.AgentView agentView(ProjectSession s, String agentId) {
        return s.agents().stream().filter(a -> a.getAgentId().equals(agentId)).map(ProjectViews.AgentView::of)
                .findFirst().orElse(null);
    }

    static ConflictViews.ConflictView conflictView(ProjectSession s, String conflictId) {
        return ConflictViews.all(s).stream().filter(c -> c.conflictId().equals(conflictId)).findFirst()
                .orElseThrow(() -> new CommandException(CommandException.Kind.NOT_FOUND, "conflict_not_found",
                        "project " + s.projectId() + " has no conflict '" + conflictId + "'"));
    }

    static Task existing(ProjectSession s, String taskId) {
        Task t = s.task(taskId);
        if (t == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "task_not_found",
                    "project " + s.projectId() + " has no task '" + taskId + "'");
        }
        return t;
    }

    private <T> T read(Caller caller, String projectId, java.util.function.Function<ProjectSession, T> reader) {
        return projects.read(caller, projectId, reader);
    }
}
