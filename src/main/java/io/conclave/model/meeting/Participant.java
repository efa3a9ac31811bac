package io.conclave.model.meeting;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/** An invited agent of a meeting and where it stands: invited, joined (active) or left. */
// derived properties (active, open, chair, wakeAt) change with the fields: re-evaluate every pattern on modify
@ClassReactive
public class Participant implements Fact, io.conclave.model.CommandInput {
    private final String agentId;
    private final int order;
    private ParticipantStatus status = ParticipantStatus.INVITED;
    private boolean attended;

    public Participant(String agentId, int order) {
        this.agentId = agentId;
        this.order = order;
    }

    public String getAgentId() { return agentId; }
    /** Position in the invitation list. */
    public int getOrder() { return order; }
    public ParticipantStatus getStatus() { return status; }
    public void setStatus(ParticipantStatus status) {
        this.status = status;
        attended |= status == ParticipantStatus.JOINED;
    }
    /** True once the agent has joined, even if it left later: it attended. */
    public boolean isAttended() { return attended; }
    public boolean isActive() { return status == ParticipantStatus.JOINED; }

    @Override
    public String factKey() {
        return String.format("%06d", order);
    }

    @Override
    public String describe() {
        return "participant " + agentId + " [" + status.json() + "]";
    }
}
