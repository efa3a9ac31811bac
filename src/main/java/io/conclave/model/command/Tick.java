package io.conclave.model.command;

/**
 * Time passed and the rules acted on it (a bid deadline, a meeting's time limit, a conversation's
 * timeout); journaled only when it changed something. Its time is the entry's.
 */
public record Tick() implements ProjectCommand, MeetingCommand, ConversationCommand {
    public static final String TYPE = "tick";

    @Override
    public String type() {
        return TYPE;
    }
}
