package io.conclave.model.scheduling;

/**
 * A meeting a participant has already booked. A new meeting of strictly higher priority may displace
 * it; a commitment without a priority ({@code null}) is never displaced.
 */
public record Commitment(String meeting, TimeRange time, Integer priority) {
    /** The priority a commitment without one counts as: higher than any meeting can have. */
    public static final int UNMOVABLE = Integer.MAX_VALUE;

    public int rank() {
        return priority == null ? UNMOVABLE : priority;
    }
}
