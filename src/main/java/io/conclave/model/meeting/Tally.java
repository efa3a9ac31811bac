package io.conclave.model.meeting;

/**
 * The count of the votes on one proposal among the active participants when the vote closed, and the
 * yes votes the meeting's threshold required (computed by the policy).
 */
public record Tally(String proposalId, int yes, int no, int abstain, int notVoted, int active, int required) {

    /** True when the proposal reached its threshold; a meeting without active participants passes nothing. */
    public boolean isPassed() {
        return active > 0 && yes >= required;
    }

    public String describe() {
        return "tally of " + proposalId + ": " + yes + " yes, " + no + " no, " + abstain + " abstain, " + notVoted
                + " not voted of " + active + " active; " + required + " yes required";
    }
}
