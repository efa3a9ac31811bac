package io.conclave.engine;

/** Where project sessions get their policies from: the active one, or an exact earlier version for replay. */
public interface PolicySource {
    /** The active policy, or null when no rule set has ever compiled. */
    Policy active();

    /** The policy of that version (compiled from the archive if needed), or the active one when it is gone. */
    Policy byVersion(String version);
}
