package io.conclave.model.command;

import jakarta.validation.constraints.Size;

import io.conclave.model.members.AssigneeProposal;

/**
 * An agent proposes who should do a task ({@code assignee}, with its {@code rationale}); the rules accept the
 * proposal or overrule it with the reason (rules/assignment/proposals.drl).
 */
public record ProposeAssignee(@SafeId(optional = true) String taskId, @SafeId String agentId, @SafeId String assignee,
                              @Size(max = 1000, message = "is {max} characters at most") String rationale)
        implements ProjectCommand {
    public static final String TYPE = "assignee_proposal";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    /** The fact the proposal rules decide on. */
    public AssigneeProposal toFact() {
        return new AssigneeProposal(taskId, agentId, assignee, rationale);
    }
}
