package io.conclave.model;

/**
 * Something an agent reported about a task (start, complete, fail). Inserted by the engine for one
 * command; the workflow rules turn it into a status change and delete it.
 */
public final class TaskEvent {
    /** What happened. */
    public enum Kind { START, COMPLETE, FAIL }

    private final Kind kind;
    private final String taskId;
    private final String agentId;

    public TaskEvent(Kind kind, String taskId, String agentId) {
        this.kind = kind;
        this.taskId = taskId;
        this.agentId = agentId;
    }

    public Kind getKind() { return kind; }
    public String getTaskId() { return taskId; }
    public String getAgentId() { return agentId; }

    @Override
    public String toString() {
        return "event " + kind + " " + taskId + " by " + agentId;
    }
}
