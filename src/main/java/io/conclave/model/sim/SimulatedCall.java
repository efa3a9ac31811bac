package io.conclave.model.sim;

import io.conclave.model.Task;

/**
 * A call for proposals as the simulated agents of a simulated run see it: the task announced, its
 * complexity and the capability it requires, and the call's round. Only the simulator inserts it, with
 * one {@link SimulatedBidder} per invited agent still to answer, so the rules of
 * {@code rules/simulation/bidders.drl}, which all start from it, never fire anywhere else.
 */
public final class SimulatedCall {
    private final String taskId;
    private final double complexity;
    private final String requiredCapability;
    private final int round;

    public SimulatedCall(String taskId, double complexity, String requiredCapability, int round) {
        this.taskId = taskId;
        this.complexity = complexity;
        this.requiredCapability = requiredCapability;
        this.round = round;
    }

    /** The call of round {@code round} for task {@code t}. */
    public static SimulatedCall of(Task t, int round) {
        return new SimulatedCall(t.getTaskId(), t.getComplexity(), t.getRequiredCapability(), round);
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
