package io.conclave.engine.budget;

/**
 * The bounds of one command's rule code.
 *
 * @param millis      wall time, in milliseconds, from the moment the meter is armed (0: none)
 * @param maxDepth    levels of policy functions and lambdas on the stack at once (recursion)
 * @param maxBytes    bytes the thread may allocate while the meter is armed (rule code and the engine's
 *                    own work for the command alike: the JVM counts per thread, not per caller)
 * @param maxValueBytes bytes one string, builder, number or collection a library call makes may hold
 * @param maxCallWork elements one library call may visit (a sort, a join, a bulk removal)
 */
public record Limits(long millis, int maxDepth, long maxBytes, long maxValueBytes, long maxCallWork) {
    /** No meter: what runs before the service configures one (the build, tests of the rules alone). */
    public static final Limits NONE = new Limits(0, 1_000, Long.MAX_VALUE, 64L << 20, 50_000_000L);

    /** The service's bounds: {@code memoryShare} of the maximum heap for one command, an eighth of that for one value. */
    public static Limits of(long millis, int maxDepth, double memoryShare) {
        long bytes = (long) (Runtime.getRuntime().maxMemory() * memoryShare);
        return new Limits(millis, maxDepth, bytes, Math.max(bytes / 8, 1L << 20), 50_000_000L);
    }

    /** The same bounds with another wall time. */
    public Limits withMillis(long ms) {
        return new Limits(ms, maxDepth, maxBytes, maxValueBytes, maxCallWork);
    }
}
