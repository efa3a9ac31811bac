package io.conclave.model.command;

import jakarta.validation.constraints.Size;

/**
 * The operator retires an agent from a project: the rules decide what becomes of its open work
 * (rules/assignment/members.drl) and take it off the roster.
 */
public record RetireAgent(@SafeId(optional = true) String agentId,
                          @Size(max = 500, message = "is {max} characters at most") String reason)
        implements ProjectCommand {
    public static final String TYPE = "agent_retire";

    @Override
    public String type() {
        return TYPE;
    }
}
