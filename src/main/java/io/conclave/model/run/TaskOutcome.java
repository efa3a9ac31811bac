package io.conclave.model.run;

import java.time.LocalDateTime;

/**
 * Notice a simulated run posts right after it reported a task completed or failed: rules that react
 * to progress (checkpoints, oversight triggers, spawned meetings) match it; run.drl discards it once
 * every other rule had its turn. {@code late}: a calendar run found the task ended after its plan
 * (or a dependency made it start late); {@code hour}: simulated hours since the run's origin.
 */
public record TaskOutcome(String runId, String taskId, boolean failed, boolean meeting, boolean late,
                          LocalDateTime at, double hour) {
    public String getRunId() { return runId; }
    public String getTaskId() { return taskId; }
    public boolean isFailed() { return failed; }
    public boolean isMeeting() { return meeting; }
    public boolean isLate() { return late; }
    public LocalDateTime getAt() { return at; }
    public double getHour() { return hour; }
}
