package io.conclave.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every agent of a project in definition order: what the assignment policy ranks for each task.
 * Built by the engine from the Agent facts when a session starts; it holds the same Agent objects,
 * so the workload the rules keep on them is what the ranking reads. Ranking from one list instead
 * of a collect over Agent facts keeps the cost of serving a task linear in the number of agents.
 *
 * <p>It also keeps a skill index: for every skill, the agents that have it at a level above zero, in
 * roster order. An agent that meets a required level above zero is in that skill's list, so the
 * ranking reads only the agents in the lists of every skill the task requires ({@link #withEverySkill})
 * instead of the whole roster. The index is built
 * with the roster (when agents join, leave or are redefined, members.drl rebuilds the roster) and
 * brought up to date by a rule of members.drl when learning changes an agent's skills
 * ({@link #skillIndexStale}, {@link #reindex}).
 */
public final class Roster implements Described {
    private final List<Agent> agents;
    private final Map<String, Agent> byId = new HashMap<>();
    /** Roster position of each agent, by identity (a redefined agent is a new object, not in this roster). */
    private final Map<Agent, Integer> position = new IdentityHashMap<>();
    /** Skill name -> the roster positions of the agents with a level above zero (sets intersect cheaply). */
    private final Map<String, BitSet> bySkill = new HashMap<>();
    /** Agent id -> the skills it is listed under in {@link #bySkill}. */
    private final Map<String, Set<String>> indexed = new HashMap<>();
    /** Its description, worded once: the ids never change, and every firing that matches the roster asks for it. */
    private final String description;

    public Roster(List<Agent> agents) {
        List<Agent> sorted = new ArrayList<>(agents);
        sorted.sort(Comparator.comparingInt(Agent::getLoadOrder).thenComparing(Agent::getAgentId));
        this.agents = List.copyOf(sorted);
        this.agents.forEach(a -> byId.put(a.getAgentId(), a));
        for (int i = 0; i < this.agents.size(); i++) {
            Agent a = this.agents.get(i);
            position.put(a, i);
            Set<String> skills = heldSkills(a);
            indexed.put(a.getAgentId(), skills);
            final int at = i;
            skills.forEach(skill -> bySkill.computeIfAbsent(skill, k -> new BitSet()).set(at));
        }
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

    /**
     * The agents that have every one of these skills at a level above zero, in roster order (a new list); the
     * whole roster when no skill is named. An agent missing one of them is not in it.
     */
    public List<Agent> withEverySkill(List<String> skills) {
        if (skills.isEmpty()) {
            return agents;
        }
        BitSet all = null;
        for (String skill : skills) {
            BitSet bits = bySkill.get(skill);
            if (bits == null) {
                return List.of();
            }
            if (all == null) {
                all = (BitSet) bits.clone();
            } else {
                all.and(bits);
            }
        }
        List<Agent> out = new ArrayList<>(all.cardinality());
        for (int i = all.nextSetBit(0); i >= 0; i = all.nextSetBit(i + 1)) {
            out.add(agents.get(i));
        }
        return out;
    }

    /**
     * True when the agent is this roster's (the same object) and the skill index no longer lists it under
     * exactly the skills it has now: learning gave it a skill or took one to zero.
     */
    public boolean skillIndexStale(Agent agent) {
        return position.containsKey(agent) && !indexed.get(agent.getAgentId()).equals(heldSkills(agent));
    }

    /** Lists the agent under the skills it has now, and under no other (rules only, through {@code modify}). */
    public void reindex(Agent agent) {
        Integer at = position.get(agent);
        if (at == null) {
            return;
        }
        Set<String> now = heldSkills(agent);
        for (String skill : indexed.get(agent.getAgentId())) {
            if (!now.contains(skill)) {
                bySkill.get(skill).clear(at);
            }
        }
        for (String skill : now) {
            bySkill.computeIfAbsent(skill, k -> new BitSet()).set(at);
        }
        indexed.put(agent.getAgentId(), now);
    }

    private static Set<String> heldSkills(Agent a) {
        Set<String> held = new TreeSet<>();
        a.getSkillLevels().forEach((skill, level) -> {
            if (level > 0) {
                held.add(skill);
            }
        });
        return held;
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
