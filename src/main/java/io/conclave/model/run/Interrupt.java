package io.conclave.model.run;

import java.time.Instant;

import io.conclave.model.JournalStamped;
import io.conclave.model.CommandFact;
import io.conclave.model.ProjectSpec;

/**
 * Command: a CEO interrupt ({@code POST /api/projects/{id}/interrupts}): pause, resume, skip,
 * reprioritise, add_task or status. Journaled as {@code interrupt}; the rules of oversight.drl and
 * oversight_tasks.drl apply it (at salience above every other rule) and record it in the
 * {@link InterruptLog}, or refuse it with a code, and delete it either way.
 */
public final class Interrupt implements CommandFact, JournalStamped {
    public static final java.util.List<String> ACTIONS =
            java.util.List.of("pause", "resume", "skip", "reprioritise", "add_task", "status");

    private final String action;
    private String taskId;
    private final int priority;
    private final ProjectSpec.TaskSpec task;
    private final String reason;
    private boolean current;
    private long seq;
    private String requestedBy;
    private Instant requestedAt;

    /** {@code priority}: 0 when the action takes none; {@code task}: the new task of add_task, else null. */
    public Interrupt(String action, String taskId, int priority, ProjectSpec.TaskSpec task, String reason) {
        this.action = action;
        this.taskId = taskId;
        this.priority = priority;
        this.task = task;
        this.reason = reason;
    }

    @Override
    public void stamp(long seq, String actor, Instant at) {
        this.seq = seq;
        this.requestedBy = actor;
        this.requestedAt = at;
    }

    public String getAction() { return action; }
    /** The task it names; for add_task the new task's id; null for a skip of "the current task" until the rules name it. */
    public String getTaskId() { return taskId; }
    public int getPriority() { return priority; }
    public ProjectSpec.TaskSpec getTask() { return task; }
    /** The CEO's words, if any. */
    public String getReason() { return reason; }
    public long getSeq() { return seq; }
    public String getRequestedBy() { return requestedBy; }
    public Instant getRequestedAt() { return requestedAt; }
    /** True when a skip named no task and the rules took the task in progress. */
    public boolean isCurrent() { return current; }

    /** A skip without a task id: the rules name the task in progress. */
    public void target(String currentTaskId) {
        this.taskId = currentTaskId;
        this.current = true;
    }

    /** "by ceo" or "by ceo: budget review", for reasons in the ledger. */
    public String by() {
        return "by " + requestedBy + (reason == null ? "" : ": " + reason);
    }

    @Override
    public String toString() {
        return "interrupt " + action + (taskId == null ? "" : " of " + taskId) + " by " + requestedBy;
    }
}
