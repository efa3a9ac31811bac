package io.conclave.engine.owner;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.conclave.model.CommandException;

/**
 * The keys of the follow-ups an owner's journal holds. A follow-up is a command one owner's workflow sends to
 * another (a project's meeting task creates its meeting; the closed meeting reports its outcome to the project);
 * delivery is at least once (a retry after a timeout, a resend by the node that took the sender over), so each
 * carries a key derived from the decision that caused it, journaled with its entry. An owner refuses a key its
 * journal holds already ({@code follow_up_applied}), so a follow-up is applied once. The keys are rebuilt by a
 * replay (and kept in a project's snapshot).
 */
public final class FollowUpKeys {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private final Set<String> seen = new LinkedHashSet<>();

    /**
     * Runs {@code action} (one command of one owner on this thread) as the follow-up {@code key}: the command's
     * journal entry carries the key, and it is refused if its owner holds the key already.
     */
    public static <T> T keyed(String key, Supplier<T> action) {
        PENDING.set(key);
        try {
            return action.get();
        } finally {
            PENDING.remove();
        }
    }

    /** The key of the command about to run on this thread, once (null: not a follow-up). */
    static String take() {
        String key = PENDING.get();
        PENDING.remove();
        return key;
    }

    /** Refuses a follow-up whose key the owner holds already. */
    void refuseSeen(String key, String owner) {
        if (key != null && seen.contains(key)) {
            throw new CommandException(CommandException.Kind.CONFLICT, APPLIED,
                    owner + " applied follow-up " + key + " already");
        }
    }

    /** The error code of a follow-up sent again. */
    public static final String APPLIED = "follow_up_applied";

    boolean holds(String key) {
        return seen.contains(key);
    }

    void add(String key) {
        if (key != null) {
            seen.add(key);
        }
    }

    void clear() {
        seen.clear();
    }

    /** Every key held, in journal order (a snapshot keeps them). */
    List<String> all() {
        return List.copyOf(seen);
    }
}
