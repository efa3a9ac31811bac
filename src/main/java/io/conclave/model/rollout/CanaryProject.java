package io.conclave.model.rollout;

import io.conclave.model.Described;

/**
 * One canary project of a roll-out as its guards read it: what it had when it joined and what it has now, in the
 * terms its ledger has (tasks UNASSIGNABLE, runs FAILED), the commands refused since it joined, and the decisions
 * that the version the other projects run would not have made on its history (-1: not measured).
 */
public final class CanaryProject implements Described {
    private final String rolloutId;
    private final String projectId;
    private final int unassignableBefore;
    private final int unassignableNow;
    private final int refusedCommands;
    private final int differingDecisions;
    private final int failedRunsBefore;
    private final int failedRunsNow;

    public CanaryProject(String rolloutId, String projectId, int unassignableBefore, int unassignableNow,
                         int refusedCommands, int differingDecisions, int failedRunsBefore, int failedRunsNow) {
        this.rolloutId = rolloutId;
        this.projectId = projectId;
        this.unassignableBefore = unassignableBefore;
        this.unassignableNow = unassignableNow;
        this.refusedCommands = refusedCommands;
        this.differingDecisions = differingDecisions;
        this.failedRunsBefore = failedRunsBefore;
        this.failedRunsNow = failedRunsNow;
    }

    public String getRolloutId() { return rolloutId; }
    public String getProjectId() { return projectId; }
    public int getUnassignableBefore() { return unassignableBefore; }
    public int getUnassignableNow() { return unassignableNow; }
    /** UNASSIGNABLE tasks now beyond those the project had when it joined (never below 0). */
    public int getMoreUnassignable() { return Math.max(0, unassignableNow - unassignableBefore); }
    public int getRefusedCommands() { return refusedCommands; }
    /** Decisions the other projects' version would not have made on this history; -1 when not measured. */
    public int getDifferingDecisions() { return differingDecisions; }
    public int getFailedRunsBefore() { return failedRunsBefore; }
    public int getFailedRunsNow() { return failedRunsNow; }
    /** Runs that ended FAILED since the project joined. */
    public int getMoreFailedRuns() { return Math.max(0, failedRunsNow - failedRunsBefore); }

    @Override
    public String describe() {
        return "canary project " + projectId + " [" + unassignableNow + " UNASSIGNABLE task(s), " + unassignableBefore
                + " when it joined; " + refusedCommands + " refused command(s); " + (differingDecisions < 0
                ? "differing decisions not measured" : differingDecisions + " differing decision(s)") + "; "
                + failedRunsNow + " failed run(s), " + failedRunsBefore + " when it joined]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
