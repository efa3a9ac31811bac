package io.conclave.engine.owner;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;

import io.conclave.engine.owner.JournaledRuntime.Done;
import io.conclave.engine.policy.Policy;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.JournalUnavailable;
import io.conclave.model.CommandException;
import io.conclave.model.command.Command;
import io.conclave.model.command.Tick;

/**
 * The write side of an owner, under its write lock: a command from the wait for the lock to its answer (caught
 * up with other processes and the active policy, time let act, guarded, applied, journaled, published, metered),
 * the creation, the ticks of time limits, and the commit every journaled entry goes through: forced to the journal
 * before it is answered or published, rolled back when the journal does not take it.
 */
final class CommandPath<C extends Command, A> {
    private final JournaledRuntime<C, A> rt;
    /** The creation, until {@link #announceCreation} published it. */
    private JournalEntry<C> created;
    private A createdApplied;
    /** A time limit whose tick changed nothing: not ticked again until the limit changes. */
    private Long idleWake;

    CommandPath(JournaledRuntime<C, A> rt) {
        this.rt = rt;
    }

    /** True between the creation and its announcement: the owner does not sleep then. */
    boolean creationUnannounced() {
        return created != null;
    }

    /**
     * Creates the owner from its creation command under the active policy: applied first (nothing is
     * written if the policy refuses it), then journaled. Its events wait for {@link #announceCreation}.
     */
    void create(C command, String actor) {
        long start = System.nanoTime();
        String outcome = "failed";
        String version = null;
        String key = FollowUpKeys.take();
        try {
            Policy policy = JournaledRuntime.activeOrUnavailable(rt.setting.policies());
            version = policy.version();
            JournalEntry<C> entry = new JournalEntry<>(1, actor, policy.version(), rt.now(), command, key, policy.digest());
            A applied;
            try {
                applied = rt.replays.appliedWithin(entry, 1);
            } finally {
                rt.replays.noteRules();
            }
            try {
                rt.journal.append(entry);
            } catch (IOException e) {
                rt.reset();
                throw notJournaled(e);
            }
            rt.nextSeq = 2;
            rt.lastAt = entry.recordedAt();
            rt.born = entry.recordedAt();
            rt.followUps.add(key);
            rt.residency.stale();
            rt.written(entry, applied);
            created = entry;
            createdApplied = applied;
            outcome = "accepted";
        } catch (CommandException e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            // a creation is a command too: metered and traced like the others
            rt.setting.observer().commandDone(new Done(rt.kind, rt.id, command.type(), outcome,
                    System.nanoTime() - start, System.currentTimeMillis(), version == null ? 0 : rt.replays.lastFirings(),
                    version, version == null ? Set.of() : rt.replays.lastChapters()));
        }
    }

    /**
     * Publishes the creation and its first decisions. Called by the registry once the owner can be found
     * there: a listener reacting to these events (the meeting-task worker) must see it.
     */
    void announceCreation() {
        rt.lock.lock();
        try {
            if (created != null && !rt.closed) {
                rt.publishEntry(created, createdApplied);
            }
            created = null;
            createdApplied = null;
        } finally {
            rt.lock.unlock();
        }
    }

    /**
     * Runs one command: catches up with other processes and with the active policy, lets passed time
     * act when this kind of owner does that first, runs {@code guard} (which throws to refuse the command
     * with nothing changed), applies it (rolling back if that fails), journals it and publishes it.
     * Returns what applying gave, under the same hold of the lock.
     */
    A execute(C command, String actor, Runnable guard) {
        long start = System.nanoTime();
        String outcome = "failed";
        boolean decided = false; // the rules saw the command (a guard may refuse it before)
        String key = FollowUpKeys.take();
        refuseIfUnwritable(command.type(), start);
        rt.lock.lock();
        try (AutoCloseable ignored = rt.exclusive()) {
            rt.checkOpen();
            rt.residency.awake();
            rt.catchUpOthers();
            rt.policySwitch.switchIfBehind();
            Instant at = rt.now();
            if (rt.ticksBeforeCommands()) {
                tick(at);
            }
            rt.followUps.refuseSeen(key, rt.name());
            guard.run();
            JournalEntry<C> entry = new JournalEntry<>(rt.nextSeq, actor, rt.runningVersion(), at, command, key,
                    rt.runningDigest());
            decided = true;
            A applied = rt.replays.applyOrRollBack(entry);
            commit(entry.with(rt.resolved(entry, applied)), applied);
            outcome = "accepted";
            rt.snapshots.ifDue();
            return applied;
        } catch (IOException e) {
            outcome = "unavailable";
            throw rt.unavailable(e);
        } catch (CommandException e) {
            outcome = outcomeOf(e);
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            long firings = decided ? rt.replays.lastFirings() : 0;
            Set<String> chapters = decided ? rt.replays.lastChapters() : Set.of();
            String version = rt.closed || rt.session() == null ? null : rt.runningVersion();
            rt.lock.unlock();
            rt.setting.observer().commandDone(new Done(rt.kind, rt.id, command.type(), outcome,
                    System.nanoTime() - start, System.currentTimeMillis(), firings, version, chapters));
        }
    }

