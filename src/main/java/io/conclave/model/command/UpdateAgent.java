package io.conclave.model.command;

import io.conclave.model.ProjectSpec;

/**
 * The operator replaces an agent's definition (skills, preferences, capacity, capabilities, manager...): its
 * open work stays with it.
 */
public record UpdateAgent(@SafeId String agentId, ProjectSpec.AgentSpec definition) implements ProjectCommand {
    public static final String TYPE = "agent_update";

    @Override
    public String type() {
        return TYPE;
    }
}
