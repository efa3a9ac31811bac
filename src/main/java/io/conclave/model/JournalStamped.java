package io.conclave.model;

import java.time.Instant;

/**
 * A command fact that carries where it sits in the project journal: its sequence number, who asked
 * and when. The decoder stamps it from the journal entry, so a live command and its replay carry the
 * same stamp.
 */
public interface JournalStamped {
    void stamp(long seq, String actor, Instant at);
}
