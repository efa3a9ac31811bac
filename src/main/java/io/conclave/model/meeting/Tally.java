package io.conclave.model.meeting;

/**
 * The count of the votes on one proposal when the vote closed, and the yes votes the meeting's
 * threshold required (computed by the policy). Under majority, two thirds and unanimity
 * {@code active} counts the active participants and {@code faultTolerance} is null; under bft
 * (rules/meetings/consensus.drl) {@code active} is n, the agents the proposal was put to (every invited
 * participant but its proposer), {@code faultTolerance} is f and {@code required} is n - f. When the policy counts
 * the proposer among the n agents ({@link BftCount}, the coordination-patterns chapter's count), {@code active}
 * is the voters and the proposer, {@code proposerCounted} is true, and {@code notVoted} counts voters only (the
 * proposer never votes on its own proposal); {@code proposerCounted} is null otherwise (and absent from JSON).
 */
public record Tally(String proposalId, int yes, int no, int abstain, int notVoted, int active, int required,
                    Integer faultTolerance,
                    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    Boolean proposerCounted) implements io.conclave.model.Described {

    /** A count under bft with n the voters (or any threshold, with {@code faultTolerance} null). */
    public Tally(String proposalId, int yes, int no, int abstain, int notVoted, int active, int required,
                 Integer faultTolerance) {
        this(proposalId, yes, no, abstain, notVoted, active, required, faultTolerance, null);
    }

    /** A count under a threshold without fault tolerance. */
    public Tally(String proposalId, int yes, int no, int abstain, int notVoted, int active, int required) {
        this(proposalId, yes, no, abstain, notVoted, active, required, null, null);
    }

    /** True when the proposal reached its threshold; a meeting without active participants passes nothing. */
    public boolean isPassed() {
        return active > 0 && yes >= required;
    }

    @Override
    public String describe() {
        if (faultTolerance != null && Boolean.TRUE.equals(proposerCounted)) {
            return "tally of " + proposalId + ": " + yes + " accept, " + no + " no, " + abstain + " abstain, " + notVoted
                    + " not voted of the " + (active - 1) + " voters; n = " + active + " agents counting the proposer, f = "
                    + faultTolerance + "; " + required + " accepts required (n - f)";
        }
        if (faultTolerance != null) {
            return "tally of " + proposalId + ": " + yes + " accept, " + no + " no, " + abstain + " abstain, " + notVoted
                    + " not voted of n = " + active + " voters, f = " + faultTolerance + "; " + required
                    + " accepts required (n - f)";
        }
        return "tally of " + proposalId + ": " + yes + " yes, " + no + " no, " + abstain + " abstain, " + notVoted
                + " not voted of " + active + " active; " + required + " yes required";
    }
}
