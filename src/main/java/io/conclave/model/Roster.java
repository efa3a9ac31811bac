package io.conclave.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every agent of a project in definition order: what the assignment policy ranks for each task.
 * Built by the engine from the Agent facts when a session starts; it holds the same Agent objects,
 * so the workload the rules keep on them is what the ranking reads. Ranking from one list instead
 * of a collect over Agent facts keeps the cost of serving a task linear in the number of agents.
 */
public final class Roster implements Described {
    private final List<Agent> agents;
    private final Map<String, Agent> byId = new HashMap<>();
    /** Its description, worded once: the ids never change, and every firing that matches the roster asks for it. */
    private final String description;

    public Roster(List<Agent> agents) {
        List<Agent> sorted = new ArrayList<>(agents);
        sorted.sort(Comparator.comparingInt(Agent::getLoadOrder).thenComparing(Agent::getAgentId));
        this.agents = List.copyOf(sorted);
        this.agents.forEach(a -> byId.put(a.getAgentId(), a));
        this.description = "roster of " + this.agents.size() + " agent(s): "
                + String.join(", ", this.agents.stream().map(Agent::getAgentId).toList());
    }

    /** The agent with this id, or null. */
    public Agent agent(String agentId) {
        return byId.get(agentId);
    }

    public List<Agent> getAgents() {
        return agents;
    }

    public int size() {
        return agents.size();
    }

    /** "roster of 3 agent(s): pm, cto, dev": the agents by id; each agent's workload is in its own fact. */
    @Override
    public String describe() {
        return description;
    }
}
