package io.conclave.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Forces files to disk, and lets the thread's pool use the wait. A command's journal line is forced before the
 * command is answered; on a disk whose forces take a millisecond the thread is idle all that time. On a thread of a
 * fork-join pool (the command lane's) a slow force, while other commands wait for a thread, is made as a
 * {@link ForkJoinPool.ManagedBlocker}: the pool may start another thread meanwhile, so those commands use the cores
 * while this one waits for the disk, and the lane's size stays the number of commands computing at once, not of
 * forces waiting at once.
 *
 * <p>A fast force (tmpfs, a disk with a battery-backed cache: a few microseconds) is made directly: waking another
 * thread would cost more than the wait. Which kind this machine's forces are is learned from the forces made (a
 * running average over the last few, {@link #SLOW_NANOS} the line between the two).
 */
public final class DiskForces {
    /** Forces slower than this on average are worth handing the thread's core to another command meanwhile. */
    static final long SLOW_NANOS = 100_000;
    /** What this process's forces took lately. */
    private static final Average FORCES = new Average();

    private DiskForces() {
    }

    /** Forces {@code channel} ({@code metadata}: its metadata too); returns how long the force took, in nanoseconds. */
    public static long force(FileChannel channel, boolean metadata) throws IOException {
        long start = System.nanoTime();
        if (FORCES.slow() && Thread.currentThread() instanceof ForkJoinWorkerThread w && othersWaiting(w.getPool())) {
            managed(() -> channel.force(metadata));
        } else {
            channel.force(metadata);
        }
        long took = System.nanoTime() - start;
        FORCES.observed(took);
        return took;
    }

    /**
     * Whether tasks wait in {@code pool} for a thread: only then is another thread worth waking while this one waits
     * for the disk (one woken with nothing to do costs CPU and finds nothing; a task that comes during the force is
     * taken by one of the pool's idle threads).
     */
    private static boolean othersWaiting(ForkJoinPool pool) {
        return pool.hasQueuedSubmissions() || pool.getQueuedTaskCount() > 0;
    }

    /** The running average of the latest forces' durations: each new one weighs an eighth. */
    static final class Average {
        /** Updated without a lock: a lost update between two threads is harmless. */
        private volatile long typicalNanos;

        /** Whether the forces made lately were slow enough to let another thread run while one waits. */
        boolean slow() {
            return typicalNanos >= SLOW_NANOS;
        }

        /** Counts one force's duration in. */
        void observed(long nanos) {
            long t = typicalNanos;
            typicalNanos = t + (nanos - t) / 8;
        }
    }

    /** Blocking input or output. */
    @FunctionalInterface
    public interface Wait {
        void run() throws IOException;
    }

    /**
     * Runs {@code wait}, a blocking call that uses no CPU (a force, a wait for a broker's answer); on a thread of a
     * fork-join pool as a managed block, so that the pool may run another task meanwhile. Elsewhere it simply runs.
     */
    public static void managed(Wait wait) throws IOException {
        if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
            wait.run();
            return;
        }
        Blocker blocker = new Blocker(wait);
        try {
            ForkJoinPool.managedBlock(blocker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
        if (blocker.failure != null) {
            throw blocker.failure;
        }
    }

    private static final class Blocker implements ForkJoinPool.ManagedBlocker {
        private final Wait wait;
        private boolean done;
        private IOException failure;

        Blocker(Wait wait) {
            this.wait = wait;
        }

        @Override
        public boolean block() {
            try {
                wait.run();
            } catch (IOException e) {
                failure = e;
            } finally {
                done = true;
            }
            return true;
        }

        @Override
        public boolean isReleasable() {
            return done;
        }
    }
}
