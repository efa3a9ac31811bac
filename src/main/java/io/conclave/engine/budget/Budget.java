package io.conclave.engine.budget;

/**
 * The bounds of rule code, enforced from inside it. The policy's compiled classes are instrumented
 * ({@link Instrumenter}) with calls to the static hooks of this class: one on every backward branch
 * (a loop's next turn), one on entry to and exit from every function and lambda body (recursion), one
 * at every handler that catches {@code Throwable} (so a policy cannot swallow its own stop), and
 * checks before the library calls that allocate or work in proportion to a number the policy computes
 * ({@link Bounded}). The host arms a {@link Meter} on the thread that applies one command (or replays
 * one journal entry, or opens a session); the hooks count against it and throw {@link BudgetExceeded}
 * when it is spent. Rule code that runs while no meter is armed (the build, a test of the rules
 * alone) is not bounded.
 * <p>
 * The hooks cost a thread-local read and a decrement; the wall clock and the thread's allocation
 * counter are read every {@link #CHECK_EVERY} hooks, so a loop is stopped within microseconds of its
 * bound.
 */
public final class Budget {
    /** The internal name generated code calls. */
    public static final String INTERNAL = "io/conclave/engine/budget/Budget";
    /** Hooks between two looks at the clock and the allocation counter. */
    static final int CHECK_EVERY = 256;

    /** The meter armed on a thread that is not a {@link MeteredThread} (which carries its own). */
    private static final ThreadLocal<Meter> CURRENT = new ThreadLocal<>();
    private static volatile Limits limits = Limits.NONE;

    private Budget() {
    }

    /** Sets the bounds every meter armed from now on gets (the service's configuration). */
    public static void configure(Limits configured) {
        limits = configured;
    }

    /** The bounds a meter armed now gets. */
    public static Limits limits() {
        return limits;
    }

    /**
     * Arms a meter with the configured bounds on this thread until the returned scope is closed; a meter
     * armed before (an outer command) is put back then.
     */
    public static Scope arm() {
        return arm(limits);
    }

    /** Arms a meter with {@code bounds} on this thread until the returned scope is closed. */
    public static Scope arm(Limits bounds) {
        Meter outer = meter();
        Meter m = new Meter(bounds);
        set(m);
        return new Scope(m, outer);
    }

    /** An armed meter; closing it disarms it and puts back the one armed before. */
    public static final class Scope implements AutoCloseable {
        private final Meter meter;
        private final Meter outer;

        private Scope(Meter meter, Meter outer) {
            this.meter = meter;
            this.outer = outer;
        }

        /** The meter of this scope (its use so far). */
        public Meter meter() {
            return meter;
        }

        @Override
        public void close() {
            set(outer);
        }
    }

    /** The meter armed on this thread, or null. */
    public static Meter current() {
        return meter();
    }

    /**
     * The meter armed on this thread: a field of a {@link MeteredThread} (the command lane's: a hook costs a type check
     * and a field's read there), a thread-local read on any other thread.
     */
    private static Meter meter() {
        return Thread.currentThread() instanceof MeteredThread t ? t.meter : CURRENT.get();
    }

    private static void set(Meter m) {
        if (Thread.currentThread() instanceof MeteredThread t) {
            t.meter = m;
        } else if (m == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(m);
        }
    }

    /** True when the meter armed on this thread is past its wall time (read between two rule firings). */
    public static boolean pastDeadline() {
        Meter m = meter();
        return m != null && m.pastDeadline();
    }

    // ------------------------------------------------------------------ hooks called from instrumented code

    /**
     * Loop turns until the next look at the meter, for every thread but a {@link MeteredThread} (which counts its own).
     * Shared and unsynchronised on purpose: a loop turn then costs a decrement, not a thread-local read, and a lost
     * update only moves a look by a turn. A thread spinning alone looks every {@link #CHECK_EVERY} turns; threads
     * spinning side by side share the looks.
     */
    private static int turns = CHECK_EVERY;

    /** A loop's backward branch. */
    public static void loop() {
        if (Thread.currentThread() instanceof MeteredThread t) {
            // its own count: the lane's threads, on cores side by side, do not write one counter's cache line in turn
            if (--t.turns <= 0) {
                t.turns = CHECK_EVERY;
                Meter m = t.meter;
                if (m != null) {
                    m.check();
                }
            }
            return;
        }
        if (--turns <= 0) {
            turns = CHECK_EVERY;
            Meter m = CURRENT.get();
            if (m != null) {
                m.check();
            }
        }
    }

    /** Entry to a function or lambda body: one level deeper. */
    public static void enter() {
        Meter m = meter();
        if (m != null) {
            m.enter();
        }
    }

    /** Exit from a function or lambda body, normal or by an exception. */
    public static void exit() {
        Meter m = meter();
        if (m != null) {
            m.depth--;
        }
    }

    /** At a handler catching {@code Throwable}: a stop goes on up, whatever the policy catches. */
    public static void caught(Throwable t) {
        if (t instanceof BudgetExceeded stop) {
            throw stop;
        }
        Meter m = meter();
        if (m != null && m.stopped != null) {
            throw m.stopped;
        }
    }

    /**
     * Before creating an array of {@code count} elements of {@code elementBytes} each; returns {@code count}. A
     * small array (the arguments of a call with a variable number of them) is left to the periodic look at the
     * thread's allocation counter: charging it would read that counter at every call.
     */
    public static int array(int count, int elementBytes) {
        long bytes = (long) Math.max(count, 0) * elementBytes;
        if (bytes > SMALL) {
            charge(bytes, "an array of " + count + " elements");
        }
        return count;
    }

    /** Bytes below which one allocation is not charged ahead (it is counted by the thread's allocation counter). */
    static final long SMALL = 64 << 10;

    /**
     * Counts {@code bytes} the next library call will allocate against the command's memory bound, before
     * the call makes them; throws when they would take it past the bound.
     */
    static void charge(long bytes, String what) {
        Meter m = meter();
        if (m != null) {
            m.charge(bytes, what);
        } else if (bytes > limits.maxValueBytes()) {
            // no command to charge (a test of the rules alone): a single value past the bound is still refused
            throw refuse(BudgetExceeded.Limit.MEMORY, what + " would take " + bytes + " bytes, more than one value may ("
                    + limits.maxValueBytes() + ")");
        }
    }

    /** Counts {@code units} of work a library call will do (element visits) against the command's time. */
    static void work(long units, String what) {
        Meter m = meter();
        long most = (m != null ? m.limits() : limits).maxCallWork();
        if (units > most) {
            throw refuse(BudgetExceeded.Limit.TIME, what + " would visit " + units
                    + " elements in one library call, more than " + most);
        }
        if (m != null) {
            m.work(units);
        }
    }

    /** Stops the armed meter (so that every later hook throws too) and throws; throws as well when none is armed. */
    static BudgetExceeded refuse(BudgetExceeded.Limit limit, String message) {
        Meter m = meter();
        if (m != null) {
            m.stop(limit, message);
        }
        throw new BudgetExceeded(limit, message);
    }
}
