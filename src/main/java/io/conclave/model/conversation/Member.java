package io.conclave.model.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.kie.api.definition.type.ClassReactive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Fact;

/** An agent in a conversation with its role, its join order, the turns it was granted and its own state. */
// derived properties (priority, capabilities) change with the role: re-evaluate every pattern on modify
@ClassReactive
public class Member implements Fact, io.conclave.model.CommandInput {
    private final String agentId;
    private AgentRole role;
    private Set<String> capabilities;
    /**
     * The same capabilities in the same (sorted) order as an array: matching walks it for every candidate of every
     * message, where a sorted set's iterator cost more than the comparisons themselves. Not part of the member's JSON
     * (nor of the API's schema, which reads fields).
     */
    @JsonIgnore
    private String[] capabilityArray;
    private int joinOrder;
    private boolean present = true;
    private int turns;
    private int lastTurn;
    private JsonNode state;

    public Member(String agentId, AgentRole role, int joinOrder) {
        this.agentId = agentId;
        this.joinOrder = joinOrder;
        setRole(role);
    }

    public String getAgentId() { return agentId; }
    public AgentRole getRole() { return role; }
    public String getRoleName() { return role.name(); }
    public int getPriority() { return role.priority(); }

    /** Capabilities in lower case, for matching against topics. */
    public Set<String> getCapabilities() { return capabilities; }

    public void setRole(AgentRole role) {
        this.role = role;
        Set<String> caps = new TreeSet<>();
        role.capabilities().forEach(c -> caps.add(c.toLowerCase(Locale.ROOT)));
        this.capabilities = caps;
        this.capabilityArray = caps.toArray(new String[0]);
    }

    /** Position in the join order (a member that left and came back is at the end again). */
    public int getJoinOrder() { return joinOrder; }
    public boolean isPresent() { return present; }

    /** Leaving keeps the member's turns, so leaving and joining again does not reset its limit. */
    public void leave() {
        present = false;
    }

    public void rejoin(AgentRole newRole, int order) {
        setRole(newRole);
        joinOrder = order;
        present = true;
    }

    public int getTurns() { return turns; }
    /** The conversation's turn number when this agent last got a turn; 0 when never. */
    public int getLastTurn() { return lastTurn; }

    public void takeTurn(int turnNumber) {
        turns++;
        lastTurn = turnNumber;
    }

    /** How many of this agent's capabilities are among {@code topics} (lower case). */
    public int matches(Set<String> topics) {
        if (topics.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (String c : capabilityArray) {
            if (topics.contains(c)) {
                n++;
            }
        }
        return n;
    }

    /** The capabilities that are among {@code topics}. */
    public List<String> matching(Set<String> topics) {
        List<String> out = new ArrayList<>();
        for (String c : capabilityArray) {
            if (topics.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    public JsonNode getState() { return state; }
    public void setState(JsonNode state) { this.state = state; }

    @Override
    public String factKey() {
        return agentId;
    }

    @Override
    public String describe() {
        return "member " + agentId + " [" + role.name() + ", priority " + role.priority() + ", " + turns + " turn(s)"
                + (present ? "" : ", left") + "]";
    }
}
