package io.conclave.model.command;

/** An agent joins a meeting; the participation rules accept or refuse. */
public record JoinMeeting(@SafeId String agentId) implements MeetingCommand {
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
