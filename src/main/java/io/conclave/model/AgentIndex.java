package io.conclave.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents of a project session by id, kept by the engine as agents are inserted and deleted, for the rules
 * to read (the DRL global {@code agents}): a rule that handles a command naming an agent finds it here
 * ({@code Agent(...) from agents.named($id)}) instead of joining every agent, so an agent's workload changing
 * at every assignment no longer walks that rule's memory. Nothing here decides anything. Not thread-safe: the
 * session's owner serialises every call.
 */
public final class AgentIndex {
    private final Map<String, Agent> byId = new HashMap<>();
    private final Collection<Agent> all = Collections.unmodifiableCollection(byId.values());

    /** The agent with this id as a list of one, or an empty list: what a {@code from} reads. */
    public List<Agent> named(String agentId) {
        Agent a = agentId == null ? null : byId.get(agentId);
        return a == null ? List.of() : List.of(a);
    }

    /**
     * The agents with these ids that the session has, in the order of the ids: for a rule that a served task's
     * freed agents trigger, instead of joining every agent.
     */
    public List<Agent> namedIn(Collection<String> agentIds) {
        List<Agent> out = new ArrayList<>(agentIds.size());
        for (String id : agentIds) {
            Agent a = id == null ? null : byId.get(id);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Every agent, a live read-only view in no particular order: for a rule that collects the agents only when a
     * notice asks (the roster's rebuild on a membership change).
     */
    public Collection<Agent> all() {
        return all;
    }

    /** An agent entered working memory (the engine's listener calls this). */
    public void add(Agent a) {
        byId.put(a.getAgentId(), a);
    }

    /** An agent left working memory; an agent of the same id inserted since (a redefinition) is kept. */
    public void remove(Agent a) {
        if (byId.get(a.getAgentId()) == a) {
            byId.remove(a.getAgentId());
        }
    }
}
