package io.conclave.model.scheduling;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.conclave.model.Flattened;
import io.conclave.model.project.Between;

/** How much a participant likes meeting inside {@code time}: a score from 0 to 10. */
public record Preference(@Flattened @NotNull(message = "must be an object") @Valid TimeRange time,
                         @Between(min = 0, max = 10) double score) {
}
