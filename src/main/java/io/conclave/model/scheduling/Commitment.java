package io.conclave.model.scheduling;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.conclave.model.Flattened;
import io.conclave.model.project.Between;

/**
 * A meeting a participant has already booked. A new meeting of strictly higher priority may displace
 * it; a commitment without a priority ({@code null}) is never displaced.
 */
public record Commitment(@Label String meeting,
                         @Flattened @NotNull(message = "must be an object") @Valid TimeRange time,
                         @Between(min = 1, max = 5) Integer priority) {
    /** The priority a commitment without one counts as: higher than any meeting can have. */
    public static final int UNMOVABLE = Integer.MAX_VALUE;

    public int rank() {
        return priority == null ? UNMOVABLE : priority;
    }
}
