package io.conclave.model.members;

import io.conclave.model.CommandFact;

/**
 * Command: an agent (or an LLM through it) proposes who should do a task
 * ({@code POST /api/projects/{id}/tasks/{task_id}/proposals}). rules/assignment/proposals.drl takes it (to
 * decide when the task is ready) or refuses it with a reason; the decision is theirs, never the proposer's.
 */
public final class AssigneeProposal implements CommandFact {
    private final String taskId;
    private final String proposer;
    private final String assignee;
    private final String rationale;

    public AssigneeProposal(String taskId, String proposer, String assignee, String rationale) {
        this.taskId = taskId;
        this.proposer = proposer;
        this.assignee = assignee;
        this.rationale = rationale;
    }

    public String getTaskId() { return taskId; }
    public String getProposer() { return proposer; }
    public String getAssignee() { return assignee; }
    /** Why the proposer thinks so (an LLM's words), or null. */
    public String getRationale() { return rationale; }

    @Override
    public String toString() {
        return "proposal by " + proposer + ": " + assignee + " for task " + taskId;
    }
}
