package io.conclave.model.command;

/**
 * A snapshot of the owner's state was taken here: applying this entry rebuilds the owner's session from its
 * state as text (the facts the application owns, in a stable order, then the rules fired), live and on
 * replay alike, so a replay that starts from the stored snapshot and one that starts from the creation reach
 * the same state by the same step. {@code digest}: the SHA-256 of that text, checked on replay.
 */
public record TakeSnapshot(String digest) implements ProjectCommand, MeetingCommand, ConversationCommand {
    public static final String TYPE = "snapshot";

    @Override
    public String type() {
        return TYPE;
    }
}
