package io.conclave.model.run;

import java.util.ArrayList;
import java.util.List;

import io.conclave.model.Fact;

/**
 * A meeting task's outcome as spawning.drl took it in: how many proposals it had, the tasks spawned
 * from it and the proposals dropped by a cap, in order. Kept, so a second outcome for the same meeting
 * task is refused (the live service checks it to stay idempotent on catch-up).
 */
public final class OutcomeRecord implements Fact {
    private final String meetingTaskId;
    private final String meetingId;
    private final int proposals;
    private final List<String> spawned = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();

    public OutcomeRecord(String meetingTaskId, String meetingId, int proposals) {
        this.meetingTaskId = meetingTaskId;
        this.meetingId = meetingId;
        this.proposals = proposals;
    }

    public String getMeetingTaskId() { return meetingTaskId; }
    public String getMeetingId() { return meetingId; }
    public int getProposals() { return proposals; }
    /** Ids of the tasks spawned from the outcome, in item order. */
    public List<String> getSpawned() { return List.copyOf(spawned); }
    /** Ids of the accepted proposals a cap dropped. */
    public List<String> getDropped() { return List.copyOf(dropped); }

    public void addSpawned(String taskId) { spawned.add(taskId); }
    public void addDropped(String proposalId) { dropped.add(proposalId); }

    @Override
    public String factKey() { return meetingTaskId; }

    @Override
    public String describe() {
        return "outcome of " + meetingTaskId + " [" + proposals + " proposal(s), spawned " + spawned
                + (dropped.isEmpty() ? "" : ", dropped " + dropped) + "]";
    }
}
