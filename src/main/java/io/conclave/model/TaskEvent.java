package io.conclave.model;

import com.fasterxml.jackson.databind.JsonNode;

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
    private final JsonNode result;

    public TaskEvent(Kind kind, String taskId, String agentId) {
        this(kind, taskId, agentId, null);
    }

    /** A report carrying what the agent produced ({@code result}: any JSON, null when none; kept on completion). */
    public TaskEvent(Kind kind, String taskId, String agentId, JsonNode result) {
        this.kind = kind;
        this.taskId = taskId;
        this.agentId = agentId;
        this.result = result == null || result.isNull() ? null : result;
    }

    public Kind getKind() { return kind; }
    public String getTaskId() { return taskId; }
    public String getAgentId() { return agentId; }
    public JsonNode getResult() { return result; }

    @Override
    public String toString() {
        return "event " + kind + " " + taskId + " by " + agentId;
    }
}
