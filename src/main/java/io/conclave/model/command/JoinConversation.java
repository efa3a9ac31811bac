package io.conclave.model.command;

import io.conclave.model.conversation.AgentRole;

/** An agent joins a conversation in a role; the membership rules accept or refuse. */
public record JoinConversation(@SafeId String agentId, AgentRole role) implements ConversationCommand {
    public static final String TYPE = "join";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }
}
