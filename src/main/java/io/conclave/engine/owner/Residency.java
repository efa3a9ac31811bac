package io.conclave.engine.owner;

import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

import io.conclave.model.CommandException;
import io.conclave.model.command.Command;

/**
 * Whether an owner's session is in memory, and the reads that depend on it: an idle owner lets its session go
 * ({@link #sleep}) keeping only what ticks, policy switches and lists need; its next command or read rebuilds it
 * by replay ({@link #awake}). Reads take the read lock when the kind's reads share it, the write lock otherwise;
 * lists answer from a kept listing, never rebuilding an owner.
 */
final class Residency<C extends Command, A> {
    /** What a sleeping owner keeps: enough to answer ticks, switches and lists without its session. */
    record Asleep(String version, String pinned, Long wake, long lastSnapshotSeq, Object listing) {
    }

    private final JournaledRuntime<C, A> rt;
    /** What an owner that let its session go still answers (see {@link #sleep}); null while it is live. */
    private volatile Asleep asleep;
    /** When a command or a read last used the owner ({@link System#nanoTime()}): the registry lets the oldest go. */
    private volatile long lastUsed = System.nanoTime();
    /** What lists show of the owner ({@link JournaledRuntime#listing()}), kept so a list never rebuilds an owner; null: stale. */
    private volatile Object listed;
    /**
     * True when a failed command could not be rolled back (its journal did not replay): the session may hold what the
     * journal never took, so nobody reads it; the next use replays the journal again, and answers 503 until it can.
     */
    private volatile boolean lost;
    /** Told when an owner rebuilt its session on demand (the registry counts its live owners). */
    private volatile Runnable onWake = () -> { };

    Residency(JournaledRuntime<C, A> rt) {
        this.rt = rt;
    }

    /** What the sleeping owner kept, or null while it is live. */
    Asleep kept() {
        return asleep;
    }

    long lastUsed() {
        return lastUsed;
    }

    void onWake(Runnable onWake) {
        this.onWake = onWake;
    }

    /** An entry changed the owner: the kept listing is computed again when next asked for. */
    void stale() {
        listed = null;
    }

    /**
     * Lets the session go: everything the owner decided is journaled, so a replay (from its snapshot when it has
     * one) rebuilds the same state on the next command or read. Only when no one holds the owner (a command or a
     * read running, on this thread or another: never waited for) and the kind allows it now ({@link JournaledRuntime#canSleep}).
     * What ticks, policy switches and lists need is kept. Returns true when it slept.
     */
    boolean sleep() {
        if (!rt.lock.tryLock()) {
            return false;
        }
        try {
            if (rt.rw.getWriteHoldCount() > 1 || rt.rw.getReadLockCount() > 0 || rt.closed || asleep != null
                    || rt.commands.creationUnannounced() || rt.session() == null || !rt.canSleep()) {
                return false;
            }
            Asleep keep = new Asleep(rt.runningVersion(), rt.pinnedVersion(), rt.wakeAt(), rt.snapshots.lastSeq(),
                    currentListing());
            rt.reset();
            rt.slept();
            asleep = keep;
            return true;
        } finally {
            rt.lock.unlock();
        }
    }

    /** Under the write lock: the session may hold what its journal never took (see {@link #lost}); never read it. */
    void lost() {
        lost = true;
        listed = null;
    }

    /**
     * Rebuilds the session of a sleeping owner, or of one whose roll-back failed (under its lock), and counts the use;
     * the first step of every use.
     */
    void awake() {
        lastUsed = System.nanoTime();
        if ((asleep == null && !lost) || rt.closed) {
            return;
        }
        if (asleep == null) {
            try {
                rt.replay();
            } catch (IOException | RuntimeException e) {
                throw new CommandException(CommandException.Kind.UNAVAILABLE, "replay_failed",
                        rt.name() + " could not be rebuilt from its journal: " + e.getMessage());
            }
            lost = false;
            return;
        }
        long snapshotSeq = asleep.lastSnapshotSeq();
        try {
            rt.replay();
        } catch (IOException e) {
            throw rt.unavailable(e);
        } catch (RuntimeException e) {
            JournaledRuntime.LOG.errorf(e, "%s could not be rebuilt from its journal", rt.name());
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "replay_failed",
                    rt.name() + " could not be rebuilt from its journal: " + e.getMessage());
        }
        // as if it never slept: a snapshot found impossible is not tried again earlier than it would have been
        rt.snapshots.notBefore(snapshotSeq);
        asleep = null;
        onWake.run();
    }

    /** Takes the owner's lock and rebuilds its session if it sleeps. */
    void holdAwake() {
        rt.lock.lock();
        try {
            awake();
        } catch (RuntimeException e) {
            rt.lock.unlock();
            throw e;
        }
    }

    /** What lists show of the owner: the kept listing, never rebuilding a sleeping owner. */
    Object listedNow() {
        return rt.setting.policies().visibly(() -> {
            Object l = listed;
            if (l != null) {
                return l;
            }
            rt.lock.lock();
            try {
                rt.checkOpen();
                if (lost) {
                    awake();
                }
                return asleep != null ? asleep.listing() : currentListing();
            } finally {
                rt.lock.unlock();
            }
        });
    }

    /** Under the lock, live: the listing, computed again when an entry made it stale. */
    private Object currentListing() {
        Object l = listed;
        if (l == null && rt.session() != null) {
            l = rt.listing();
            listed = l;
        }
        return l;
    }

    /** Under the write lock: applies what other processes journaled, holding their writers off meanwhile. */
    private void catchUp() {
        if (!rt.behindOthers()) {
            return;
        }
        try (AutoCloseable ignored = rt.exclusive()) {
            rt.catchUpOthers();
        } catch (IOException e) {
            throw rt.unavailable(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("releasing the hold on other processes' writers failed", e);
        }
    }

    /**
     * Reads the owner so that a reader never sees half of a command: under the read lock for a kind whose reads
     * share it (a sleeping owner is woken under the write lock first), else under the write lock.
     */
    <T> T read(Supplier<T> reader) {
        return rt.setting.policies().visibly(() -> {
            if (!rt.readsShare() || rt.rw.isWriteLockedByCurrentThread()) {
                rt.lock.lock();
                try {
                    rt.checkOpen();
                    awake();
                    catchUp();
                    return reader.get();
                } finally {
                    rt.lock.unlock();
                }
            }
            Lock read = rt.rw.readLock();
            read.lock();
            try {
                if (asleep != null || lost || rt.behindOthers()) {
                    read.unlock();
                    rt.lock.lock();
                    try {
                        rt.checkOpen();
                        awake();
                        catchUp();
                    } finally {
                        read.lock(); // taken before the write lock is let go: no command gets in between
                        rt.lock.unlock();
                    }
                }
                rt.checkOpen();
                lastUsed = System.nanoTime();
                return reader.get();
            } finally {
                read.unlock();
            }
        });
    }
}
