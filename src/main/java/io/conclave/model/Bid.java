package io.conclave.model;

/**
 * An agent's answer to a call for proposals, as posted to the rules: a cost (with an optional
 * confidence, 0..1) or a decline. The contract-net rules record it on the task's {@link Announcement}
 * or refuse it (not invited, already answered, no open call).
 */
public final class Bid implements CommandFact {
    private final String taskId;
    private final String agentId;
    private final Double cost;
    private final Double confidence;
    private final boolean decline;
    private final CharSequence basis;

    public Bid(String taskId, String agentId, Double cost, Double confidence, boolean decline) {
        this(taskId, agentId, cost, confidence, decline, null);
    }

    private Bid(String taskId, String agentId, Double cost, Double confidence, boolean decline, CharSequence basis) {
        this.taskId = taskId;
        this.agentId = agentId;
        this.cost = cost;
        this.confidence = confidence;
        this.decline = decline;
        this.basis = basis;
    }

    public static Bid offer(String taskId, String agentId, double cost, Double confidence) {
        return new Bid(taskId, agentId, cost, confidence, false);
    }

    public static Bid declined(String taskId, String agentId) {
        return new Bid(taskId, agentId, null, null, true);
    }

    public String getTaskId() { return taskId; }
    public String getAgentId() { return agentId; }
    /** Null for a decline. */
    public Double getCost() { return cost; }
    /** Null when not given (ranks below any stated confidence). */
    public Double getConfidence() { return confidence; }
    public boolean isDecline() { return decline; }
    /** What the answer rests on, in words (a simulated agent's, from the rule that decided it); null when not said. */
    public String getBasis() { return basis == null ? null : basis.toString(); }

    /** The same answer with what it rests on, in words (words made when first read are read then, not now). */
    public Bid because(CharSequence why) {
        return new Bid(taskId, agentId, cost, confidence, decline, why);
    }

    @Override
    public String toString() {
        return (decline ? "decline of " + agentId + " on " + taskId
                : "bid of " + agentId + " on " + taskId + " (cost " + cost + (confidence == null ? "" : ", confidence " + confidence) + ")")
                + (basis == null ? "" : ": " + basis);
    }
}
