package io.conclave.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An agent of a project. Skills, preferences, capabilities, its manager (reporting lines form a
 * tree) and its priority come from the project file; the open workload ({@code openTasks},
 * {@code openHours}) is kept by the rules as tasks are assigned and released, and skill levels and
 * preferences grow as the rules of learning.drl let the agent learn from completed tasks.
 */
public class Agent implements Fact, CommandInput {
    private final String agentId;
    private final String name;
    private final String occupation;
    private final int loadOrder;
    private final Map<String, Double> skillLevels;
    private final Map<String, Double> preferences;
    private final int maxOpenTasks;
    private final String manager;
    private final List<String> capabilities;
    private final int priority;
    private int openTasks;
    private double openHours;
    /** The skill levels and preferences again as arrays, for {@link #skill} and {@link #preference}. */
    private Levels skillArray;
    private Levels preferenceArray;

    public Agent(String agentId, String name, String occupation, int loadOrder,
                 Map<String, Double> skillLevels, Map<String, Double> preferences, int maxOpenTasks,
                 String manager, List<String> capabilities, int priority) {
        this.agentId = agentId;
        this.name = name;
        this.occupation = occupation;
        this.loadOrder = loadOrder;
        this.skillLevels = new HashMap<>(skillLevels);
        this.preferences = new HashMap<>(preferences);
        this.skillArray = Levels.of(this.skillLevels);
        this.preferenceArray = Levels.of(this.preferences);
        this.maxOpenTasks = maxOpenTasks;
        this.manager = manager;
        this.capabilities = List.copyOf(new TreeSet<>(capabilities));
        this.priority = priority;
    }

    public String getAgentId() { return agentId; }
    public String getName() { return name; }
    public String getOccupation() { return occupation; }
    public int getLoadOrder() { return loadOrder; }
    /** Skill levels sorted by name (a copy; lookups go through {@link #skill}). */
    public Map<String, Double> getSkillLevels() { return new TreeMap<>(skillLevels); }

    /** Replaces the skill levels (rules only, through {@code modify}: learning). */
    public void setSkillLevels(Map<String, Double> levels) {
        skillLevels.clear();
        skillLevels.putAll(levels);
        skillArray = Levels.of(skillLevels);
    }

    /** Preferences sorted by task type (a copy; lookups go through {@link #preference}). */
    public Map<String, Double> getPreferences() { return new TreeMap<>(preferences); }

    /** Replaces the preferences (rules only, through {@code modify}: learning). */
    public void setPreferences(Map<String, Double> levels) {
        preferences.clear();
        preferences.putAll(levels);
        preferenceArray = Levels.of(preferences);
    }
    public int getMaxOpenTasks() { return maxOpenTasks; }
    /** The agent this one reports to, null at the top of the tree. */
    public String getManager() { return manager; }
    /** Capabilities the file lists, sorted (skills count as capabilities too: see {@link #canDo}). */
    public List<String> getCapabilities() { return capabilities; }
    /** 1..5, higher weighs more when agents' proposals compete. */
    public int getPriority() { return priority; }

    /** True when the agent lists the capability or has a skill of that name. */
    public boolean canDo(String capability) {
        return capability == null || capabilities.contains(capability) || skill(capability) > 0;
    }
    public int getOpenTasks() { return openTasks; }
    public void setOpenTasks(int openTasks) { this.openTasks = openTasks; }
    public double getOpenHours() { return openHours; }
    public void setOpenHours(double openHours) { this.openHours = openHours; }

    /** Skill level, 0 when the agent does not have the skill at all. */
    public double skill(String skill) {
        return skillArray.get(skill);
    }

    /** Preference for a task type, 0 when absent or when the type is null. */
    public double preference(String taskType) {
        return taskType == null ? 0.0 : preferenceArray.get(taskType);
    }

    public boolean hasCapacity() {
        return openTasks < maxOpenTasks;
    }

    @Override
    public String factKey() {
        return String.format("%08d", loadOrder);
    }

    @Override
    public String describe() {
        return "agent " + agentId + " [open " + openTasks + "/" + maxOpenTasks + " tasks, " + openHours + " h]";
    }

    /**
     * A few named levels as arrays: an agent has a handful of skills, and the ranking of a task reads them for
     * hundreds of agents, so a scan of short arrays (the names' hash codes first, so an absent name costs no
     * string compared) beats a hash map lookup with its boxed values. The same numbers as the map.
     */
    private record Levels(String[] names, int[] hashes, double[] values) {
        static Levels of(Map<String, Double> map) {
            String[] names = new String[map.size()];
            int[] hashes = new int[map.size()];
            double[] values = new double[map.size()];
            int i = 0;
            for (Map.Entry<String, Double> e : map.entrySet()) {
                names[i] = e.getKey();
                hashes[i] = e.getKey() == null ? 0 : e.getKey().hashCode();
                values[i++] = e.getValue() == null ? 0.0 : e.getValue();
            }
            return new Levels(names, hashes, values);
        }

        /** The level of {@code name}, 0 when absent. */
        double get(String name) {
            int h = name == null ? 0 : name.hashCode();
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] == h && (names[i] == name || names[i] != null && names[i].equals(name))) {
                    return values[i];
                }
            }
            return 0.0;
        }
    }
}
