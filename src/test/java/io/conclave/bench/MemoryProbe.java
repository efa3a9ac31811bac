package io.conclave.bench;

/**
 * How long one read of main memory takes on this machine now, for a benchmark's header and summary. The project's
 * machines are virtual, and what the host does with a guest's memory cannot be seen from inside: on 2026-11-30 a loop
 * of random reads ran about a hundred times slower than usual until the guest's page cache was dropped, and the
 * assignment benchmark's CPU figures were 3 to 10 times their usual, the rules' more than the hand-written loop's
 * (docs/benchmarks.md, "the fourteenth session: a machine whose memory was slow"). The load average does not show
 * it: the probe does.
 *
 * <p>The probe follows a chain of 2M dependent reads through a 64 MB array (beyond any cache of these machines), in
 * the order of a full-period linear congruential sequence, which no prefetcher follows: each read waits for the one
 * before it.
 */
final class MemoryProbe {
    /** 16M ints, 64 MB: a power of two, the sequence's modulus. */
    private static final int SLOTS = 1 << 24;
    private static final int READS = 1 << 21;
    /** Multiplier and increment of the sequence: the increment odd, the multiplier one more than a multiple of 4. */
    private static final long MULTIPLIER = 1_103_515_245L;
    private static final long INCREMENT = 12_345L;
    /** Where the chain ended, kept so the reads are not optimised away. */
    private static volatile int sink;

    private MemoryProbe() {
    }

    /** The mean wall-clock nanoseconds of one read of the chain. */
    static double nanosPerRead() {
        int[] next = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            // each slot holds the next value of the sequence: the chain goes through every slot once
            next[i] = (int) ((MULTIPLIER * i + INCREMENT) & (SLOTS - 1));
        }
        int at = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < READS; r++) {
            at = next[at];
        }
        long nanos = System.nanoTime() - t0;
        sink = at;
        return (double) nanos / READS;
    }

    /** A read slower than this says the machine's memory is not itself (about 200 ns is usual on these machines). */
    private static final double SLOW_NANOS = 1_000;

    /** "a random memory read 195 ns", for a header line; a slow read says what that means for the run. */
    static String describe() {
        double nanos = nanosPerRead();
        return String.format(java.util.Locale.ROOT, "a random memory read %.0f ns%s", nanos, nanos > SLOW_NANOS
                ? " (slow: this run's figures say little of the code; docs/benchmarks.md says what to do)" : "");
    }
}
