package io.conclave.model;

/**
 * A signal that waiting tasks deserve another look: an agent's capacity was freed ({@code agentId}
 * names it), or the policy changed ({@code agentId} is null: every waiting task is looked at).
 */
public final class Wakeup {
    private final String agentId;
    private final String reason;

    public Wakeup(String agentId, String reason) {
        this.agentId = agentId;
        this.reason = reason;
    }

    public String getAgentId() { return agentId; }
    public String getReason() { return reason; }

    @Override
    public String toString() {
        return "wakeup (" + reason + ")";
    }
}
