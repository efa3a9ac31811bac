package io.conclave.model;

import java.time.LocalDateTime;

/** When a task completed in a calendar run (simulated time); the planning rules compare it with dependents' plans. */
public record TaskFinished(String taskId, LocalDateTime at) implements Fact {
    public String getTaskId() { return taskId; }
    public LocalDateTime getAt() { return at; }

    @Override
    public String factKey() { return taskId; }

    @Override
    public String describe() { return "task " + taskId + " finished at " + at; }
}
