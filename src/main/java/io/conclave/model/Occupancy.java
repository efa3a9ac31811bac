package io.conclave.model;

/**
 * An agent held by a task: one for an assigned task, one per attendee for a meeting. Inserted by the
 * assignment rules, removed by the release rule when the task ends.
 */
public final class Occupancy implements Fact {
    private final String taskId;
    private final String agentId;
    private final double hours;

    public Occupancy(String taskId, String agentId, double hours) {
        this.taskId = taskId;
        this.agentId = agentId;
        this.hours = hours;
    }

    public String getTaskId() { return taskId; }
    public String getAgentId() { return agentId; }
    public double getHours() { return hours; }

    @Override
    public String factKey() { return taskId + "\u0000" + agentId; }

    @Override
    public String describe() { return "occupancy " + agentId + " on " + taskId + " (" + hours + " h)"; }
}
