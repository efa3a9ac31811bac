package io.conclave.model.command;

import java.util.List;

import io.conclave.model.conversation.AgentRole;

/**
 * An agent joins a conversation in a role; the membership rules accept or refuse. {@code capabilities} are the
 * agent's own (the conversation design's {@code AgentConfig.capabilities}), checked against its role's; null when
 * the agent states none (journals written before hold none).
 */
public record JoinConversation(@SafeId String agentId, AgentRole role, List<String> capabilities)
        implements ConversationCommand {
    /** A join without the agent's own capabilities. */
    public JoinConversation(String agentId, AgentRole role) {
        this(agentId, role, null);
    }

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
