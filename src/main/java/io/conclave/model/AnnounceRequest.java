package io.conclave.model;

/** The operator asks for a contract-net task to be announced again (after it waited or was given up). */
public final class AnnounceRequest implements CommandFact {
    private final String taskId;
    private final String actor;

    public AnnounceRequest(String taskId, String actor) {
        this.taskId = taskId;
        this.actor = actor;
    }

    public String getTaskId() { return taskId; }
    public String getActor() { return actor; }

    @Override
    public String toString() {
        return "request of " + actor + " to announce " + taskId;
    }
}
