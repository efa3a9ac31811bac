package io.conclave.model.meeting;

import io.conclave.model.Now;
import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * A meeting as a fact: its protocol and its state. Rules move the state (with {@link #moveTo}); the
 * time limit of the state it enters is derived from the protocol here, and what happens when the
 * limit passes is decided by rules against the {@link Now} fact.
 */
// derived properties (active, open, chair, wakeAt) change with the fields: re-evaluate every pattern on modify
@ClassReactive
public class Meeting implements Fact {
    private final String meetingId;
    private final String topic;
    private final String creator;
    private final String facilitator;
    private final Protocol protocol;
    private final int invited;
    private final String projectId;
    private final String taskId;
    private MeetingState state = MeetingState.OPEN;
    private long stateSince;
    private Long wakeAt;
    private boolean summarized;
    private boolean voteHeld;

    public Meeting(MeetingSpec spec, long createdAt) {
        this.meetingId = spec.meetingId();
        this.topic = spec.topic();
        this.creator = spec.creator();
        this.facilitator = spec.facilitator();
        this.protocol = spec.protocol();
        this.invited = spec.participants().size();
        this.projectId = spec.projectId();
        this.taskId = spec.taskId();
        this.stateSince = createdAt;
    }

    /** Enters {@code next} at {@code at} (epoch millis) and starts that state's time limit, if the protocol sets one. */
    public void moveTo(MeetingState next, long at) {
        state = next;
        stateSince = at;
        voteHeld |= next == MeetingState.VOTING;
        Double minutes = switch (next) {
            case DISCUSSION -> protocol.discussionMinutes();
            case VOTING -> protocol.votingMinutes();
            case CLOSED -> protocol.archiveAfterMinutes();
            default -> null;
        };
        wakeAt = minutes == null ? null : at + Math.round(minutes * 60_000);
    }

    /** The agent who may force state changes: the facilitator, or the creator when there is none. */
    public String getChair() {
        return facilitator != null ? facilitator : creator;
    }

    /** Joined participants needed to open the discussion: the protocol's quorum, or more than half of the invited. */
    public int getQuorumNeeded() {
        return protocol.quorum() != null ? protocol.quorum() : invited / 2 + 1;
    }

    public String getMeetingId() { return meetingId; }
    public String getTopic() { return topic; }
    public String getCreator() { return creator; }
    public String getFacilitator() { return facilitator; }
    public Protocol getProtocol() { return protocol; }
    public Threshold getThreshold() { return protocol.threshold(); }
    public int getFaultTolerance() { return protocol.faultTolerance() == null ? 0 : protocol.faultTolerance(); }
    public int getInvited() { return invited; }
    public String getProjectId() { return projectId; }
    public String getTaskId() { return taskId; }
    public MeetingState getState() { return state; }
    public long getStateSince() { return stateSince; }
    /** When the current state's time limit passes (epoch millis), or null without a limit. */
    public Long getWakeAt() { return wakeAt; }
    public boolean isSummarized() { return summarized; }
    /** True once the meeting has been in the voting state (a closed meeting without it never voted). */
    public boolean isVoteHeld() { return voteHeld; }
    public void setSummarized(boolean summarized) { this.summarized = summarized; }

    @Override
    public String factKey() {
        return meetingId;
    }

    @Override
    public String describe() {
        return "meeting " + meetingId + " [" + state.json() + ", chair " + getChair() + ", " + protocol.threshold().json()
                + (wakeAt == null ? "" : ", time limit " + java.time.Instant.ofEpochMilli(wakeAt)) + "]";
    }
}
