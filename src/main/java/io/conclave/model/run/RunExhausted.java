package io.conclave.model.run;

/**
 * Notice a simulated run posts when nothing more can progress: no task is running and none can start.
 * The rules decide how the run ends (rules/execution/run.drl: completed, or failed with the reason);
 * run.drl discards the notice afterwards.
 */
public record RunExhausted(String runId) {
    public String getRunId() { return runId; }
}
