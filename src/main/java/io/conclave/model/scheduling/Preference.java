package io.conclave.model.scheduling;

/** How much a participant likes meeting inside {@code time}: a score from 0 to 10. */
public record Preference(TimeRange time, double score) {
}
