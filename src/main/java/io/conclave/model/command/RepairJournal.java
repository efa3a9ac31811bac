package io.conclave.model.command;

/**
 * An operator accepted the loss of a damaged journal's tail: the entries from {@code damagedEntry} on
 * (where the journal was found damaged, and why) were set aside, and the owner goes on from the entries
 * before. Journaled first after the kept entries, so the repair is part of the owner's history.
 */
public record RepairJournal(long damagedEntry, String reason, int setAside, String keptIn)
        implements ProjectCommand, MeetingCommand, ConversationCommand {
    public static final String TYPE = "repair";

    @Override
    public String type() {
        return TYPE;
    }
}
