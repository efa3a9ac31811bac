package io.conclave.model;

import java.util.List;

/**
 * A detected conflict a task is waiting out: {@code taskId} waits for {@code holderId} to end.
 * {@code type} is "resource" (the subject is the resource) or "meeting" (the subject names the shared
 * attendees). Inserted when the conflict is detected, removed when it is resolved (rules/coordination/conflicts.drl).
 */
public final class ConflictWait implements Fact {
    private final String type;
    private final String taskId;
    private final String holderId;
    private final String subject;
    private final List<String> shared;

    public ConflictWait(String type, String taskId, String holderId, String subject, List<String> shared) {
        this.type = type;
        this.taskId = taskId;
        this.holderId = holderId;
        this.subject = subject;
        this.shared = List.copyOf(shared);
    }

    public String getType() { return type; }
    public String getTaskId() { return taskId; }
    public String getHolderId() { return holderId; }
    /** The resource, or for a meeting the holder meeting's id. */
    public String getSubject() { return subject; }
    /** For a meeting, the attendees both meetings share (sorted); empty for a resource. */
    public List<String> getShared() { return shared; }

    @Override
    public String factKey() { return type + "\u0000" + taskId + "\u0000" + holderId + "\u0000" + subject; }

    @Override
    public String describe() { return type + " conflict: " + taskId + " waits for " + holderId + " (" + subject + ")"; }
}
