package io.conclave.model.resource;

import io.conclave.model.Described;

/**
 * What an agent asks of a shared resource of its project: to use it ({@code hours} null: alone until it lets go;
 * a number: that many hours in time-sliced windows), or to let go of it. Inserted for
 * rules/coordination/resources.drl and resource_windows.drl, which accept it (delete it and act) or refuse it with a
 * {@link io.conclave.model.Refusal}. {@code at} is the command's journaled time (epoch millis).
 */
public final class ResourceCommand implements Described {
    /** The kinds of request. */
    public enum Kind { REQUEST, RELEASE }

    private final Kind kind;
    private final String resource;
    private final String agentId;
    private final String taskId;
    private final Double hours;

    private ResourceCommand(Kind kind, String resource, String agentId, String taskId, Double hours) {
        this.kind = kind;
        this.resource = resource;
        this.agentId = agentId;
        this.taskId = taskId;
        this.hours = hours;
    }

    /** A request: for the task {@code taskId} (or none), alone ({@code hours} null) or in windows of {@code hours} in all. */
    public static ResourceCommand request(String resource, String agentId, String taskId, Double hours) {
        return new ResourceCommand(Kind.REQUEST, resource, agentId, taskId, hours);
    }

    public static ResourceCommand release(String resource, String agentId) {
        return new ResourceCommand(Kind.RELEASE, resource, agentId, null, null);
    }

    public Kind getKind() { return kind; }
    public String getResource() { return resource; }
    public String getAgentId() { return agentId; }
    /** The task the agent needs the resource for, or null. */
    public String getTaskId() { return taskId; }
    /** Hours asked for in windows; null for use alone until released. */
    public Double getHours() { return hours; }
    public boolean isWindowed() { return hours != null; }

    @Override
    public String describe() {
        return kind == Kind.RELEASE ? "release of " + resource + " by " + agentId
                : "request of " + resource + " by " + agentId + (taskId == null ? "" : " for " + taskId)
                + (hours == null ? " (alone, until released)" : " (" + hours + " h in windows)");
    }

    @Override
    public String toString() {
        return describe();
    }
}
