package io.conclave.engine.budget;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A worker thread that carries its own {@link Meter} and its own count of loop turns, for a pool whose threads run
 * commands one after another (the command lane). The hooks of {@link Budget} read them from the thread itself: on any
 * other thread they read a thread-local, and the loop turns of every other thread count down one shared counter, whose
 * cache line two cores running rules side by side would otherwise pass back and forth at every turn.
 */
public class MeteredThread extends ForkJoinWorkerThread {
    /** The meter armed on this thread, or null. */
    Meter meter;
    /** Loop turns until the next look at the meter. */
    int turns = Budget.CHECK_EVERY;

    public MeteredThread(ForkJoinPool pool) {
        super(pool);
    }
}
