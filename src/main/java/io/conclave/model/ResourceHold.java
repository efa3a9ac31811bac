package io.conclave.model;

/**
 * A resource held exclusively by a task, from when the task leaves READY (assigned, or announced by
 * the contract net) until it ends or goes back to READY. Inserted and removed by rules/coordination/conflicts.drl.
 */
public final class ResourceHold implements Fact {
    private final String resource;
    private final String taskId;

    public ResourceHold(String resource, String taskId) {
        this.resource = resource;
        this.taskId = taskId;
    }

    public String getResource() { return resource; }
    public String getTaskId() { return taskId; }

    @Override
    public String factKey() { return resource + "\u0000" + taskId; }

    @Override
    public String describe() { return "resource " + resource + " held by " + taskId; }
}
