package io.conclave.model.command;

import io.conclave.model.ProjectSpec;

/** The operator adds an agent to a loaded project, defined as the project file defines its agents. */
public record RegisterAgent(ProjectSpec.AgentSpec definition) implements ProjectCommand {
    public static final String TYPE = "agent_register";

    @Override
    public String type() {
        return TYPE;
    }

}
