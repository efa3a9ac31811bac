package io.conclave.model.rollout;

import java.time.Instant;

import io.conclave.model.Described;

/**
 * The guards of a running roll-out, as the rules of {@code rollouts/} read them: the roll-out, the version it
 * tries and the one the other projects run, each budget (how much worse a canary project may do than before it
 * joined; -1: that guard is not checked) and when its window ends (epoch milliseconds).
 */
public final class CanaryGuards implements Described {
    private final String rolloutId;
    private final String version;
    private final String previousVersion;
    private final int unassignableTasks;
    private final int refusedCommands;
    private final int differingDecisions;
    private final int failedRuns;
    private final long windowEndsAt;

    public CanaryGuards(String rolloutId, String version, String previousVersion, RolloutRequest.Guards budgets,
                        long windowEndsAt) {
        RolloutRequest.Guards g = budgets.resolved();
        this.rolloutId = rolloutId;
        this.version = version;
        this.previousVersion = previousVersion;
        this.unassignableTasks = g.unassignableTasks();
        this.refusedCommands = g.refusedCommands();
        this.differingDecisions = g.differingDecisions() == null ? -1 : g.differingDecisions();
        this.failedRuns = g.failedRuns();
        this.windowEndsAt = windowEndsAt;
    }

    public String getRolloutId() { return rolloutId; }
    public String getVersion() { return version; }
    public String getPreviousVersion() { return previousVersion; }
    public int getUnassignableTasks() { return unassignableTasks; }
    public int getRefusedCommands() { return refusedCommands; }
    /** The budget of differing decisions; -1 when that guard is not checked. */
    public int getDifferingDecisions() { return differingDecisions; }
    public int getFailedRuns() { return failedRuns; }
    public long getWindowEndsAt() { return windowEndsAt; }

    @Override
    public String describe() {
        return "roll-out " + rolloutId + " of policy " + version + " (the others run " + previousVersion + "): "
                + unassignableTasks + " more UNASSIGNABLE task(s), " + refusedCommands + " refused command(s), "
                + (differingDecisions < 0 ? "differing decisions not checked" : differingDecisions
                + " differing decision(s)") + ", " + failedRuns + " failed run(s) allowed; window until "
                + Instant.ofEpochMilli(windowEndsAt);
    }

    @Override
    public String toString() {
        return describe();
    }
}
