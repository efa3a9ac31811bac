package io.conclave.engine;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.ProjectJournal;
import io.conclave.model.ServiceEvent;

/**
 * What the owners of a session and a journal (a project, a meeting, a conversation) share: one
 * writer at a time under a fair lock, journal entries applied by one method whether live, caught up
 * or replayed, a failed command rolled back by replaying the journal (which never saw it), and the
 * move to a newly activated policy, given up for a version under which the owner fails.
 *
 * @param <A> what applying one entry gives back to the command that caused it
 */
abstract class JournaledRuntime<A> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JournaledRuntime.class);

    /** "project x", "meeting y", "conversation z": how messages name this owner. */
    protected final String owner;
    protected final PolicySource policies;
    protected final int maxFirings;
    protected final Clock wallClock;
    protected final Consumer<ServiceEvent> events;
    protected final ReentrantLock lock = new ReentrantLock(true);
    protected long nextSeq = 1;
    /** When the last journaled entry was accepted: the next one is never earlier, whatever the clock says. */
    protected Instant lastAt = Instant.EPOCH;
    protected boolean closed;
    private String refusedVersion;

    JournaledRuntime(String owner, PolicySource policies, int maxFirings, Clock wallClock,
                     Consumer<ServiceEvent> events) {
        this.owner = owner;
        this.policies = policies;
        this.maxFirings = maxFirings;
        this.wallClock = wallClock;
        this.events = events;
    }

    /** Applies one journal entry to the session; the same code serves live commands and replay. */
    protected abstract A apply(JournalEntry entry);

    /** Rebuilds the whole state from the journal. */
    protected abstract void replay() throws IOException;

    /** The policy version the session runs. */
    protected abstract String runningVersion();

    /** Journals an applied entry (forced to disk), then publishes what it did; rolls back and answers 503 if the disk fails. */
    protected abstract void commit(JournalEntry entry, A applied);

    /** The time of the next entry: the wall clock, never before the last journaled entry (another process's clock may run ahead). */
    protected final Instant now() {
        Instant wall = wallClock.instant();
        return wall.isBefore(lastAt) ? lastAt : wall;
    }

    /**
     * Moves the session to the active policy if it runs another one, journaled like any command. A
     * version under which this owner fails is logged and not tried again until another is activated.
     */
    protected final void switchIfBehind() {
        Policy active = policies.active();
        if (active == null || runningVersion().equals(active.version()) || active.version().equals(refusedVersion)) {
            return;
        }
        JournalEntry entry = new JournalEntry(nextSeq, JournalEntry.POLICY_SWITCH,
                active.activatedBy() == null ? "operator" : active.activatedBy(), active.version(), now(),
                JsonNodeFactory.instance.objectNode().put("version", active.version()));
        try {
            commit(entry, applyOrRollBack(entry));
        } catch (RuntimeException e) {
            refusedVersion = active.version();
            LOG.errorf("%s stays on policy %s: %s", owner, runningVersion(), e.getMessage());
        }
    }

    /** The active policy, or 503 when no valid policy is active (nothing can be created then). */
    static Policy activeOrUnavailable(PolicySource policies) {
        Policy p = policies.active();
        if (p == null) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "no_policy",
                    "no valid policy is active: fix the rule files (see GET /api/rules)");
        }
        return p;
    }

    /** Applies an entry; if that fails having changed the session, rolls the session back before rethrowing. */
    protected final A applyOrRollBack(JournalEntry entry) {
        if (JournalEntry.CREATE.equals(entry.type())) {
            return apply(entry); // nothing to roll back: the owner does not exist yet
        }
        try {
            return apply(entry);
        } catch (EngineException e) {
            if (!e.stateUntouched()) {
                rollBack();
            }
            throw e;
        } catch (RuntimeException e) {
            rollBack();
            throw e;
        }
    }

    protected final void rollBack() {
        try {
            replay();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "%s could not be rebuilt from its journal", owner);
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "replay_failed",
                    owner + " could not be rebuilt from its journal: " + e.getMessage());
        }
    }

    /** Every entry of the journal, which must start with the creation. */
    protected final List<JournalEntry> entries(ProjectJournal journal) throws IOException {
        List<JournalEntry> entries = journal.readAll();
        if (entries.isEmpty() || !JournalEntry.CREATE.equals(entries.get(0).type())) {
            throw new IOException("journal of " + owner + " does not start with a create entry");
        }
        return entries;
    }

    protected final void checkOpen(String code, String gone) {
        if (closed) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, code, gone);
        }
    }
}
