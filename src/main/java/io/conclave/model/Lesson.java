package io.conclave.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one agent learned from one completed task, as the rules of learning.drl worked it out: each
 * required skill before and after, and the preference for the task's type before and after (no type:
 * no preference changes). Kept in working memory as the mark that the task has taught this agent, so
 * the lesson is learned once, also across a policy hot swap (it is a {@link Fact}).
 */
public final class Lesson implements Fact {
    private final String taskId;
    private final String agentId;
    private final Map<String, List<Double>> skills;
    private final String taskType;
    private final double preferenceBefore;
    private final double preferenceAfter;

    /** {@code skills}: skill name to [level before, level after]. */
    public Lesson(String taskId, String agentId, Map<String, List<Double>> skills, String taskType,
                  double preferenceBefore, double preferenceAfter) {
        this.taskId = taskId;
        this.agentId = agentId;
        this.skills = new TreeMap<>();
        skills.forEach((name, levels) -> this.skills.put(name, List.copyOf(levels)));
        this.taskType = taskType;
        this.preferenceBefore = preferenceBefore;
        this.preferenceAfter = preferenceAfter;
    }

    public String getTaskId() { return taskId; }
    public String getAgentId() { return agentId; }
    /** Skill name to [before, after], sorted by name. */
    public Map<String, List<Double>> getSkills() { return new TreeMap<>(skills); }
    public String getTaskType() { return taskType; }
    public double getPreferenceBefore() { return preferenceBefore; }
    public double getPreferenceAfter() { return preferenceAfter; }

    /** True when at least one level changed (nothing changes at the cap, at rate 0, or without skills or type). */
    public boolean isTaughtSomething() {
        return preferenceAfter != preferenceBefore
                || skills.values().stream().anyMatch(l -> !l.get(0).equals(l.get(1)));
    }

    /** The skills this lesson raised (a level at its cap or a rate of 0 raises none), sorted by name. */
    public List<String> getRaisedSkills() {
        return new TreeMap<>(skills).entrySet().stream().filter(e -> e.getValue().get(1) > e.getValue().get(0))
                .map(Map.Entry::getKey).toList();
    }

    /** The agent's skill levels with this lesson's afters put in. */
    public Map<String, Double> skillLevelsOf(Agent a) {
        Map<String, Double> levels = a.getSkillLevels();
        skills.forEach((name, l) -> levels.put(name, l.get(1)));
        return levels;
    }

    /** The agent's preferences with this lesson's after put in (unchanged when the task has no type). */
    public Map<String, Double> preferencesOf(Agent a) {
        Map<String, Double> prefs = a.getPreferences();
        if (taskType != null) {
            prefs.put(taskType, preferenceAfter);
        }
        return prefs;
    }

    /** The ledger details: agent, skills {name: [before, after]}, preference {task_type, before, after} when typed. */
    public Map<String, Object> details() {
        Map<String, Object> d = new TreeMap<>();
        d.put("agent", agentId);
        d.put("skills", getSkills());
        if (taskType != null) {
            Map<String, Object> p = new TreeMap<>();
            p.put("task_type", taskType);
            p.put("before", preferenceBefore);
            p.put("after", preferenceAfter);
            d.put("preference", p);
        }
        return d;
    }

    /** In words: "alice learned from t1: java 7.0 -> 7.3; preference for dev 2.0 -> 2.1". */
    public String reason() {
        List<String> parts = new ArrayList<>();
        skills.forEach((name, l) -> parts.add(name + " " + l.get(0) + " -> " + l.get(1)));
        if (taskType != null) {
            parts.add("preference for " + taskType + " " + preferenceBefore + " -> " + preferenceAfter);
        }
        return agentId + " learned from " + taskId + ": " + String.join("; ", parts);
    }

    @Override
    public String factKey() {
        return taskId + "|" + agentId;
    }

    @Override
    public String describe() {
        return "lesson of " + agentId + " from " + taskId;
    }
}
