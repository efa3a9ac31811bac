package io.conclave.model.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The project task a simulated meeting holds, as its simulated attendees see it: the task, the skills
 * it requires, the skills required by the tasks it is linked to (those it depends on and those that
 * depend on it) and when the meeting's time is up (epoch millis of simulated time). Which of these
 * skills a proposal touches is decided by {@code rules/simulation/meeting_agents.drl}.
 */
public final class SimulatedMeeting {
    private final String taskId;
    private final String description;
    private final Map<String, Double> requiredSkills;
    private final Map<String, Double> linkedSkills;
    private final List<String> linkedTasks;
    private final long endsAt;

    public SimulatedMeeting(String taskId, String description, Map<String, Double> requiredSkills,
                            Map<String, Double> linkedSkills, List<String> linkedTasks, long endsAt) {
        this.taskId = taskId;
        this.description = description;
        this.requiredSkills = new TreeMap<>(requiredSkills);
        this.linkedSkills = new TreeMap<>(linkedSkills);
        this.linkedTasks = List.copyOf(linkedTasks);
        this.endsAt = endsAt;
    }

    public String getTaskId() { return taskId; }
    /** The task's description, null when it has none. */
    public String getDescription() { return description; }
    /** Skill to required level, sorted by skill. */
    public Map<String, Double> getRequiredSkills() { return requiredSkills; }
    /** Skill to the highest level any linked task requires, sorted by skill. */
    public Map<String, Double> getLinkedSkills() { return linkedSkills; }
    /** The linked tasks: the ones it depends on, as it lists them, then the ones that depend on it, in definition order. */
    public List<String> getLinkedTasks() { return linkedTasks; }
    public long getEndsAt() { return endsAt; }

    /** "architecture 7, blockchain 6.5": skills with their levels, in the map's order; "none" when empty. */
    public static String list(Map<String, Double> skills) {
        StringBuilder sb = new StringBuilder();
        skills.forEach((skill, level) -> sb.append(sb.length() == 0 ? "" : ", ").append(skill).append(' ')
                .append(level(level)));
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** A level as written in a project file: "7", "6.5". */
    public static String level(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : Double.toString(level);
    }

    @Override
    public String toString() {
        return "simulated meeting of task " + taskId + " " + requiredSkills + ", linked " + linkedSkills;
    }
}
