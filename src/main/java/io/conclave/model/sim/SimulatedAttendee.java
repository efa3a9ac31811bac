package io.conclave.model.sim;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated agent invited to a meeting of a simulated run: its id and its skill levels. Only the
 * simulator inserts it, so the behaviour rules of {@code rules/simulation/meeting_agents.drl}, which all start
 * from it or from {@link SimulatedMeeting}, never fire in a project session or a real meeting.
 */
public final class SimulatedAttendee {
    private final String agentId;
    private final Map<String, Double> skillLevels;

    public SimulatedAttendee(String agentId, Map<String, Double> skillLevels) {
        this.agentId = agentId;
        this.skillLevels = new TreeMap<>(skillLevels);
    }

    public String getAgentId() { return agentId; }
    public Map<String, Double> getSkillLevels() { return skillLevels; }

    /** The agent's level on a skill, 0 when it does not have it. */
    public double levelOf(String skill) {
        return skillLevels.getOrDefault(skill, 0.0);
    }

    /** The agent's best level on any of the skills, 0 when it has none of them. */
    public double bestLevelOn(Collection<String> skills) {
        return skills.stream().mapToDouble(this::levelOf).max().orElse(0.0);
    }

    /** The skill of {@code skills} the agent rates highest (ties: the first by name), null when it has none of them. */
    public String bestSkillOn(Collection<String> skills) {
        String best = null;
        for (String s : new java.util.TreeSet<>(skills)) {
            if (levelOf(s) > 0 && (best == null || levelOf(s) > levelOf(best))) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "simulated attendee " + agentId + " " + skillLevels;
    }
}
