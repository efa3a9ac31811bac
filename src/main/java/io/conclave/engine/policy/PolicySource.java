package io.conclave.engine.policy;

/** Where project sessions get their policies from: the active one, or an exact earlier version for replay. */
public interface PolicySource {
    /** The active policy, or null when no rule set has ever compiled. */
    Policy active();

    /** The policy of that version (compiled from the archive if needed), or the active one when it is gone. */
    Policy byVersion(String version);

    /**
     * Runs a read that reports which version owners run so that it sees an activation whole: from before its
     * trial began or after it went live, never owners already on a version that is not active yet.
     */
    default <T> T visibly(java.util.function.Supplier<T> read) {
        return read.get();
    }
}
