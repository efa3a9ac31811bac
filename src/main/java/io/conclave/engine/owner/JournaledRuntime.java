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
 * <p>
 * This class holds the state the parts share (the journal position, the lock, the hooks of each kind) and
 * hands the work to them: {@link CommandPath} (commands, creation, ticks, commit), {@link JournalReplay}
 * (applying entries, replay, roll-back), {@link SnapshotMarkers}, {@link PolicySwitch}, {@link Residency}
 * (sleep, wake and reads) and {@link EventOrigins} (which entry published an event).
 *
 * @param <C> the owner's command family
 * @param <A> what applying one entry gives back: the answer to the command and what to publish
 */
public abstract class JournaledRuntime<C extends Command, A> implements AutoCloseable {
    static final Logger LOG = Logger.getLogger(JournaledRuntime.class);
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
    final ReentrantReadWriteLock rw = new ReentrantReadWriteLock(true);
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
    /** The state the journal as replayed starts from (its first entry is then a marker), or null from the creation. */
    protected String startState;
    /** The keys of the follow-ups this owner's journal holds: one sent again is refused. */
    final FollowUpKeys followUps = new FollowUpKeys();
    /** When this owner was created: its first entry's time, or what its snapshot marker says (null: not known). */
    Instant born;

    /** The parts the work is handed to (see above): each keeps its own state, and reads this one's. */
    final Residency<C, A> residency = new Residency<>(this);
    final JournalReplay<C, A> replays = new JournalReplay<>(this);
    final SnapshotMarkers<C, A> snapshots = new SnapshotMarkers<>(this);
    final PolicySwitch<C, A> policySwitch = new PolicySwitch<>(this);
    final CommandPath<C, A> commands = new CommandPath<>(this);

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

    /** The SHA-256 of the rule files of the version the session runs: what its entries record of it. */
    final String runningDigest() {
        return session().policy().digest();
    }

