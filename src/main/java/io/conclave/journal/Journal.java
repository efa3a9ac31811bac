package io.conclave.journal;

import java.io.IOException;
import java.util.List;

import io.conclave.model.command.Command;

/**
 * The append-only journal of one owner (a project, a meeting, a conversation): the truth a restart
 * replays. {@link #append} returns only once the entry is durable. Reading stops at the first damaged
 * entry and says where it is, so an owner is never rebuilt from changed or missing commands.
 *
 * @param <C> the command family of the owner's kind
 */
public interface Journal<C extends Command> extends AutoCloseable {

    /** The entries in order, up to the first damaged one; the damage, if any. */
    Read<C> read() throws IOException;

    /** Appends one entry; returns once it is durable. */
    void append(JournalEntry<C> entry) throws IOException;

    /**
     * Throws (a {@link JournalUnavailable}, nothing written) when an append would be refused now: its store cannot
     * be reached, or the owner is not this process's to write. Asked before a command is applied, so a command that
     * cannot be journaled is refused at once and changes nothing. Files are always writable (a failing disk shows
     * at the append).
     */
    default void writable() throws IOException {
    }

    /** A cheap mark of the journal's length, to see whether another process appended (bytes for a file). */
    long size() throws IOException;

    /**
     * Sets the damaged tail aside: the entries from {@code damage} on are moved to a file of their own
     * (returned, for the operator) and the journal ends with the entry before. Used when an operator
     * accepts the loss to bring a damaged owner back.
     */
    String setAside(Damage damage) throws IOException;

    /** Where the journal is, for messages to operators. */
    String location();

    /**
     * Where a replay starts: the latest good snapshot with the entries from its marker entry on (the marker
     * first), or, when there is none, every entry from the creation ({@link #read}). A snapshot that does not
     * read, or whose marker is not in the journal as it says, is passed over for an older one.
     */
    default Start<C> start() throws IOException {
        return new Start<>(null, read());
    }

    /**
     * The entries as stored, one line each, in order, from where {@link #start} begins: from the creation, or, when
     * the journal no longer holds what came before its snapshot, from the snapshot's marker with the snapshot. What an
     * evidence export carries: the lines the hash chain was computed over. None by default (a scratch journal).
     */
    default Stored stored() throws IOException {
        throw new IOException(location() + " keeps no lines");
    }

    /** A journal's lines as stored, and the snapshot they start from (null when they start with the creation). */
    record Stored(List<String> lines, Snapshot snapshot) {
    }

    /** Keeps the state of the snapshot whose marker entry was just appended; kept nowhere by default. */
    default void saveSnapshot(Snapshot snapshot) throws IOException {
    }

    /** A snapshot: the owner's state as text right after its marker entry {@code seq}, and the text's SHA-256. */
    record Snapshot(long seq, String digest, String state) {
    }

    /** Where a replay starts: a snapshot (or null) and the entries after which it holds, its marker first. */
    record Start<C extends Command>(Snapshot snapshot, Read<C> read) {
    }

    @Override
    void close() throws IOException;

    /** What a read found: the good entries and, when one is damaged, where and why. */
    record Read<C extends Command>(List<JournalEntry<C>> entries, Damage damage) {
        /** The entries, or an {@link IOException} naming the damage. */
        public List<JournalEntry<C>> entriesOrThrow() throws IOException {
            if (damage != null) {
                throw new DamagedJournalException(damage);
            }
            return entries;
        }
    }

    /** A damaged entry: the journal, the entry's number (1 is the first line) and what is wrong with it. */
    record Damage(String location, long entry, String reason) {
        @Override
        public String toString() {
            return location + " entry " + entry + ": " + reason;
        }
    }

    /** Thrown when an owner is read from a damaged journal. */
    final class DamagedJournalException extends IOException {
        private final transient Damage damage;

        public DamagedJournalException(Damage damage) {
            super("damaged journal: " + damage);
            this.damage = damage;
        }

        public Damage damage() {
            return damage;
        }
    }
}
