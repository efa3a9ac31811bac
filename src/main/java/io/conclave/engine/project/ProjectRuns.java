package io.conclave.engine.project;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.run.Checkpoint;
import io.conclave.model.run.KeptCheckpoints;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunStatus;
import io.conclave.engine.policy.Outputs;

/**
 * A project's runs and the saved states they reached: the runs (simulated or of real agents) in the order they
 * started, the last of which may be open; the report of a run an earlier version journaled as one entry; the
 * checkpoints kept as states the project can be restored to, numbered so an id is never given twice. Part of the
 * state the journal builds ({@link ProjectState}); read and changed under the project's lock.
 */
final class ProjectRuns {
    private final String projectId;
    /** Runs in the order they started; the last one may be open. */
    private final Map<String, ProjectRun> runs = new LinkedHashMap<>();
    /** The kept checkpoints, oldest first. */
    private final Deque<Checkpoint> checkpoints = new ArrayDeque<>();
    private int checkpointCount;
    /** The report of a run journaled by an earlier version as one synchronous {@code run} entry. */
    private RunReport legacyRun;

    ProjectRuns(String projectId) {
        this.projectId = projectId;
    }

    /** The latest run, or null when the project never ran. */
    ProjectRun latest() {
        ProjectRun last = null;
        for (ProjectRun r : runs.values()) {
            last = r;
        }
        return last;
    }

    /** The run {@code runId}, or null. */
    ProjectRun get(String runId) {
        return runs.get(runId);
    }

    /** The run {@code runId}, 404 if there is none with this id. */
    ProjectRun find(String runId) {
        ProjectRun run = runs.get(runId);
        if (run == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "run_not_found",
                    "project " + projectId + " has no run " + runId);
        }
        return run;
    }

    List<ProjectRun> all() {
        return List.copyOf(runs.values());
    }

    List<RunStatus> statuses() {
        return runs.values().stream().map(ProjectRun::status).toList();
    }

    /** The id the next run gets. */
    String nextRunId() {
        return "run-" + (runs.size() + 1);
    }

    void started(ProjectRun run) {
        runs.put(run.runId(), run);
    }

    RunReport legacyRun() {
        return legacyRun;
    }

    void legacyRun(RunReport report) {
        legacyRun = report;
    }

    /** The report of the latest run (so far, if it is open), or of the legacy run; null if it never ran. */
    RunReport lastReport() {
        ProjectRun last = latest();
        return last != null ? last.report() : legacyRun;
    }

    /** True when a run was ever started or a checkpoint is kept: the project's state is then not all in its session. */
    boolean any() {
        return !runs.isEmpty() || !checkpoints.isEmpty() || legacyRun != null;
    }

    List<Checkpoint> kept() {
        return List.copyOf(checkpoints);
    }

    /** The kept checkpoint {@code checkpointId}, 404 (saying which are kept) when there is none. */
    Checkpoint checkpoint(String checkpointId, ProjectSession session) {
        return checkpoints.stream().filter(c -> c.checkpointId().equals(checkpointId))
                .findFirst().orElseThrow(() -> new CommandException(CommandException.Kind.NOT_FOUND,
                        "checkpoint_not_found", "project " + projectId + " keeps no checkpoint " + checkpointId
                        + " (" + keptCheckpointsWords(session) + ")"));
    }

    int checkpointCount() {
        return checkpointCount;
    }

    /** The numbering a snapshot kept: the next checkpoint is {@code count + 1}. */
    void checkpointCount(int count) {
        checkpointCount = count;
    }

    /** Checkpoint ids go on from {@code count} (never lower than they are). */
    void numberFrom(int count) {
        checkpointCount = Math.max(checkpointCount, count);
    }

    /** After a step: a checkpoint the rules just reached becomes a saved state; a run that ended keeps its report. */
    void afterStep(ProjectRun run, JournalEntry<ProjectCommand> e, ProjectSession session) {
        if (run.status() == RunStatus.PAUSED_AT_CHECKPOINT && run.newCheckpoint()) {
            List<String> inProgress = session.tasks().stream().filter(t -> t.getStatus() == TaskStatus.IN_PROGRESS)
                    .map(Task::getTaskId).toList();
            RunReport snapshot = run.report();
            checkpoints.addLast(new Checkpoint("cp-" + (++checkpointCount), run.runId(), e.seq(),
                    run.reason(), snapshot.progress().simulatedTime(), snapshot.taskSummary(), inProgress));
            while (checkpoints.size() > keptCheckpoints(session)) {
                checkpoints.removeFirst();
            }
        }
        run.settle();
    }

    /** How many checkpoints are kept as saved states: the policy's setting (rules/execution/checkpoints.drl), none without it. */
    private static int keptCheckpoints(ProjectSession session) {
        return session.outputs(Outputs.KEPT_CHECKPOINTS).stream().mapToInt(KeptCheckpoints::getCount).min().orElse(0);
    }

    private static String keptCheckpointsWords(ProjectSession session) {
        return session.outputs(Outputs.KEPT_CHECKPOINTS).stream().findFirst()
                .map(k -> "the last " + k.getCount() + " are kept, by " + k.origin())
                .orElse("policy " + session.policy().version() + " keeps none");
    }

    /** Forgets every run and checkpoint (the state is rebuilt). */
    void clear() {
        legacyRun = null;
        runs.clear();
        checkpoints.clear();
        checkpointCount = 0;
    }
}
