package io.conclave.model.command;

import com.fasterxml.jackson.databind.JsonNode;

/** A member writes a key of the shared context if it is still at {@code expectedVersion} (0: a new key). */
public record WriteContext(String agentId, String key, long expectedVersion, JsonNode value)
        implements ConversationCommand {
    public static final String TYPE = "context";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }
}
