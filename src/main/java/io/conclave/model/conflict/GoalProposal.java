package io.conclave.model.conflict;

import io.conclave.model.Fact;

/** One agent's proposal in a goal conflict; agents proposing the same option text support that option. */
public final class GoalProposal implements Fact {
    private final String conflictId;
    private final String agentId;
    private final String option;
    private final String rationale;
    private final int order;

    /** {@code order}: 1 for the proposal that opened the conflict, then 2, 3... as they arrived. */
    public GoalProposal(String conflictId, String agentId, String option, String rationale, int order) {
        this.conflictId = conflictId;
        this.agentId = agentId;
        this.option = option;
        this.rationale = rationale;
        this.order = order;
    }

    public String getConflictId() { return conflictId; }
    public String getAgentId() { return agentId; }
    public String getOption() { return option; }
    public String getRationale() { return rationale; }
    public int getOrder() { return order; }

    @Override
    public String factKey() {
        return conflictId + "\u0000" + String.format("%06d", order);
    }

    @Override
    public String describe() {
        return "goal proposal #" + order + " of " + agentId + " in " + conflictId + ": '" + option + "'";
    }
}
