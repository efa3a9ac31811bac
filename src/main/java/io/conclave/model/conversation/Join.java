package io.conclave.model.conversation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.conclave.model.Problem;
import io.conclave.model.command.Checked;
import io.conclave.model.command.SafeId;
import io.conclave.model.command.Text;

/**
 * The body of a join: the agent, its role, and its own capabilities (the conversation design's AgentConfig, which
 * the membership rules check against the role's; null when it states none).
 */
public record Join(@SafeId String agentId,
                   @NotNull(message = "is required: \\{ name, description?, capabilities?, priority? \\}")
                   @Valid RoleBody role,
                   List<String> capabilities) implements Checked {

    /** The role as the client writes it ({@link AgentRole}): no capabilities and priority 0 when absent. */
    public record RoleBody(@Text(max = 128, required = true) String name, @Text(max = 2000) String description,
                           List<String> capabilities, @WholeNumber(min = -1000, max = 1000) BigInteger priority) {
    }

    /** The role a valid request takes. */
    public AgentRole agentRole() {
        return new AgentRole(role.name(), role.description(), role.capabilities() == null ? List.of() : role.capabilities(),
                role.priority() == null ? 0 : role.priority().intValue());
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        if (role != null) {
            Names.check(role.capabilities(), "$.role.capabilities", 128, problems);
        }
        Names.check(capabilities, "$.capabilities", 128, problems);
        return problems;
    }
}
