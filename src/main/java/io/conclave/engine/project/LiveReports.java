package io.conclave.engine.project;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Agent;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.model.run.RunState;

/**
 * The report of a project worked by real agents, in the shape of a simulated run's report: of a run of real
 * agents (from its start), or of the project without a run (from its creation). Times are the service's clock
 * (UTC) when the agents' reports were journaled; meetings are the project's meetings (GET /api/meetings), not
 * repeated here.
 */
public final class LiveReports {
    private final ProjectSession session;
    private final WorkLog log;
    private final Map<String, Map<String, Double>> skillsBefore;
    private final Map<String, Map<String, Double>> preferencesBefore;

    LiveReports(ProjectSession session, WorkLog log, Map<String, Map<String, Double>> skillsBefore,
                Map<String, Map<String, Double>> preferencesBefore) {
        this.session = session;
        this.log = log;
        this.skillsBefore = skillsBefore;
        this.preferencesBefore = preferencesBefore;
    }

    /** The report of a project worked without a run: learning is measured from the agents of its file. */
    static LiveReports ofProject(ProjectSession session, WorkLog log) {
        Map<String, Map<String, Double>> skills = new TreeMap<>();
        Map<String, Map<String, Double>> prefs = new TreeMap<>();
        for (var a : session.spec().agentsOrEmpty()) {
            skills.put(a.agentId(), new TreeMap<>(a.skillsOrEmpty()));
            prefs.put(a.agentId(), new TreeMap<>(a.preferencesOrEmpty()));
        }
        return new LiveReports(session, log, skills, prefs);
    }

    /** {@code state} null: the project without a run, RUNNING while a task is open, COMPLETED when none is. */
    RunReport build(RunState state, RunRequest request, Instant from, Instant to, int interrupts) {
        List<Task> tasks = session.tasks();
        int completed = 0, failed = 0, skipped = 0, unassignable = 0, blocked = 0, spawned = 0, meetings = 0;
        Map<String, Integer> completedBy = new TreeMap<>();
        List<RunReport.TaskLine> lines = new ArrayList<>();
        List<RunReport.Risk> risks = new ArrayList<>();
        // a run that is over names every task it left open among its risks, not only those that failed or were skipped
        boolean over = state != null && (state.getStatus() == io.conclave.model.run.RunStatus.COMPLETED
                || state.getStatus() == io.conclave.model.run.RunStatus.FAILED);
        for (Task t : tasks) {
            switch (t.getStatus()) {
                case COMPLETED -> {
                    completed++;
                    holders(t).forEach(a -> completedBy.merge(a, 1, Integer::sum));
                    meetings += t.isMeetingRequired() ? 1 : 0;
                }
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                case UNASSIGNABLE -> unassignable++;
                case BLOCKED -> blocked++;
                default -> { }
            }
            spawned += t.isSpawned() ? 1 : 0;
            lines.add(new RunReport.TaskLine(t.getTaskId(), t.getStatus().name(), t.getAssignee(),
                    t.isMeetingRequired() ? t.getAttendees() : null, at(log.started(t.getTaskId())),
                    at(log.ended(t.getTaskId())), t.getStatusReason(), null, null, null, null));
            String kind = switch (t.getStatus()) {
                case FAILED -> "failed";
                case SKIPPED -> "skipped";
                case UNASSIGNABLE -> "unassignable";
                case BLOCKED -> "blocked";
                default -> null;
            };
            if (kind != null) {
                risks.add(new RunReport.Risk(t.getTaskId(), kind, t.getStatusReason()));
            } else if (over && !t.getStatus().isFinal()) {
                risks.add(RunReport.Risk.unfinished(t));
            }
        }
        double span = (to.toEpochMilli() - from.toEpochMilli()) / 3_600_000.0;
        Map<String, Double> busy = log.busyHours(from, to);
        List<RunReport.AgentLine> agents = new ArrayList<>();
        for (Agent a : session.agents()) {
            double b = busy.getOrDefault(a.getAgentId(), 0.0);
            agents.add(new RunReport.AgentLine(a.getAgentId(), completedBy.getOrDefault(a.getAgentId(), 0), round(b),
                    span > 0 ? round(b / span) : 0.0, RunReport.AgentLine.changes(skillsBefore.get(a.getAgentId()), a.getSkillLevels()),
                    RunReport.AgentLine.changes(preferencesBefore.get(a.getAgentId()), a.getPreferences())));
        }
        int assignments = 0, convened = 0;
        for (Decision d : session.ledger()) {
            assignments += d.getKind() == DecisionKind.ASSIGNED || d.getKind() == DecisionKind.AWARDED ? 1 : 0;
            convened += d.getKind() == DecisionKind.MEETING_CONVENED ? 1 : 0;
        }
        List<RunReport.TimelineEntry> timeline = new ArrayList<>();
        for (WorkLog.Moment m : log.moments(from)) {
            timeline.add(new RunReport.TimelineEntry(at(m.at()), m.taskId(), m.event(), m.agents()));
        }
        int unfinished = tasks.size() - completed - failed - skipped - unassignable - blocked;
        String status = state != null ? state.getStatus().name() : open(tasks) ? "RUNNING" : "COMPLETED";
        String reason = state != null ? state.getReason()
                : "no run: the project as its agents worked it so far (" + unfinished + " task(s) unfinished)";
        int days = (int) ChronoUnit.DAYS.between(day(from), day(to)) + 1;
        return new RunReport(state == null ? null : state.getRunId(), session.projectId(),
                state == null ? null : state.getMode(), status, reason, session.policy().version(), 0, 0.0, at(from),
                at(to), progress(session, log.reports(from), to),
                new RunReport.TaskSummary(tasks.size(), completed, failed, skipped, spawned, unassignable, blocked,
                        unfinished),
                new RunReport.Statistics(meetings, 0, interrupts, state == null ? 0 : state.getCheckpoints(), days,
                        assignments, convened, session.ledger().size(), round(span)),
                lines, agents, List.of(), List.of(), List.of(), risks, timeline, null);
    }

    /** Reports handled, tasks finished of all, and the time reached. */
    static RunReport.Progress progress(ProjectSession session, int reports, Instant at) {
        List<Task> tasks = session.tasks();
        int finished = (int) tasks.stream().filter(t -> t.getStatus().isFinal() || t.getStatus() == TaskStatus.BLOCKED)
                .count();
        return new RunReport.Progress(reports, tasks.size(), finished,
                tasks.isEmpty() ? 100 : Math.round(1000.0 * finished / tasks.size()) / 10.0, at(at));
    }

    private static boolean open(List<Task> tasks) {
        return tasks.stream().anyMatch(t -> !t.getStatus().isFinal() && t.getStatus() != TaskStatus.BLOCKED);
    }

    private static List<String> holders(Task t) {
        if (t.getAssignee() != null) {
            return List.of(t.getAssignee());
        }
        return t.isMeetingRequired() ? t.getAttendees() : List.of();
    }

    private static java.time.LocalDate day(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).toLocalDate();
    }

    private static String at(Instant at) {
        return at == null ? null : LocalDateTime.ofInstant(at, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
