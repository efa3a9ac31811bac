package io.conclave.engine.owner;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.conclave.engine.budget.Budget;
import io.conclave.engine.budget.BudgetExceeded;
import io.conclave.engine.budget.Limits;

import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.ServiceEvent;
import io.conclave.model.command.Command;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;

/**
 * One owner of a session and a journal: a project, a meeting or a conversation. What they share lives
 * here, once: one writer at a time under a fair lock; every command applied by the one method that also
 * serves replay, journaled and forced to disk, and only then answered and published; a command that
 * fails half way rolled back by replaying the journal (which never saw it); time limits that act only
 * when they change something; and the move to a newly activated policy, given up for a version under
 * which the owner fails. Each kind of owner says how it applies its commands and what it publishes.
 *
 * @param <C> the owner's command family
 * @param <A> what applying one entry gives back: the answer to the command and what to publish
 */
public abstract class JournaledRuntime<C extends Command, A> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JournaledRuntime.class);
    /** How many times a command's wall time one replayed entry may take: a start replays every owner at once. */
    private static final int REPLAY_SLACK = 2;
    /** The actor of the entries the service writes by itself: time limits and policy switches without an author. */
    public static final String SERVICE_ACTOR = "conclave";

    /**
     * What every runtime of an engine is given: the policies, the firing cap, the wall clock, where events go,
     * and who is told of every command handled (metrics).
     */
    public record Setting(PolicySource policies, int maxFirings, Clock wallClock, Consumer<ServiceEvent> events,
                          CommandObserver observer, int snapshotEvery) {
        public Setting(PolicySource policies, int maxFirings, Clock wallClock, Consumer<ServiceEvent> events) {
            this(policies, maxFirings, wallClock, events, done -> { });
        }

        /** Without snapshots. */
        public Setting(PolicySource policies, int maxFirings, Clock wallClock, Consumer<ServiceEvent> events,
                       CommandObserver observer) {
            this(policies, maxFirings, wallClock, events, observer, 0);
        }

        /** The same, with a snapshot after every {@code every} entries (0: never). */
        public Setting withSnapshots(int every) {
            return new Setting(policies, maxFirings, wallClock, events, observer, every);
        }
    }

    /** Told of every command a runtime handled, whatever became of it. */
    @FunctionalInterface
    public interface CommandObserver {
        /**
         * {@code outcome}: accepted (journaled), invalid (400), refused (403, 404 or 409 by the rules or the
         * state), policy (422: a rule loop cut off, no rule decided), unavailable (503), failed (anything else).
         */
        void commandDone(Done done);
    }

    /**
     * One command handled: the owner (kind and id), the command type, what became of it, how long it took
     * (wall time from waiting for the owner's lock to the answer, ending at {@code endMillis}), the rule
     * firings it caused, the policy version it ran under and the chapters whose rules fired.
     */
    public record Done(String kind, String id, String type, String outcome, long nanos, long endMillis, long firings,
                       String policyVersion, java.util.Set<String> chapters) {
    }

    /** "project", "meeting" or "conversation". */
    protected final String kind;
    protected final String id;
    protected final Journal<C> journal;
    public final Setting setting;
    /**
     * Commands, ticks and switches hold the write lock ({@link #lock}); reads of a kind whose reads share
     * ({@link #readsShare}) hold the read lock, so readers never wait for one another, only for a command.
     */
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock(true);
    /** One writer at a time: every command, tick and policy switch. */
    protected final Lock lock = rw.writeLock();
    /** Signalled after every journaled entry, so a waiter sees a change (a run that stopped). */
    protected final Condition changed = lock.newCondition();
    protected long nextSeq = 1;
    /** When the last journaled entry was accepted: the next one is never earlier, whatever the clock says. */
    protected Instant lastAt = Instant.EPOCH;
    protected boolean closed;
    /** Closed because another node serves the owner now, not because it was deleted. */
    private volatile boolean movedAway;
    private String refusedVersion;
    /** The rule firings and chapters of the last entry applied live (see {@link #noteRules}). */
    private long lastFirings;
    private java.util.Set<String> lastChapters = java.util.Set.of();
    /** A time limit whose tick changed nothing: not ticked again until the limit changes. */
    private Long idleWake;
    /** The seq of the last snapshot marker (or of the entry where taking one was last found impossible). */
    private long lastSnapshotSeq;
    /** The state a snapshot marker being applied rebuilds from: a stored snapshot (replay) or the one just taken. */
    private String snapshotBase;
    /** The state the journal as replayed starts from (its first entry is then a marker), or null from the creation. */
    protected String startState;
    /** The keys of the follow-ups this owner's journal holds: one sent again is refused. */
    private final FollowUpKeys followUps = new FollowUpKeys();
    /** The creation, until {@link #announceCreation} published it. */
    private JournalEntry<C> created;
    /** When this owner was created: its first entry's time, or what its snapshot marker says (null: not known). */
    private java.time.Instant born;
    private A createdApplied;
    /** What an owner that let its session go still answers (see {@link #sleep}); null while it is live. */
    private volatile Asleep asleep;
    /** When a command or a read last used the owner ({@link System#nanoTime()}): the registry lets the oldest go. */
    private volatile long lastUsed = System.nanoTime();
    /** What lists show of the owner ({@link #listing()}), kept so a list never rebuilds an owner; null: stale. */
    private volatile Object listed;
    /** Told when an owner rebuilt its session on demand (the registry counts its live owners). */
    private volatile Runnable onWake = () -> { };

    /** What a sleeping owner keeps: enough to answer ticks, switches and lists without its session. */
    private record Asleep(String version, String pinned, Long wake, long lastSnapshotSeq, Object listing) {
    }

    protected JournaledRuntime(String kind, String id, Journal<C> journal, Setting setting) {
        this.kind = kind;
        this.id = id;
        this.journal = journal;
        this.setting = setting;
    }

    // ------------------------------------------------------------------ what each kind of owner says

    /** Applies one entry; the same code serves live commands, catch-up and replay, so all end in the same state. */
    protected abstract A apply(JournalEntry<C> entry);

    /** Forgets the whole state (closing the session), before a replay rebuilds it. */
    protected abstract void reset();

    /** The owner's session, or null while it has none (closed, or between a reset and a replay). */
    protected abstract OwnerSession session();

    /** The policy version the session runs. */
    protected final String runningVersion() {
        return session().policy().version();
    }

    /** True when the entry being applied changed the session beyond inserting and answering its command. */
    protected final boolean changedThisCommand() {
        return session().changedThisCommand();
    }

    /** Rule firings of the command being handled (0 when the session is gone). */
    protected final long firingsThisCommand() {
        OwnerSession s = session();
        return s == null ? 0 : s.firedThisCommand();
    }

    /** The chapters whose rules fired for the command being handled. */
    protected final java.util.Set<String> chaptersThisCommand() {
        OwnerSession s = session();
        return s == null ? java.util.Set.of() : s.chaptersThisCommand();
    }

    /** Publishes what a journaled entry did (events, decisions); not called on replay. */
    protected abstract void publish(JournalEntry<C> entry, A applied);

    /**
     * Which journal entry made an event, the same wherever and whenever the entry is published: the owner's kind
     * and id, when this owner was born (its creation entry's time: an owner deleted and created again under the same
     * id is another owner; null when no journal of it says), the entry's seq, and the event's place among the events
     * that entry published (0 first). An agent's inbox names its items by it.
     */
    public record Origin(String kind, String ownerId, java.time.Instant born, long seq, int event) {
    }

    private static final ThreadLocal<Origin> PUBLISHING = new ThreadLocal<>();

    /**
     * The origin of the event being published on this thread (events are handed to their listeners on the thread
     * that publishes their entry), or null for an event no journal entry of this process published (another
     * node's, a policy's).
     */
    public static Origin publishing() {
        return PUBLISHING.get();
    }

    /** {@link #publish}es {@code entry}, each of its events with its {@link Origin}. */
    protected final void publishEntry(JournalEntry<C> entry, A applied) {
        Origin before = PUBLISHING.get();
        PUBLISHING.set(new Origin(kind, id, born, entry.seq(), -1));
        try {
            publish(entry, applied);
        } finally {
            if (before == null) {
                PUBLISHING.remove();
            } else {
                PUBLISHING.set(before);
            }
        }
    }

    /** The command that lets time act: every family of commands has {@link io.conclave.model.command.Tick}. */
    @SuppressWarnings("unchecked")
    private C tickCommand() {
        return (C) new io.conclave.model.command.Tick();
    }

    /** The command that moves the owner to another policy version, shared by every family as well. */
    @SuppressWarnings("unchecked")
    private C switchCommand(String version) {
        return (C) new io.conclave.model.command.SwitchPolicy(version);
    }

    /** The earliest time limit the rules wait for (epoch millis), or null when none. */
    protected abstract Long wakeAt();

    /**
     * The owner's state as text for a snapshot (deterministic: the same state gives the same text), or null when
     * no snapshot can be taken now (a project with a simulated run open); none by default.
     */
    protected String snapshotState() {
        return null;
    }

    /** Replaces the whole state by the one {@code state} describes (a snapshot marker being applied). */
    protected void restoreSnapshot(String state, JournalEntry<C> marker) {
        throw new IllegalStateException(name() + " takes no snapshots");
    }

    /** The command a live entry is journaled as once applied (a run step records what it handled). */
    protected C resolved(JournalEntry<C> entry, A applied) {
        return entry.command();
    }

    /**
     * The version this owner is pinned to (it keeps deciding under it whatever is activated), or null when it
     * follows the active policy; none by default.
     */
    protected String pinnedVersion() {
        return null;
    }

    /** Whether passed time limits are let act (and journaled when they change something) before every command. */
    protected boolean ticksBeforeCommands() {
        return false;
    }

    /**
     * Whether the owner may let its session go now (see {@link #sleep}): not while something outside the journal
     * depends on it (a simulated run being stepped). Never, by default: a kind says when it can be rebuilt.
     */
    protected boolean canSleep() {
        return false;
    }

    /**
     * What lists show of this owner, read from the live state (under the lock): an immutable value, kept until
     * the next entry and while the owner sleeps, so listing owners never rebuilds one. Null by default.
     */
    protected Object listing() {
        return null;
    }

    /** After the state was forgotten for a sleep: drop what else the owner holds only to serve its live state. */
    protected void slept() {
    }

    /** After an entry is durable, before it is published: what else the owner keeps (mailbox files, history). */
    protected void written(JournalEntry<C> entry, A applied) {
    }

    /** Holds off writers of other processes while a command runs (a meeting's file lock); nothing by default. */
    protected AutoCloseable exclusive() throws IOException {
        return () -> { };
    }

    /** Applies what other processes journaled meanwhile (meetings share their folder); nothing by default. */
    protected void catchUpOthers() throws IOException {
    }

    // ------------------------------------------------------------------ life cycle

    public final String id() {
        return id;
    }

    /** The policy version this owner decides under now (read under its lock). */
    public final String policyVersion() {
        return setting.policies().visibly(() -> {
            lock.lock();
            try {
                checkOpen();
                return asleep != null ? asleep.version() : runningVersion();
            } finally {
                lock.unlock();
            }
        });
    }

    // ------------------------------------------------------------------ residency

    /** True while the owner has let its session go; it rebuilds it by replay on its next command or read. */
    public final boolean asleep() {
        return asleep != null;
    }

    /** When a command or a read last used this owner ({@link System#nanoTime()}). */
    public final long lastUsed() {
        return lastUsed;
    }

    /** Who is told when this owner rebuilds its session on demand. */
    final void onWake(Runnable onWake) {
        this.onWake = onWake;
    }

    /**
     * Lets the session go: everything the owner decided is journaled, so a replay (from its snapshot when it has
     * one) rebuilds the same state on the next command or read. Only when no one holds the owner (a command or a
     * read running, on this thread or another: never waited for) and the kind allows it now ({@link #canSleep}).
     * What ticks, policy switches and lists need is kept. Returns true when it slept.
     */
    public final boolean sleep() {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (rw.getWriteHoldCount() > 1 || rw.getReadLockCount() > 0 || closed || asleep != null || created != null || session() == null
                    || !canSleep()) {
                return false;
            }
            Asleep keep = new Asleep(runningVersion(), pinnedVersion(), wakeAt(), lastSnapshotSeq, currentListing());
            reset();
            slept();
            asleep = keep;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Rebuilds the session of a sleeping owner (under its lock) and counts the use; the first step of every use. */
    protected final void awake() {
        lastUsed = System.nanoTime();
        if (asleep == null || closed) {
            return;
        }
        long snapshotSeq = asleep.lastSnapshotSeq();
        try {
            replay();
        } catch (IOException e) {
            throw unavailable(e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s could not be rebuilt from its journal", name());
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "replay_failed",
                    name() + " could not be rebuilt from its journal: " + e.getMessage());
        }
        // as if it never slept: a snapshot found impossible is not tried again earlier than it would have been
        lastSnapshotSeq = Math.max(lastSnapshotSeq, snapshotSeq);
        asleep = null;
        onWake.run();
    }

    /** Takes the owner's lock and rebuilds its session if it sleeps: for a kind's own commands and reads. */
    protected final void holdAwake() {
        lock.lock();
        try {
            awake();
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** What lists show of the owner ({@link #listing()}): kept, never rebuilding a sleeping owner; for a kind's typed accessor. */
    protected final Object listedNow() {
        return setting.policies().visibly(() -> {
            Object l = listed;
            if (l != null) {
                return l;
            }
            lock.lock();
            try {
                checkOpen();
                return asleep != null ? asleep.listing() : currentListing();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Under the lock, live: the listing, computed again when an entry made it stale. */
    private Object currentListing() {
        Object l = listed;
        if (l == null && session() != null) {
            l = listing();
            listed = l;
        }
        return l;
    }

    /** "project 'p1'": how messages name this owner. */
    public final String name() {
        return kind + " '" + id + "'";
    }

    /**
     * Creates the owner from its creation command under the active policy: applied first (nothing is
     * written if the policy refuses it), then journaled. Its events wait for {@link #announceCreation}.
     */
    protected final void create(C command, String actor) {
        long start = System.nanoTime();
        String outcome = "failed";
        String version = null;
        String key = FollowUpKeys.take();
        try {
            Policy policy = activeOrUnavailable(setting.policies());
            version = policy.version();
            JournalEntry<C> entry = new JournalEntry<>(1, actor, policy.version(), now(), command, key);
            A applied;
            try {
                applied = appliedWithin(entry, 1);
            } finally {
                noteRules();
            }
            try {
                journal.append(entry);
            } catch (IOException e) {
                reset();
                throw notJournaled(e);
            }
            nextSeq = 2;
            lastAt = entry.recordedAt();
            born = entry.recordedAt();
            followUps.add(key);
            listed = null;
            written(entry, applied);
            created = entry;
            createdApplied = applied;
            outcome = "accepted";
        } catch (CommandException e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            // a creation is a command too: metered and traced like the others
            setting.observer().commandDone(new Done(kind, id, command.type(), outcome, System.nanoTime() - start,
                    System.currentTimeMillis(), version == null ? 0 : lastFirings, version,
                    version == null ? java.util.Set.of() : lastChapters));
        }
    }

    /**
     * Publishes the creation and its first decisions. Called by the registry once the owner can be found
     * there: a listener reacting to these events (the meeting-task worker) must see it.
     */
    final void announceCreation() {
        lock.lock();
        try {
            if (created != null && !closed) {
                publishEntry(created, createdApplied);
            }
            created = null;
            createdApplied = null;
        } finally {
            lock.unlock();
        }
    }

    /** Rebuilds the whole state from the journal (start-up, and the roll-back of a failed command). */
    protected final void replay() throws IOException {
        Journal.Start<C> start = journal.start();
        List<JournalEntry<C>> entries = start.read().entriesOrThrow();
        String first = start.snapshot() != null ? io.conclave.model.command.TakeSnapshot.TYPE : "create";
        if (entries.isEmpty() || !entries.get(0).type().equals(first)) {
            throw new IOException("the journal of " + name() + " does not start with its "
                    + (start.snapshot() != null ? "snapshot" : "creation"));
        }
        reset();
        followUps.clear();
        listed = null;
        startState = start.snapshot() != null ? start.snapshot().state() : null;
        snapshotBase = startState;
        born = entries.get(0).command() instanceof io.conclave.model.command.TakeSnapshot marker ? marker.born()
                : entries.get(0).recordedAt();
        for (JournalEntry<C> e : entries) {
            try {
                appliedWithin(e, REPLAY_SLACK);
            } catch (RuntimeException failure) {
                throw new IllegalStateException("entry " + e.seq() + " (" + e.type() + ", policy " + e.policyVersion()
                        + ") does not replay: " + failure.getMessage(), failure);
            }
            followUps.add(e.key());
        }
        snapshotBase = null;
        JournalEntry<C> last = entries.get(entries.size() - 1);
        nextSeq = last.seq() + 1;
        lastAt = last.recordedAt();
        lastSnapshotSeq = 0;
        for (JournalEntry<C> e : entries) {
            if (e.command() instanceof io.conclave.model.command.TakeSnapshot) {
                lastSnapshotSeq = e.seq();
            }
        }
        replayed(entries);
    }

    /**
     * Applies a snapshot marker: the state is taken as text (or, at the start of a replay from a stored snapshot,
     * read from it), checked against the marker's digest, and the session rebuilt from the text. Live and on
     * replay the session after a marker is built from the same text, so what follows decides alike.
     */
    protected final void applySnapshot(JournalEntry<C> marker, io.conclave.model.command.TakeSnapshot snapshot) {
        String state = snapshotBase != null ? snapshotBase : snapshotState();
        snapshotBase = null;
        if (state == null) {
            throw new IllegalStateException(name() + ": no state to take at snapshot entry " + marker.seq());
        }
        String digest = Snapshots.digest(state);
        if (snapshot.digest() != null && !snapshot.digest().equals(digest)) {
            LOG.errorf("%s: the state at snapshot entry %d differs from the one journaled (digest %s, journaled %s)",
                    name(), marker.seq(), digest, snapshot.digest());
        }
        restoreSnapshot(state, marker);
    }

    /**
     * Takes a snapshot when {@code snapshotEvery} entries were journaled since the last one: the state as text,
     * a marker entry journaled like any command (its apply rebuilds the session from the text), then the text
     * stored beside the journal, so a restart replays from here. A state that cannot be taken now is tried again
     * {@code snapshotEvery} entries later.
     */
    private void snapshotIfDue() {
        int every = setting.snapshotEvery();
        if (every <= 0 || closed || nextSeq - 1 - lastSnapshotSeq < every) {
            return;
        }
        try {
            takeSnapshot();
        } catch (RuntimeException e) {
            // the command before it is journaled and answered; the owner stays as the journal says
            lastSnapshotSeq = nextSeq - 1;
            LOG.errorf(e, "%s: no snapshot taken at entry %d", name(), nextSeq);
        }
    }

    /** Takes a snapshot now (under the lock); false when none can be taken. */
    protected final boolean takeSnapshot() {
        String state = snapshotState();
        if (state == null) {
            lastSnapshotSeq = nextSeq - 1;
            return false;
        }
        String digest = Snapshots.digest(state);
        @SuppressWarnings("unchecked") // a TakeSnapshot belongs to every command family
        C command = (C) new io.conclave.model.command.TakeSnapshot(digest, born);
        JournalEntry<C> marker = new JournalEntry<>(nextSeq, SERVICE_ACTOR, runningVersion(), now(), command);
        snapshotBase = state;
        A applied;
        try {
            applied = applyOrRollBack(marker);
        } finally {
            snapshotBase = null;
        }
        commit(marker, applied);
        lastSnapshotSeq = marker.seq();
        try {
            journal.saveSnapshot(new Journal.Snapshot(marker.seq(), digest, state));
        } catch (IOException e) {
            // the marker is journaled: a replay passes it and rebuilds the same state; only the shortcut is missing
            LOG.warnf("%s: snapshot at entry %d not stored: %s", name(), marker.seq(), e.getMessage());
        }
        return true;
    }

    /** After a replay: what the owner keeps of its journal (a project's history for restores). */
    protected void replayed(List<JournalEntry<C>> entries) {
    }

    /**
     * Whether readers of this kind may read together (under the read lock) rather than one at a time. Only a kind
     * whose reads change nothing may say so: no lazily built state, no file read through a shared handle.
     */
    protected boolean readsShare() {
        return false;
    }

    /**
     * Reads the owner so that a reader never sees half of a command: under the read lock for a kind whose reads
     * share it (a sleeping owner is woken under the write lock first), else under the write lock.
     */
    protected final <T> T locked(java.util.function.Supplier<T> reader) {
        return setting.policies().visibly(() -> {
            if (!readsShare() || rw.isWriteLockedByCurrentThread()) {
                lock.lock();
                try {
                    checkOpen();
                    awake();
                    return reader.get();
                } finally {
                    lock.unlock();
                }
            }
            Lock read = rw.readLock();
            read.lock();
            try {
                if (asleep != null) {
                    read.unlock();
                    lock.lock();
                    try {
                        checkOpen();
                        awake();
                    } finally {
                        read.lock(); // taken before the write lock is let go: no command gets in between
                        lock.unlock();
                    }
                }
                checkOpen();
                lastUsed = System.nanoTime();
                return reader.get();
            } finally {
                read.unlock();
            }
        });
    }

    // ------------------------------------------------------------------ commands

    /**
     * Runs one command: catches up with other processes and with the active policy, lets passed time
     * act when this kind of owner does that first, runs {@code guard} (which throws to refuse the command
     * with nothing changed), applies it (rolling back if that fails), journals it and publishes it.
     * Returns what applying gave, under the same hold of the lock.
     */
    protected final A execute(C command, String actor, Runnable guard) {
        long start = System.nanoTime();
        String outcome = "failed";
        boolean decided = false; // the rules saw the command (a guard may refuse it before)
        String key = FollowUpKeys.take();
        refuseIfUnwritable(command.type(), start);
        lock.lock();
        try (AutoCloseable ignored = exclusive()) {
            checkOpen();
            awake();
            catchUpOthers();
            switchIfBehind();
            Instant at = now();
            if (ticksBeforeCommands()) {
                tick(at);
            }
            followUps.refuseSeen(key, name());
            guard.run();
            JournalEntry<C> entry = new JournalEntry<>(nextSeq, actor, runningVersion(), at, command, key);
            decided = true;
            A applied = applyOrRollBack(entry);
            commit(entry.with(resolved(entry, applied)), applied);
            outcome = "accepted";
            snapshotIfDue();
            return applied;
        } catch (IOException e) {
            outcome = "unavailable";
            throw unavailable(e);
        } catch (CommandException e) {
            outcome = outcomeOf(e);
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            long firings = decided ? lastFirings : 0;
            java.util.Set<String> chapters = decided ? lastChapters : java.util.Set.of();
            String version = closed || session() == null ? null : runningVersion();
            lock.unlock();
            setting.observer().commandDone(new Done(kind, id, command.type(), outcome, System.nanoTime() - start,
                    System.currentTimeMillis(), firings, version, chapters));
        }
    }

    /**
     * Refuses a command at once, before the owner's lock is waited for and anything is applied, when its journal
     * would not take it now (a cluster's Kafka unreachable, the owner's partition moving): 503 with Retry-After,
     * nothing changed.
     */
    private void refuseIfUnwritable(String type, long start) {
        try {
            journal.writable();
        } catch (IOException e) {
            setting.observer().commandDone(new Done(kind, id, type, "unavailable", System.nanoTime() - start,
                    System.currentTimeMillis(), 0, null, java.util.Set.of()));
            throw notJournaled(e);
        }
    }

    /**
     * The answer to an entry its journal did not take: 503 (with Retry-After when a retry may succeed) when nothing
     * of it was written, 504 when the store did not say whether it kept it (a cluster's commit that got no answer:
     * the owner's state, read once it is served again, tells). A partition moving is the owner moving.
     */
    private CommandException notJournaled(IOException e) {
        if (e instanceof io.conclave.journal.JournalUnavailable u) {
            String code = "moving".equals(u.code()) ? kind + "_moving" : u.code();
            return new CommandException(u.fate() == io.conclave.journal.JournalUnavailable.Fate.UNKNOWN
                    ? CommandException.Kind.OUTCOME_UNKNOWN : CommandException.Kind.UNAVAILABLE, code,
                    name() + ": " + e.getMessage()).retryAfter(u.retryAfterSeconds());
        }
        return new CommandException(CommandException.Kind.UNAVAILABLE, "journal_write_failed",
                "could not write the journal of " + name() + ": " + e.getMessage());
    }

    /** What became of a command the engine refused, as {@link CommandObserver} names it. */
    private static String outcomeOf(CommandException e) {
        return switch (e.kind()) {
            case INVALID -> "invalid";
            case FORBIDDEN, NOT_FOUND, CONFLICT -> "refused";
            case POLICY -> "policy";
            case UNAVAILABLE, OUTCOME_UNKNOWN -> "unavailable";
            case BUSY -> "busy";
        };
    }

    /**
     * Applies an entry of another journal to this owner when it is a scratch copy (a dry run): applied as a
     * replay applies it, kept in this owner's own journal (memory), never published; an entry that fails is
     * rolled back like a live command, so the state is as before it, and the failure is thrown.
     */
    public final A replayOne(JournalEntry<C> entry) {
        lock.lock();
        try {
            A applied = applyOrRollBack(entry);
            journal.append(entry);
            accepted(entry);
            written(entry, applied);
            return applied;
        } catch (IOException e) {
            throw unavailable(e);
        } finally {
            lock.unlock();
        }
    }

    /** Journals an operator's repair of a damaged journal, as the first entry after the kept ones. */
    @SuppressWarnings("unchecked") // a RepairJournal belongs to every command family
    final void recordRepair(io.conclave.model.command.RepairJournal repair, String actor) {
        execute((C) repair, actor, () -> { });
    }

    /**
     * Lets a passed time limit act (a bid deadline, a meeting's phase, a conversation's timeout). Journaled
     * only when the rules changed something; returns true then. Called periodically.
     */
    public final boolean tickIfDue() {
        lock.lock();
        try (AutoCloseable ignored = exclusive()) {
            if (closed) {
                return false;
            }
            Long wake = asleep != null ? asleep.wake() : wakeAt();
            if (wake == null || wake > setting.wallClock().millis() || wake.equals(idleWake)) {
                return false;
            }
            awake(); // a sleeping owner whose time limit passed acts on it as a live one would
            catchUpOthers();
            boolean acted = tick(now());
            if (!acted) {
                idleWake = wake; // commands still let time act before they run, so nothing is missed
            }
            return acted;
        } catch (IOException e) {
            throw unavailable(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Lets the rules act on the time {@code at}; journals a tick when they changed something. */
    private boolean tick(Instant at) {
        JournalEntry<C> entry = new JournalEntry<>(nextSeq, SERVICE_ACTOR, runningVersion(), at, tickCommand());
        A applied = applyOrRollBack(entry);
        if (!changedThisCommand()) {
            return false;
        }
        commit(entry, applied);
        return true;
    }

    /**
     * Moves the owner to the active policy if it runs another one, journaled like any command. A version
     * under which this owner fails is logged and not tried again until another one is activated.
     */
    public final void catchUpWithActivePolicy() {
        lock.lock();
        try (AutoCloseable ignored = closed ? null : exclusive()) {
            if (!closed && (asleep == null || behind(asleep.version(), asleep.pinned()))) {
                awake();
                catchUpOthers();
                switchIfBehind();
            }
        } catch (Exception e) {
            LOG.errorf("%s could not move to the active policy: %s", name(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Whether an owner running {@code version} (pinned to {@code pinned}, or null) is to move to the active policy. */
    private boolean behind(String version, String pinned) {
        Policy active = setting.policies().active();
        return active != null && pinned == null && !version.equals(active.version())
                && !active.version().equals(refusedVersion);
    }

    private void switchIfBehind() {
        Policy active = setting.policies().active();
        if (active == null || pinnedVersion() != null || runningVersion().equals(active.version())
                || active.version().equals(refusedVersion)) {
            return;
        }
        JournalEntry<C> entry = new JournalEntry<>(nextSeq,
                active.activatedBy() == null ? "operator" : active.activatedBy(), active.version(), now(),
                switchCommand(active.version()));
        try {
            commit(entry, applyOrRollBack(entry));
        } catch (RuntimeException e) {
            refusedVersion = active.version();
            LOG.errorf("%s stays on policy %s: %s", name(), runningVersion(), e.getMessage());
        }
    }

    /**
     * Applies a live entry within the budget of a command; if that fails having changed the session, rolls the
     * session back (by a replay, each entry again within its budget) before rethrowing.
     */
    private A applyOrRollBack(JournalEntry<C> entry) {
        A applied;
        try {
            applied = appliedWithin(entry, 1);
        } catch (CommandException e) {
            noteRules();
            if (!e.stateUntouched()) {
                rollBack();
            }
            throw e;
        } catch (RuntimeException e) {
            noteRules();
            rollBack();
            throw e;
        }
        noteRules();
        return applied;
    }

    /**
     * Applies an entry with the budget of one command armed on this thread ({@code slack} times its wall time:
     * a replay at start shares the machine with every other owner's). Rule code that passed a bound, overflowed
     * the stack or ran out of memory becomes the policy's 422, naming where it was stopped; a stop the policy
     * caught and swallowed still counts.
     */
    private A appliedWithin(JournalEntry<C> entry, int slack) {
        Limits limits = Budget.limits();
        try (Budget.Scope budget = Budget.arm(slack == 1 ? limits : limits.withMillis(limits.millis() * slack))) {
            A applied = apply(entry);
            if (budget.meter().stopped() != null) {
                throw budget.meter().stopped();
            }
            return applied;
        } catch (BudgetExceeded | StackOverflowError | OutOfMemoryError e) {
            throw Firing.failed(e, null);
        } catch (CommandException e) {
            throw e;
        } catch (RuntimeException e) {
            if (BudgetExceeded.in(e) != null) {
                throw Firing.failed(e, null);
            }
            throw e;
        }
    }

    /** What the rules did for the entry just applied, kept before a roll-back replays other entries. */
    private void noteRules() {
        lastFirings = firingsThisCommand();
        lastChapters = chaptersThisCommand();
    }

    /**
     * Moves the owner to {@code target} now, journaled like any switch: a policy is tried on every owner
     * before it goes live. Returns null when the owner runs it (or ran it already) or is pinned to another
     * version, else why it cannot.
     */
    public final String switchTo(Policy target) {
        lock.lock();
        try (AutoCloseable ignored = closed ? null : exclusive()) {
            if (closed || (asleep != null ? asleep.pinned() != null || asleep.version().equals(target.version())
                    : pinnedVersion() != null || runningVersion().equals(target.version()))) {
                return null; // a pinned owner keeps its version: activation does not move it
            }
            awake();
            catchUpOthers();
            JournalEntry<C> entry = new JournalEntry<>(nextSeq,
                    target.activatedBy() == null ? "operator" : target.activatedBy(), target.version(), now(),
                    switchCommand(target.version()));
            commit(entry, applyOrRollBack(entry));
            return null;
        } catch (CommandException e) {
            return e.getMessage();
        } catch (Exception e) {
            return e.toString();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Journals an applied entry (durable when append returns), then publishes it. When the journal does not take it,
     * the owner is rolled back to what its journal holds (which never saw the entry), so no reader ever sees it, and
     * the command is answered 503 (or 504: {@link #notJournaled}).
     */
    private void commit(JournalEntry<C> entry, A applied) {
        try {
            journal.append(entry);
        } catch (IOException e) {
            rollBack();
            throw notJournaled(e);
        }
        accepted(entry);
        written(entry, applied);
        publishEntry(entry, applied);
        changed.signalAll();
    }

    /** Counts an entry that is in the journal (written here or by another process). */
    protected final void accepted(JournalEntry<C> entry) {
        listed = null;
        nextSeq = entry.seq() + 1;
        lastAt = entry.recordedAt();
        followUps.add(entry.key());
    }

    /** True when this owner's journal holds follow-up {@code key} (it was applied). */
    public final boolean holdsFollowUp(String key) {
        return locked(() -> followUps.holds(key));
    }

    /** The follow-up keys this owner holds, in journal order: a snapshot keeps them. */
    protected final List<String> followUpKeys() {
        return followUps.all();
    }

    /** Takes the follow-up keys a snapshot kept (while it is applied). */
    protected final void rememberFollowUps(Iterable<String> keys) {
        keys.forEach(followUps::add);
    }

    protected final void rollBack() {
        try {
            replay();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "%s could not be rebuilt from its journal", name());
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "replay_failed",
                    name() + " could not be rebuilt from its journal: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The time of the next entry: the wall clock, never before the last journaled entry (another process's clock may run ahead). */
    protected final Instant now() {
        Instant wall = setting.wallClock().instant();
        return wall.isBefore(lastAt) ? lastAt : wall;
    }

    /** The policy of an entry's version (compiled from the archive when it is not the active one). */
    protected final Policy policyOf(JournalEntry<C> entry) {
        return setting.policies().byVersion(entry.policyVersion());
    }

    protected final void events(ServiceEvent event) {
        Origin o = PUBLISHING.get();
        if (o != null && o.ownerId().equals(id) && o.kind().equals(kind)) {
            Origin next = new Origin(o.kind(), o.ownerId(), o.born(), o.seq(), o.event() + 1);
            PUBLISHING.set(next);
            try {
                setting.events().accept(event);
            } finally {
                PUBLISHING.set(next); // a listener that published another owner's entry meanwhile restored its own
            }
            return;
        }
        PUBLISHING.remove(); // not published by an entry of this owner: no origin
        try {
            setting.events().accept(event);
        } finally {
            if (o != null) {
                PUBLISHING.set(o);
            }
        }
    }

    /** The active policy, or 503 when no valid policy is active (nothing can be created then). */
    static Policy activeOrUnavailable(PolicySource policies) {
        Policy p = policies.active();
        if (p == null) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "no_policy",
                    "no valid policy is active: fix the rule files (see GET /api/rules)");
        }
        return p;
    }

    protected final void checkOpen() {
        if (closed && movedAway) {
            // its partition moved to another node while this request held it: not gone, elsewhere
            throw new CommandException(CommandException.Kind.UNAVAILABLE, kind + "_moving", name()
                    + " is moving to another node: try again shortly").retryAfter(1);
        }
        if (closed) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, kind + "_not_found",
                    kind + " '" + id + "' was " + (kind.equals("conversation") ? "closed" : "deleted"));
        }
    }

    /** Closes the owner here because it is served elsewhere now (its journal stays): a request holding it hears so. */
    public final void release() throws IOException {
        movedAway = true;
        close();
    }

    protected final CommandException unavailable(IOException e) {
        return new CommandException(CommandException.Kind.UNAVAILABLE, kind + "_store_failed",
                "the journal of " + name() + " could not be read or written: " + e.getMessage());
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            reset();
            journal.close();
        } finally {
            lock.unlock();
        }
    }
}
