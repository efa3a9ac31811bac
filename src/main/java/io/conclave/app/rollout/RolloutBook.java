package io.conclave.app.rollout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.conclave.journal.RolloutLog;
import io.conclave.journal.RolloutRecord;
import io.conclave.model.CommandException;

/**
 * Every roll-out, rebuilt from the roll-out log and kept in step with it: a record is forced to disk first, then
 * applied. Callers change roll-outs while holding this book's lock ({@code synchronized (book)}); which roll-out
 * holds a project is also kept apart, readable without the lock (a command's observer asks it for every command).
 */
final class RolloutBook {
    private final RolloutLog log;
    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();
    /** Project id to the running roll-out it is a canary of. */
    private final Map<String, String> holders = new ConcurrentHashMap<>();

    RolloutBook(RolloutLog log) {
        this.log = log;
    }

    /** Reads the log again from its start. */
    synchronized void load() throws IOException {
        rollouts.clear();
        holders.clear();
        for (RolloutRecord r : log.read()) {
            apply(r);
        }
    }

    /** Writes {@code r} to the log (forced to disk), then applies it; 503 when the disk refuses. */
    synchronized Rollout record(RolloutRecord r) {
        try {
            log.append(r);
        } catch (IOException e) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "rollout_log_write_failed",
                    "could not write the roll-out log: " + e.getMessage());
        }
        return apply(r);
    }

    private Rollout apply(RolloutRecord r) {
        Rollout rollout;
        if (RolloutRecord.STARTED.equals(r.event())) {
            rollout = Rollout.started(r);
            rollouts.put(rollout.id, rollout);
        } else {
            rollout = rollouts.get(r.rollout());
            if (rollout == null) {
                return null; // a line about a roll-out whose start was torn: it never answered
            }
            rollout.apply(r);
        }
        holders.values().removeIf(rollout.id::equals);
        if (rollout.running()) {
            rollout.present().forEach(c -> holders.put(c.projectId, rollout.id));
        }
        return rollout;
    }

    /** The running roll-out a project is a canary of, read without the lock. */
    Optional<String> holder(String projectId) {
        return Optional.ofNullable(holders.get(projectId));
    }

    synchronized Optional<Rollout> running() {
        return rollouts.values().stream().filter(Rollout::running).findFirst();
    }

    /** A roll-out by id; 404 when there is none. */
    synchronized Rollout get(String id) {
        Rollout r = rollouts.get(id);
        if (r == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "rollout_not_found", "no roll-out '" + id
                    + "' (GET /api/rollouts lists them)");
        }
        return r;
    }

    /** Every roll-out, newest first. */
    synchronized List<Rollout> all() {
        List<Rollout> out = new ArrayList<>(rollouts.values());
        java.util.Collections.reverse(out);
        return out;
    }

    /** The id the next roll-out gets: rollout-1, rollout-2... in the order they started. */
    synchronized String nextId() {
        return "rollout-" + (rollouts.size() + 1);
    }
}
