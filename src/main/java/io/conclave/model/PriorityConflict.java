package io.conclave.model;

import java.util.List;

/**
 * Tasks of the same (highest) priority competing for one time-sliced agent, recorded once per set so
 * the ledger has one detection per competing set, not one per window (rules/coordination/time_slicing.drl).
 */
public final class PriorityConflict implements Fact {
    private final String agentId;
    private final int priority;
    private final List<String> taskIds;

    public PriorityConflict(String agentId, int priority, List<String> taskIds) {
        this.agentId = agentId;
        this.priority = priority;
        this.taskIds = List.copyOf(taskIds);
    }

    public String getAgentId() { return agentId; }
    public int getPriority() { return priority; }
    /** The competing tasks, in serving order. */
    public List<String> getTaskIds() { return taskIds; }

    @Override
    public String factKey() { return agentId; }

    @Override
    public String describe() {
        return "priority conflict on " + agentId + ": " + taskIds + " at priority " + priority;
    }
}
