package io.conclave.journal;

import java.io.IOException;

/**
 * A journal that could not take an entry, and what became of the entry: {@link Fate#NOT_WRITTEN} when nothing of it
 * is or will ever be in the journal (sending the command again is safe), {@link Fate#UNKNOWN} when the store did
 * not say whether it kept it (the owner's state, read once it is served again, tells). {@code code} names the cause
 * for clients; {@code retryAfterSeconds} when a retry may succeed.
 */
public final class JournalUnavailable extends IOException {
    /** What became of the entry. */
    public enum Fate { NOT_WRITTEN, UNKNOWN }

    private final Fate fate;
    private final String code;
    private final int retryAfterSeconds;

    private JournalUnavailable(Fate fate, String code, int retryAfterSeconds, String message) {
        super(message);
        this.fate = fate;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Nothing of the entry is or will be in the journal. */
    public static JournalUnavailable notWritten(String code, int retryAfterSeconds, String message) {
        return new JournalUnavailable(Fate.NOT_WRITTEN, code, retryAfterSeconds, message);
    }

    /** The entry may or may not be in the journal. */
    public static JournalUnavailable unknown(String code, String message) {
        return new JournalUnavailable(Fate.UNKNOWN, code, 2, message);
    }

    public Fate fate() {
        return fate;
    }

    public String code() {
        return code;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
