package io.conclave.model.run;

/**
 * One proposal of a meeting outcome waiting for spawning.drl to decide on it: spawn a task, or drop
 * it (not accepted, spawning off, a cap reached). Lives only while the outcome's command fires;
 * {@code index} keeps the items in the order they were posted, {@code depth} is the depth a task
 * spawned from it would have (the meeting task's depth + 1); {@code simulated} when the outcome is a simulated
 * meeting's (its proposals synthetic).
 */
public record SpawnCandidate(String meetingTaskId, int index, MeetingOutcome.Item item, int depth, boolean simulated) {
    /** A candidate of an outcome of agents (policies before simulated outcomes were told apart build these). */
    public SpawnCandidate(String meetingTaskId, int index, MeetingOutcome.Item item, int depth) {
        this(meetingTaskId, index, item, depth, false);
    }

    public String getMeetingTaskId() { return meetingTaskId; }
    public int getIndex() { return index; }
    public MeetingOutcome.Item getItem() { return item; }
    public int getDepth() { return depth; }
    public boolean isAccepted() { return item.isAccepted(); }
    public boolean isSimulated() { return simulated; }
    /** True when the proposal is a decision, not an action item ({@code kind: decision} in its details). */
    public boolean isDecision() { return item.isDecision(); }
}
