package io.conclave.model.meeting;

/**
 * The count of the votes on one proposal when the vote closed, and the yes votes the meeting's
 * threshold required (computed by the policy). Under majority, two thirds and unanimity
 * {@code active} counts the active participants and {@code faultTolerance} is null; under bft
 * (rules/meetings/consensus.drl) {@code active} is n, the agents the proposal was put to (every invited
 * participant but its proposer), {@code faultTolerance} is f and {@code required} is n - f.
 */
public record Tally(String proposalId, int yes, int no, int abstain, int notVoted, int active, int required,
                    Integer faultTolerance) implements io.conclave.model.Described {

    /** A count under a threshold without fault tolerance. */
    public Tally(String proposalId, int yes, int no, int abstain, int notVoted, int active, int required) {
        this(proposalId, yes, no, abstain, notVoted, active, required, null);
    }

    /** True when the proposal reached its threshold; a meeting without active participants passes nothing. */
    public boolean isPassed() {
        return active > 0 && yes >= required;
    }

    @Override
    public String describe() {
        if (faultTolerance != null) {
            return "tally of " + proposalId + ": " + yes + " accept, " + no + " no, " + abstain + " abstain, " + notVoted
                    + " not voted of n = " + active + " voters, f = " + faultTolerance + "; " + required
                    + " accepts required (n - f)";
        }
        return "tally of " + proposalId + ": " + yes + " yes, " + no + " no, " + abstain + " abstain, " + notVoted
                + " not voted of " + active + " active; " + required + " yes required";
    }
}
