package io.conclave.model.command;

/** An agent leaves a meeting or a conversation. */
public record Leave(@SafeId String agentId) implements MeetingCommand, ConversationCommand {
    public static final String TYPE = "leave";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }
}
