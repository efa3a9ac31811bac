package io.conclave.model;

/**
 * A command of a simulated (or real) time-sliced agent: "I am free at this hour, what do I work on
 * next?". The rules of time_slicing.drl answer with an {@link ExecutionWindow} and consume it.
 */
public final class AgentFree {
    private final String agentId;
    private final double atHour;

    public AgentFree(String agentId, double atHour) {
        this.agentId = agentId;
        this.atHour = atHour;
    }

    public String getAgentId() { return agentId; }
    /** Hours of the session clock since the project started. */
    public double getAtHour() { return atHour; }

    @Override
    public String toString() {
        return "agent " + agentId + " free at hour " + atHour;
    }
}
