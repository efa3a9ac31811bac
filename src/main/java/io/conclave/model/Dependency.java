package io.conclave.model;

/** "{@code taskId} depends on {@code dependsOn}": one fact per edge, so readiness joins are indexed, not scanned. */
public final class Dependency implements Fact {
    private final String taskId;
    private final String dependsOn;

    public Dependency(String taskId, String dependsOn) {
        this.taskId = taskId;
        this.dependsOn = dependsOn;
    }

    public String getTaskId() { return taskId; }
    public String getDependsOn() { return dependsOn; }

    @Override
    public String factKey() { return taskId + "\u0000" + dependsOn; }

    @Override
    public String describe() { return "dependency " + taskId + " -> " + dependsOn; }
}
