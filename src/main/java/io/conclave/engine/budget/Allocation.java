package io.conclave.engine.budget;

import java.lang.management.ManagementFactory;

/**
 * The bytes the current thread allocated so far, as HotSpot counts them (its thread-local allocation
 * buffers); -1 where the JVM does not count (then only the bytes charged ahead of library calls count).
 */
final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private Allocation() {
    }

    private static com.sun.management.ThreadMXBean threads() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported()) {
                t.setThreadAllocatedMemoryEnabled(true);
                t.getCurrentThreadAllocatedBytes();
                return t;
            }
        } catch (RuntimeException | LinkageError e) {
            // not counted here: charges ahead of library calls remain
        }
        return null;
    }

    static long current() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }
}
