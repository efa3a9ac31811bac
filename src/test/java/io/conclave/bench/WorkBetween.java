package io.conclave.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * What the conversation benchmark does between two timed decisions, untimed, to show what the rules cost when the
 * work between them leaves them cold, as a server's does (docs/benchmarks.md, "the twenty-second session"). In the
 * benchmark's own loop one conversation decides 250 messages in a row on one thread, its memory always in the
 * caches; a server decides a conversation's message after other conversations', requests, answers and threads.
 * <ul>
 *   <li>{@code evict-N}: N MiB read and written, a line of the caches in every 64 bytes: the caches' contents
 *   replaced by other data (past the last level's size, nothing of the rules' stays);</li>
 *   <li>{@code park-N}: the thread sleeps N microseconds: its core runs something else or idles meanwhile;</li>
 *   <li>{@code other-thread}: every other decision is made on a second thread, spinning while it waits (so on the
 *   other core), as a server's commands move between the threads of its lane.</li>
 * </ul>
 */
interface WorkBetween extends AutoCloseable {
    /** What the work is, for the report: "4 MiB read and written between decisions". */
    String describe();

    /** The work before a timed decision. */
    void before();

    /** Makes decision number {@code n} of a conversation: here, or on another thread. */
    default void decide(int n, Runnable decision) {
        decision.run();
    }

    @Override
    default void close() {
    }

    /** {@code before} between decisions, described as {@code description}. */
    static WorkBetween of(String description, Runnable before) {
        return new WorkBetween() {
            @Override public String describe() { return description; }
            @Override public void before() { before.run(); }
        };
    }

    /** Nothing between decisions. */
    static WorkBetween nothing() {
        return of("nothing between decisions", () -> { });
    }

    /** Throws when {@code spec} is none of {@code evict-N}, {@code park-N}, {@code other-thread} (makes nothing). */
    static void check(String spec) {
        size(spec);
    }

    /** N of {@code evict-N} (1-1024) or {@code park-N} (1-1000000), 0 for {@code other-thread}. */
    private static int size(String spec) {
        if (spec.equals("other-thread")) {
            return 0;
        }
        int dash = spec.indexOf('-');
        String kind = dash < 0 ? spec : spec.substring(0, dash);
        int n;
        try {
            n = Integer.parseInt(spec.substring(dash + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            n = -1;
        }
        if (kind.equals("evict") && n >= 1 && n <= 1024 || kind.equals("park") && n >= 1 && n <= 1_000_000) {
            return n;
        }
        throw new IllegalArgumentException("'" + spec + "' is not evict-MIB (1-1024), park-MICROSECONDS (1-1000000) "
                + "or other-thread");
    }

    /** One of {@code evict-N}, {@code park-N}, {@code other-thread}. */
    static WorkBetween parse(String spec) {
        int n = size(spec);
        if (spec.equals("other-thread")) {
            return new OtherThread();
        }
        if (spec.startsWith("evict-")) {
            int[] data = new int[n << 18];
            long[] sink = new long[1];
            return of(n + " MiB read and written between decisions", () -> {
                long x = 0;
                for (int i = 0; i < data.length; i += 16) {
                    x += data[i]++;
                }
                sink[0] += x;
            });
        }
        long nanos = n * 1000L;
        return of("the thread asleep " + n + " us between decisions", () -> LockSupport.parkNanos(nanos));
    }

    /** Every other decision made on a second thread that spins while it waits for one. */
    final class OtherThread implements WorkBetween {
        private final AtomicReference<Runnable> handed = new AtomicReference<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<RuntimeException> failed = new AtomicReference<>();
        private final Thread other = new Thread(this::serve, "bench-other-thread");

        OtherThread() {
            other.setDaemon(true);
            other.start();
        }

        private void serve() {
            while (!stop.get()) {
                Runnable r = handed.get();
                if (r == null) {
                    Thread.onSpinWait();
                    continue;
                }
                try {
                    r.run();
                } catch (RuntimeException e) {
                    failed.set(e);
                }
                handed.set(null);
            }
        }

        @Override
        public String describe() {
            return "every other decision made on a second thread (both spinning, so on both cores)";
        }

        @Override
        public void before() {
        }

        @Override
        public void decide(int n, Runnable decision) {
            if (n % 2 == 0) {
                decision.run();
                return;
            }
            handed.set(decision);
            while (handed.get() != null) {
                Thread.onSpinWait();
            }
            RuntimeException e = failed.getAndSet(null);
            if (e != null) {
                throw e;
            }
        }

        @Override
        public void close() {
            stop.set(true);
        }
    }
}
