package io.conclave.model.members;

import io.conclave.model.Fact;

/**
 * A proposal the rules took and keep until its task is served: then they accept it (the task goes to the
 * proposed agent) or overrule it, with the reason (rules/assignment/proposals.drl). One per task: a newer
 * proposal replaces it.
 */
public final class KeptProposal implements Fact {
    private final String taskId;
    private final String proposer;
    private final String assignee;
    private final String rationale;

    public KeptProposal(AssigneeProposal p) {
        this.taskId = p.getTaskId();
        this.proposer = p.getProposer();
        this.assignee = p.getAssignee();
        this.rationale = p.getRationale();
    }

    public String getTaskId() { return taskId; }
    public String getProposer() { return proposer; }
    public String getAssignee() { return assignee; }
    public String getRationale() { return rationale; }

    /** "proposed by ann (she built the prototype)": how the ledger quotes it. */
    public String words() {
        return "proposed by " + proposer + (rationale == null || rationale.isBlank() ? "" : " (" + rationale + ")");
    }

    @Override
    public String factKey() {
        return taskId;
    }

    @Override
    public String describe() {
        return "proposal of " + assignee + " for task " + taskId + " by " + proposer;
    }
}
