package io.conclave.engine.budget;

/**
 * What one command's rule code has used: wall time since it was armed, policy functions on the stack,
 * bytes allocated by the thread (and charged before a library call makes them). Used by one thread
 * only. Once a bound is passed the meter stays stopped: every later hook throws the same error, so a
 * policy that catches it and loops on meets it again at the next turn.
 */
public final class Meter {
    private final Limits limits;
    private final long startNanos = System.nanoTime();
    private final long deadline;
    private final long startAllocated = Allocation.current();
    private int countdown = Budget.CHECK_EVERY;
    int depth;
    private int deepest;
    private long charged;
    BudgetExceeded stopped;

    Meter(Limits limits) {
        this.limits = limits;
        this.deadline = limits.millis() > 0 ? startNanos + limits.millis() * 1_000_000 : Long.MAX_VALUE;
    }

    void tick() {
        if (--countdown <= 0) {
            check();
        }
    }

    void enter() {
        if (++depth > limits.maxDepth()) {
            stop(BudgetExceeded.Limit.DEPTH, "policy functions called each other more than " + limits.maxDepth()
                    + " levels deep (conclave.rules.max-depth)");
        }
        if (depth > deepest) {
            deepest = depth;
        }
        tick();
    }

    void charge(long bytes, String call) {
        if (bytes > limits.maxValueBytes()) {
            stop(BudgetExceeded.Limit.MEMORY, call + " would take " + bytes + " bytes; one value may take "
                    + limits.maxValueBytes());
        }
        charged += bytes;
        check();
    }

    void work(long units) {
        long left = countdown - units / 64;
        countdown = (int) Math.max(0, Math.min(left, Budget.CHECK_EVERY));
        tick();
    }

    /** Reads the clock and the allocation counter; stops the meter when either is past its bound. */
    void check() {
        countdown = Budget.CHECK_EVERY;
        if (stopped != null) {
            throw stopped;
        }
        long now = System.nanoTime();
        if (now > deadline) {
            stop(BudgetExceeded.Limit.TIME, "ran for " + (now - startNanos) / 1_000_000 + " ms, longer than the "
                    + limits.millis() + " ms a command may (conclave.max-command-millis)");
        }
        long used = allocated();
        if (used > limits.maxBytes()) {
            stop(BudgetExceeded.Limit.MEMORY, "allocated " + used / (1 << 20) + " MiB, more than the "
                    + limits.maxBytes() / (1 << 20) + " MiB one command may (conclave.rules.command-memory-share)");
        }
    }

    void stop(BudgetExceeded.Limit limit, String message) {
        stopped = new BudgetExceeded(limit, message);
        throw stopped;
    }

    boolean pastDeadline() {
        return System.nanoTime() > deadline;
    }

    /** Bytes allocated by this thread since the meter was armed, plus those charged ahead of library calls. */
    public long allocated() {
        long now = Allocation.current();
        return (now < 0 || startAllocated < 0 ? 0 : now - startAllocated) + charged;
    }

    /** The bounds this meter holds rule code to. */
    public Limits limits() {
        return limits;
    }

    /** Milliseconds since the meter was armed. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The most policy functions that were on the stack at once. */
    public int deepest() {
        return deepest;
    }

    /** The error the meter stopped with, or null. */
    public BudgetExceeded stopped() {
        return stopped;
    }
}