    /** True when the entry being applied changed the session beyond inserting and answering its command. */
    protected final boolean changedThisCommand() {
        return session().changedThisCommand();
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

    /**
     * The origin of the event being published on this thread (events are handed to their listeners on the thread
     * that publishes their entry), or null for an event no journal entry of this process published (another
     * node's, a policy's).
     */
    public static Origin publishing() {
        return EventOrigins.current();
    }

    /** {@link #publish}es {@code entry}, each of its events with its {@link Origin}. */
    protected final void publishEntry(JournalEntry<C> entry, A applied) {
        EventOrigins.publishing(new Origin(kind, id, born, entry.seq(), -1), () -> publish(entry, applied));
    }

    /** Hands an event to the listeners, with its {@link Origin} when an entry of this owner is publishing it. */
    protected final void events(ServiceEvent event) {
        EventOrigins.hand(kind, id, setting.events(), event);
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

    /**
     * True when other processes journaled entries this one has not applied (a cheap look, as the journal's size), so
     * a reader must first catch up under the write lock; false by default.
     */
    protected boolean behindOthers() {
        return false;
    }

    /** After a replay: what the owner keeps of its journal (a project's history for restores). */
    protected void replayed(List<JournalEntry<C>> entries) {
    }

    /** Before a catch-up ({@link #catchUpWithJournal}) applies the entries written since: they are durable already. */
    protected void catchingUp() {
    }

    /** After a catch-up: what a rebuild does once the journal is replayed (a meeting's mailbox files). */
    protected void caughtUp() throws IOException {
    }

    /**
     * Whether readers of this kind may read together (under the read lock) rather than one at a time. Only a kind
     * whose reads change nothing may say so: no lazily built state, no file read through a shared handle.
     */
    protected boolean readsShare() {
        return false;
    }

    // ------------------------------------------------------------------ life cycle and reads

    public final String id() {
        return id;
    }

    /** "project 'p1'": how messages name this owner. */
    public final String name() {
        return kind + " '" + id + "'";
    }

    /** The policy version this owner decides under now (read under its lock). */
    public final String policyVersion() {
        return setting.policies().visibly(() -> {
            lock.lock();
            try {
                checkOpen();
                Residency.Asleep asleep = residency.kept();
                return asleep != null ? asleep.version() : runningVersion();
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * Reads the owner so that a reader never sees half of a command: under the read lock for a kind whose reads
     * share it (a sleeping owner is woken under the write lock first), else under the write lock.
     */
    protected final <T> T locked(java.util.function.Supplier<T> reader) {
        return residency.read(reader);
    }

    /** True while the owner has let its session go; it rebuilds it by replay on its next command or read. */
    public final boolean asleep() {
        return residency.kept() != null;
    }

    /** When a command or a read last used this owner ({@link System#nanoTime()}). */
    public final long lastUsed() {
        return residency.lastUsed();
    }

    /** Who is told when this owner rebuilds its session on demand. */
    final void onWake(Runnable onWake) {
        residency.onWake(onWake);
    }

    /** Lets the session go when no one holds the owner and its kind allows it ({@link #canSleep}); true when it slept. */
    public final boolean sleep() {
        return residency.sleep();
    }

    /** Takes the owner's lock and rebuilds its session if it sleeps: for a kind's own commands and reads. */
    protected final void holdAwake() {
        residency.holdAwake();
    }

    /** What lists show of the owner ({@link #listing()}): kept, never rebuilding a sleeping owner; for a kind's typed accessor. */
    protected final Object listedNow() {
        return residency.listedNow();
    }

    // ------------------------------------------------------------------ the journal: creation, replay, snapshots

    /** Creates the owner from its creation command (applied, then journaled); its events wait for {@link #announceCreation}. */
    protected final void create(C command, String actor) {
        commands.create(command, actor);
    }

    /**
     * Publishes the creation and its first decisions. Called by the registry once the owner can be found
     * there: a listener reacting to these events (the meeting-task worker) must see it.
     */
    final void announceCreation() {
        commands.announceCreation();
    }

    /** Rebuilds the whole state from the journal (start-up, and the roll-back of a failed command). */
    protected final void replay() throws IOException {
        replays.replay();
    }

    /**
     * Applies, under the owner's lock, the entries its journal gained since it was rebuilt (an owner rebuilt ahead of
     * a takeover); how many, or -1 when the journal does not go on from what it applied (it must be rebuilt).
     */
    final int catchUpWithJournal() throws IOException {
        lock.lock();
        try (AutoCloseable ignored = exclusive()) {
            checkOpen();
            return replays.catchUp();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("releasing the hold on other processes' writers failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Applies an entry of another journal to this scratch copy (a dry run), as a replay would; never published. */
    public final A replayOne(JournalEntry<C> entry) {
        return replays.replayOne(entry);
    }

    /** Applies a snapshot marker: rebuilds the session from the state the marker stands for. */
    protected final void applySnapshot(JournalEntry<C> marker, io.conclave.model.command.TakeSnapshot snapshot) {
        snapshots.apply(marker, snapshot);
    }

    /** Counts an entry that is in the journal (written here or by another process). */
    protected final void accepted(JournalEntry<C> entry) {
        residency.stale();
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

    // ------------------------------------------------------------------ commands, time and policies

    /**
     * Runs one command ({@link CommandPath#execute}): {@code guard} throws to refuse it with nothing changed; returns
     * what applying gave, under the same hold of the lock.
     */
    protected final A execute(C command, String actor, Runnable guard) {
        return commands.execute(command, actor, guard);
    }

    /** Journals an operator's repair of a damaged journal, as the first entry after the kept ones. */
    @SuppressWarnings("unchecked") // a RepairJournal belongs to every command family
    final void recordRepair(io.conclave.model.command.RepairJournal repair, String actor) {
        execute((C) repair, actor, () -> { });
    }

    /** Lets a passed time limit act; journaled, and true, only when the rules changed something. Called periodically. */
    public final boolean tickIfDue() {
        return commands.tickIfDue();
    }

    /** Moves the owner to the active policy if it runs another one (a version it fails under is not tried again). */
    public final void catchUpWithActivePolicy() {
        policySwitch.catchUp();
    }

    /** Moves the owner to {@code target} now, journaled like any switch; null when done or not to be moved, else why not. */
    public final String switchTo(Policy target) {
        return policySwitch.switchTo(target);
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
