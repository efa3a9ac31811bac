package io.conclave.model;

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

    /** The agent with this id as a list of one, or an empty list: what a {@code from} reads. */
    public List<Agent> named(String agentId) {
        Agent a = agentId == null ? null : byId.get(agentId);
        return a == null ? List.of() : List.of(a);
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