    /**
     * Lets a passed time limit act (a bid deadline, a meeting's phase, a conversation's timeout). Journaled
     * only when the rules changed something; returns true then. Called periodically.
     */
    boolean tickIfDue() {
        rt.lock.lock();
        try (AutoCloseable ignored = rt.exclusive()) {
            if (rt.closed) {
                return false;
            }
            Residency.Asleep asleep = rt.residency.kept();
            Long wake = asleep != null ? asleep.wake() : rt.wakeAt();
            if (wake == null || wake > rt.setting.wallClock().millis() || wake.equals(idleWake)) {
                return false;
            }
            rt.residency.awake(); // a sleeping owner whose time limit passed acts on it as a live one would
            rt.catchUpOthers();
            boolean acted = tick(rt.now());
            if (!acted) {
                idleWake = wake; // commands still let time act before they run, so nothing is missed
            }
            return acted;
        } catch (IOException e) {
            throw rt.unavailable(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            rt.lock.unlock();
        }
    }

    /** Lets the rules act on the time {@code at}; journals a tick when they changed something. */
    private boolean tick(Instant at) {
        @SuppressWarnings("unchecked") // every family of commands has a Tick
        C tick = (C) new Tick();
        JournalEntry<C> entry = new JournalEntry<>(rt.nextSeq, JournaledRuntime.SERVICE_ACTOR, rt.runningVersion(), at,
                tick, null, rt.runningDigest());
        A applied = rt.replays.applyOrRollBack(entry);
        if (!rt.changedThisCommand()) {
            return false;
        }
        commit(entry, applied);
        return true;
    }

    /**
     * Journals an applied entry (durable when append returns), then publishes it. When the journal does not take it,
     * the owner is rolled back to what its journal holds (which never saw the entry), so no reader ever sees it, and
     * the command is answered 503 (or 504: {@link #notJournaled}).
     */
    void commit(JournalEntry<C> entry, A applied) {
        try {
            rt.journal.append(entry);
        } catch (IOException e) {
            rt.replays.rollBack();
            throw notJournaled(e);
        }
        rt.accepted(entry);
        rt.written(entry, applied);
        rt.publishEntry(entry, applied);
        rt.changed.signalAll();
    }

    /**
     * Refuses a command at once, before the owner's lock is waited for and anything is applied, when its journal
     * would not take it now (a cluster's Kafka unreachable, the owner's partition moving): 503 with Retry-After,
     * nothing changed.
     */
    private void refuseIfUnwritable(String type, long start) {
        try {
            rt.journal.writable();
        } catch (IOException e) {
            rt.setting.observer().commandDone(new Done(rt.kind, rt.id, type, "unavailable", System.nanoTime() - start,
                    System.currentTimeMillis(), 0, null, Set.of()));
            throw notJournaled(e);
        }
    }

    /**
     * The answer to an entry its journal did not take: 503 (with Retry-After when a retry may succeed) when nothing
     * of it was written, 504 when the store did not say whether it kept it (a cluster's commit that got no answer:
     * the owner's state, read once it is served again, tells). A partition moving is the owner moving.
     */
    private CommandException notJournaled(IOException e) {
        if (e instanceof JournalUnavailable u) {
            String code = "moving".equals(u.code()) ? rt.kind + "_moving" : u.code();
            return new CommandException(u.fate() == JournalUnavailable.Fate.UNKNOWN
                    ? CommandException.Kind.OUTCOME_UNKNOWN : CommandException.Kind.UNAVAILABLE, code,
                    rt.name() + ": " + e.getMessage()).retryAfter(u.retryAfterSeconds());
        }
        return new CommandException(CommandException.Kind.UNAVAILABLE, "journal_write_failed",
                "could not write the journal of " + rt.name() + ": " + e.getMessage());
    }

    /** What became of a command the engine refused, as {@link JournaledRuntime.CommandObserver} names it. */
    private static String outcomeOf(CommandException e) {
        return switch (e.kind()) {
            case INVALID -> "invalid";
            case FORBIDDEN, NOT_FOUND, CONFLICT -> "refused";
            case POLICY -> "policy";
            case UNAVAILABLE, OUTCOME_UNKNOWN -> "unavailable";
            case BUSY -> "busy";
        };
    }
}
