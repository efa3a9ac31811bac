package io.conclave.model;

/**
 * A fact the application owns and carries from one policy version to the next when rules are
 * hot-swapped. Facts that are not {@code Fact}s (serving queues, rankings, events, decisions, types
 * declared in DRL) belong to one session only.
 */
public interface Fact extends Described {
    /** Position among facts of its kind; re-insertion after a swap follows this order for determinism. */
    String factKey();

    /** A short human description used in the decision ledger ("task kickoff [READY, priority 5]"). */
    @Override
    String describe();
}
