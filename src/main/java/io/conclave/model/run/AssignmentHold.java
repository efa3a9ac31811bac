package io.conclave.model.run;

import io.conclave.model.Fact;

/**
 * While this fact is in a project's session no new assignment goes out: the serving queue is not formed
 * (rules/assignment/assignment.drl), so READY tasks stay READY. Inserted and taken out by
 * rules/execution/live_runs.drl while a run of real agents is paused, whose agents would otherwise be handed
 * new work during the review.
 */
public final class AssignmentHold implements Fact {
    private final String runId;
    private final String reason;

    public AssignmentHold(String runId, String reason) {
        this.runId = runId;
        this.reason = reason;
    }

    public String getRunId() { return runId; }
    public String getReason() { return reason; }

    @Override
    public String factKey() {
        return runId;
    }

    @Override
    public String describe() {
        return "assignments held by run " + runId + ": " + reason;
    }

    @Override
    public String toString() {
        return describe();
    }
}
