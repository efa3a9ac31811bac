package io.conclave.model.command;

/**
 * A snapshot of the owner's state was taken here: applying this entry rebuilds the owner's session from its
 * state as text (the facts the application owns, in a stable order, then the rules fired), live and on
 * replay alike, so a replay that starts from the stored snapshot and one that starts from the creation reach
 * the same state by the same step. {@code digest}: the SHA-256 of that text, checked on replay. {@code born}: when
 * the owner was created (its first entry's time), which a replay from this snapshot no longer reads; it tells this
 * life of the owner from an earlier one of the same id (null in snapshots taken before it was kept).
 */
public record TakeSnapshot(String digest, java.time.Instant born)
        implements ProjectCommand, MeetingCommand, ConversationCommand {
    public static final String TYPE = "snapshot";

    /** A marker that does not say when its owner was born (a dry run's copy). */
    public TakeSnapshot(String digest) {
        this(digest, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
