package io.conclave.engine.owner;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import io.conclave.engine.budget.Budget;
import io.conclave.engine.budget.BudgetExceeded;
import io.conclave.engine.budget.Limits;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.command.Command;
import io.conclave.model.command.TakeSnapshot;

/**
 * How an owner applies journal entries, all through its one {@link JournaledRuntime#apply}: a live entry within
 * the budget of a command, rolled back by replaying the journal (which never saw it) when it fails; the whole
 * journal at start, on wake and for a roll-back; another journal's entry into a scratch copy (a dry run).
 * It keeps what the rules did for the last live entry (firings, chapters) for the command's metrics.
 */
final class JournalReplay<C extends Command, A> {
    /** How many times a command's wall time one replayed entry may take: a start replays every owner at once. */
    private static final int REPLAY_SLACK = 2;

    private final JournaledRuntime<C, A> rt;
    /** The rule firings and chapters of the last entry applied live (see {@link #noteRules}). */
    private long lastFirings;
    private Set<String> lastChapters = Set.of();

    JournalReplay(JournaledRuntime<C, A> rt) {
        this.rt = rt;
    }

    long lastFirings() {
        return lastFirings;
    }

    Set<String> lastChapters() {
        return lastChapters;
    }

    /** Rebuilds the whole state from the journal (start-up, wake, and the roll-back of a failed command). */
    void replay() throws IOException {
        Journal.Start<C> start = rt.journal.start();
        List<JournalEntry<C>> entries = start.read().entriesOrThrow();
        String first = start.snapshot() != null ? TakeSnapshot.TYPE : "create";
        if (entries.isEmpty() || !entries.get(0).type().equals(first)) {
            throw new IOException("the journal of " + rt.name() + " does not start with its "
                    + (start.snapshot() != null ? "snapshot" : "creation"));
        }
        rt.reset();
        rt.followUps.clear();
        rt.residency.stale();
        rt.startState = start.snapshot() != null ? start.snapshot().state() : null;
        rt.snapshots.replayFrom(rt.startState);
        rt.born = entries.get(0).command() instanceof TakeSnapshot marker ? marker.born()
                : entries.get(0).recordedAt();
        applyEach(entries);
        rt.snapshots.replayed(entries);
        rt.replayed(entries);
    }

    /** Applies journaled entries one after another as a replay does (counted as this owner's), each within its budget. */
    private void applyEach(List<JournalEntry<C>> entries) {
        for (JournalEntry<C> e : entries) {
            try {
                appliedWithin(e, REPLAY_SLACK);
            } catch (RuntimeException failure) {
                throw new IllegalStateException("entry " + e.seq() + " (" + e.type() + ", policy " + e.policyVersion()
                        + ") does not replay: " + failure.getMessage(), failure);
            }
            rt.accepted(e);
        }
    }

    /**
     * Applies the entries written after the last one this owner applied, each as a replay applies it: an owner rebuilt
     * ahead of its takeover (from a partition read ahead) catches up instead of being rebuilt. Returns how many it
     * applied, or -1, having applied none, when the journal does not go on from that entry (set aside, or the owner
     * deleted and created again meanwhile): the caller rebuilds it then. A failing entry throws, as in a replay.
     */
    int catchUp() throws IOException {
        List<JournalEntry<C>> entries = rt.journal.read().entriesOrThrow();
        int from = -1;
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry<C> e = entries.get(i);
            if (e.seq() == rt.nextSeq - 1) {
                from = e.recordedAt().equals(rt.lastAt) ? i + 1 : -1;
                break;
            }
        }
        if (from < 0) {
            return -1;
        }
        List<JournalEntry<C>> since = entries.subList(from, entries.size());
        rt.catchingUp();
        applyEach(since);
        // what a replay of the whole journal ends with (the last snapshot, a project's history) over every entry held
        rt.snapshots.replayed(entries);
        rt.replayed(entries);
        rt.caughtUp();
        return since.size();
    }

    /**
     * Rebuilds the owner from its journal after a failed command; 503 when the journal does not replay, and the owner
     * is then marked lost ({@link Residency#lost}): what it holds is never read, its next use replays again.
     */
    void rollBack() {
        try {
            replay();
        } catch (IOException | RuntimeException e) {
            rt.residency.lost();
            JournaledRuntime.LOG.errorf(e, "%s could not be rebuilt from its journal", rt.name());
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "replay_failed",
                    rt.name() + " could not be rebuilt from its journal: " + e.getMessage());
        }
    }

    /**
     * Applies an entry of another journal to this owner when it is a scratch copy (a dry run): applied as a
     * replay applies it, kept in this owner's own journal (memory), never published; an entry that fails is
     * rolled back like a live command, so the state is as before it, and the failure is thrown.
     */
    A replayOne(JournalEntry<C> entry) {
        rt.lock.lock();
        try {
            A applied = applyOrRollBack(entry);
            rt.journal.append(entry);
            rt.accepted(entry);
            rt.written(entry, applied);
            return applied;
        } catch (IOException e) {
            throw rt.unavailable(e);
        } finally {
            rt.lock.unlock();
        }
    }

    /**
     * Applies a live entry within the budget of a command; if that fails having changed the session, rolls the
     * session back (by a replay, each entry again within its budget) before rethrowing.
     */
    A applyOrRollBack(JournalEntry<C> entry) {
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
    A appliedWithin(JournalEntry<C> entry, int slack) {
        Limits limits = Budget.limits();
        try (Budget.Scope budget = Budget.arm(slack == 1 ? limits : limits.withMillis(limits.millis() * slack))) {
            A applied = rt.apply(entry);
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
    void noteRules() {
        OwnerSession s = rt.session();
        lastFirings = s == null ? 0 : s.firedThisCommand();
        lastChapters = s == null ? Set.of() : s.chaptersThisCommand();
    }
}
