package io.conclave.model;

/**
 * An agent whose capacity was given back during the current command: the next serving queue offers it
 * the waiting tasks in serving order ({@link WaitingLine}). Inserted by a rule on a {@link Wakeup}, taken
 * out by the rule that builds the queue.
 */
public final class FreedAgent {
    private final String agentId;

    public FreedAgent(String agentId) {
        this.agentId = agentId;
    }

    public String getAgentId() { return agentId; }

    @Override
    public String toString() {
        return "freed agent " + agentId;
    }
}
