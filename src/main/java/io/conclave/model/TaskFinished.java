package io.conclave.model;

import java.time.LocalDateTime;

/**
 * Notice the simulator posts when a task completed in a calendar run (simulated time): the planning rules
 * compare it with its dependents' plans, then discard it.
 */
public record TaskFinished(String taskId, LocalDateTime at) {
    public String getTaskId() { return taskId; }
    public LocalDateTime getAt() { return at; }
}
