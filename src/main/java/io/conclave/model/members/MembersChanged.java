package io.conclave.model.members;

/**
 * Signal that the project's agents changed (one registered, updated or retired): the roster is rebuilt once
 * ({@code rosterRebuilt}), and unassignable and waiting tasks get another look (rules/assignment/members.drl).
 */
public final class MembersChanged {
    private final String agentId;
    private final String reason;
    private boolean rosterRebuilt;

    public MembersChanged(String agentId, String reason) {
        this.agentId = agentId;
        this.reason = reason;
    }

    public String getAgentId() { return agentId; }
    public String getReason() { return reason; }
    public boolean isRosterRebuilt() { return rosterRebuilt; }
    public void setRosterRebuilt(boolean rosterRebuilt) { this.rosterRebuilt = rosterRebuilt; }

    @Override
    public String toString() {
        return "agents changed: " + reason;
    }
}
