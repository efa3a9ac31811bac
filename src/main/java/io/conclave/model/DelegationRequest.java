package io.conclave.model;

/**
 * Command: the agent holding an ASSIGNED task hands it to an agent below it in the reporting lines
 * ({@code POST /api/projects/{id}/tasks/{task_id}/delegate}). The rules of delegation_requests.drl
 * accept it or refuse it with a code, and delete it either way.
 */
public final class DelegationRequest {
    private final String taskId;
    private final String agentId;
    private final String to;

    public DelegationRequest(String taskId, String agentId, String to) {
        this.taskId = taskId;
        this.agentId = agentId;
        this.to = to;
    }

    public String getTaskId() { return taskId; }
    public String getAgentId() { return agentId; }
    public String getTo() { return to; }

    @Override
    public String toString() {
        return "delegation of " + taskId + " by " + agentId + " to " + to;
    }
}
