package io.conclave.model.members;

import io.conclave.model.Agent;
import io.conclave.model.CommandFact;

/**
 * Command: the operator registers, updates or retires an agent of a project
 * ({@code POST /api/projects/{id}/agents}, {@code PUT .../agents/{agent_id}}, {@code POST .../agents/{agent_id}/retire}).
 * {@code agent}: the new definition (register, update), built from the request as the project file's agents
 * are; null for a retirement. rules/assignment/members.drl accepts it (and decides what becomes of a retiring
 * agent's open work) or refuses it with a reason.
 */
public final class MembershipRequest implements CommandFact, io.conclave.model.CommandInput.Releasing {
    public static final String REGISTER = "register";
    public static final String UPDATE = "update";
    public static final String RETIRE = "retire";

    private final String kind;
    private final String agentId;
    private final Agent agent;
    private final String reason;
    private final String by;

    public MembershipRequest(String kind, String agentId, Agent agent, String reason, String by) {
        this.kind = kind;
        this.agentId = agentId;
        this.agent = agent;
        this.reason = reason;
        this.by = by;
    }

    /** An update replaces the agent it names and a retirement removes it: the rules may delete that Agent. */
    @Override
    public boolean releases(io.conclave.model.CommandInput input) {
        return (UPDATE.equals(kind) || RETIRE.equals(kind)) && input instanceof Agent a && a.getAgentId().equals(agentId);
    }

    public String getKind() { return kind; }
    public String getAgentId() { return agentId; }
    public Agent getAgent() { return agent; }
    /** Why (a retirement's reason), or null. */
    public String getReason() { return reason; }
    /** Who asked (the operator's name). */
    public String getBy() { return by; }

    @Override
    public String toString() {
        return kind + " agent " + agentId + " by " + by;
    }
}
