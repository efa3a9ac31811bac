package io.conclave.model.scheduling;

/** A commitment a higher-priority meeting takes a participant away from. */
public record Displacement(String meeting, String participant, TimeRange time) {
}
