package io.conclave.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a task finds its agent: {@code centralized} ranks every agent by the assignment score
 * (assignment.drl, the default), {@code contract_net} announces the task and awards it to the best bid
 * (contract_net.drl), {@code hierarchical} has managers delegate it down the reporting lines
 * (delegation.drl), {@code load_balancing} gives it to the least-loaded capable agent
 * (load_balancing.drl). Chosen per project ({@code coordination}) and per task.
 */
public enum Coordination {
    CENTRALIZED, CONTRACT_NET, HIERARCHICAL, LOAD_BALANCING;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    /** The pattern named by {@code text} (case-insensitive), or null when there is none. */
    @JsonCreator
    public static Coordination parse(String text) {
        for (Coordination c : values()) {
            if (c.name().equalsIgnoreCase(text)) {
                return c;
            }
        }
        return null;
    }

    /** The names a project file may use, for error messages. */
    public static String names() {
        return "centralized, contract_net, hierarchical, load_balancing";
    }
}
