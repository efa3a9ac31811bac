package io.conclave.engine.owner;

import java.io.IOException;
import java.util.List;

import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.Command;
import io.conclave.model.command.TakeSnapshot;

/**
 * The snapshot markers of an owner's journal: taking one every {@code snapshotEvery} entries (the state as text,
 * a marker journaled like any command, the text stored beside the journal), and applying one, live or on replay,
 * by rebuilding the session from the same text, so what follows a marker decides alike either way.
 */
final class SnapshotMarkers<C extends Command, A> {
    private final JournaledRuntime<C, A> rt;
    /** The seq of the last snapshot marker (or of the entry where taking one was last found impossible). */
    private long lastSnapshotSeq;
    /** The state a snapshot marker being applied rebuilds from: a stored snapshot (replay) or the one just taken. */
    private String snapshotBase;
    /** The digest of the state just taken ({@link #take}), so applying its marker does not digest it again. */
    private String takenDigest;

    SnapshotMarkers(JournaledRuntime<C, A> rt) {
        this.rt = rt;
    }

    long lastSeq() {
        return lastSnapshotSeq;
    }

    /** A snapshot is not tried again before {@code seq} (what a sleeping owner kept of it). */
    void notBefore(long seq) {
        lastSnapshotSeq = Math.max(lastSnapshotSeq, seq);
    }

    /** A replay begins: a marker at its start rebuilds from {@code state} (a stored snapshot's), if any. */
    void replayFrom(String state) {
        snapshotBase = state;
    }

    /** A replay ended: the last marker among {@code entries} is the last snapshot. */
    void replayed(List<JournalEntry<C>> entries) {
        snapshotBase = null;
        lastSnapshotSeq = 0;
        for (JournalEntry<C> e : entries) {
            if (e.command() instanceof TakeSnapshot) {
                lastSnapshotSeq = e.seq();
            }
        }
    }

    /**
     * Applies a snapshot marker: the state is taken as text (or, at the start of a replay from a stored snapshot,
     * read from it), checked against the marker's digest, and the session rebuilt from the text. Live and on
     * replay the session after a marker is built from the same text, so what follows decides alike.
     */
    void apply(JournalEntry<C> marker, TakeSnapshot snapshot) {
        String state = snapshotBase != null ? snapshotBase : rt.snapshotState();
        String known = snapshotBase != null ? takenDigest : null;
        snapshotBase = null;
        if (state == null) {
            throw new IllegalStateException(rt.name() + ": no state to take at snapshot entry " + marker.seq());
        }
        String digest = known != null ? known : Snapshots.digest(state);
        if (snapshot.digest() != null && !snapshot.digest().equals(digest)) {
            JournaledRuntime.LOG.errorf("%s: the state at snapshot entry %d differs from the one journaled (digest %s, journaled %s)",
                    rt.name(), marker.seq(), digest, snapshot.digest());
        }
        rt.restoreSnapshot(state, marker);
    }

    /**
     * Takes a snapshot when {@code snapshotEvery} entries were journaled since the last one. A state that cannot
     * be taken now is tried again {@code snapshotEvery} entries later.
     */
    void ifDue() {
        int every = rt.setting.snapshotEvery();
        if (every <= 0 || rt.closed || rt.nextSeq - 1 - lastSnapshotSeq < every) {
            return;
        }
        try {
            take();
        } catch (RuntimeException e) {
            // the command before it is journaled and answered; the owner stays as the journal says
            lastSnapshotSeq = rt.nextSeq - 1;
            JournaledRuntime.LOG.errorf(e, "%s: no snapshot taken at entry %d", rt.name(), rt.nextSeq);
        }
    }

    /** Takes a snapshot now (under the lock); false when none can be taken. */
    boolean take() {
        String state = rt.snapshotState();
        if (state == null) {
            lastSnapshotSeq = rt.nextSeq - 1;
            return false;
        }
        String digest = Snapshots.digest(state);
        @SuppressWarnings("unchecked") // a TakeSnapshot belongs to every command family
        C command = (C) new TakeSnapshot(digest, rt.born);
        JournalEntry<C> marker = new JournalEntry<>(rt.nextSeq, JournaledRuntime.SERVICE_ACTOR, rt.runningVersion(),
                rt.now(), command, null, rt.runningDigest());
        snapshotBase = state;
        takenDigest = digest;
        A applied;
        try {
            applied = rt.replays.applyOrRollBack(marker);
        } finally {
            snapshotBase = null;
            takenDigest = null;
        }
        rt.commands.commit(marker, applied);
        lastSnapshotSeq = marker.seq();
        try {
            rt.journal.saveSnapshot(new Journal.Snapshot(marker.seq(), digest, state));
        } catch (IOException e) {
            // the marker is journaled: a replay passes it and rebuilds the same state; only the shortcut is missing
            JournaledRuntime.LOG.warnf("%s: snapshot at entry %d not stored: %s", rt.name(), marker.seq(), e.getMessage());
        }
        return true;
    }
}
