package io.conclave.model.command;

import com.fasterxml.jackson.databind.JsonNode;

/** A member saves its own private state in the conversation. */
public record SaveAgentState(String agentId, JsonNode state) implements ConversationCommand {
    public static final String TYPE = "agent_state";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }
}
