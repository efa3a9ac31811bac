package io.conclave.model.sim;

import java.util.Collections;
import java.util.Set;

import io.conclave.model.Task;

/**
 * A call for proposals as the simulated agents of a simulated run see it: the task announced, its
 * complexity and the capability it requires, the call's round, and the invited agents still to answer it
 * ({@link #asks}). Only the simulator inserts it, one call at a time, beside one {@link SimulatedBidder}
 * per agent of the project, so the rules of {@code rules/simulation/bidders.drl}, which all start from
 * it, never fire anywhere else.
 */
public final class SimulatedCall {
    private final String taskId;
    private final double complexity;
    private final String requiredCapability;
    private final int round;
    private final Set<String> asked;

    public SimulatedCall(String taskId, double complexity, String requiredCapability, int round, Set<String> asked) {
        this.taskId = taskId;
        this.complexity = complexity;
        this.requiredCapability = requiredCapability;
        this.round = round;
        this.asked = Collections.unmodifiableSet(asked); // not copied: a call asks a thousand agents
    }

    /** The call of round {@code round} for task {@code t}, to the agents {@code asked}. */
    public static SimulatedCall of(Task t, int round, Set<String> asked) {
        return new SimulatedCall(t.getTaskId(), t.getComplexity(), t.getRequiredCapability(), round, asked);
    }

    /** True when the agent was invited to this call and is still to answer it. */
    public boolean asks(String agentId) {
        return asked.contains(agentId);
    }

    public String getTaskId() { return taskId; }
    public double getComplexity() { return complexity; }
    /** Null when the task requires no capability. */
    public String getRequiredCapability() { return requiredCapability; }
    public int getRound() { return round; }

    @Override
    public String toString() {
        return "call " + round + " for " + taskId + " (complexity " + complexity
                + (requiredCapability == null ? "" : ", requires " + requiredCapability) + ")";
    }
}
