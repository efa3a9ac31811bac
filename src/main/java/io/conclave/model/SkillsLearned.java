package io.conclave.model;

import java.util.List;

/**
 * Signal that an agent just raised some of its skills by completing a task (rules/workflow/learning.drl): the
 * unassignable tasks that require one of them get another look, once; the signal is then discarded within the same
 * command, so it is never kept, snapshotted or matched again when the task turns out unassignable still.
 */
public final class SkillsLearned {
    private final String agentId;
    private final String taskId;
    private final List<String> skills;

    public SkillsLearned(String agentId, String taskId, List<String> skills) {
        this.agentId = agentId;
        this.taskId = taskId;
        this.skills = List.copyOf(skills);
    }

    public String getAgentId() { return agentId; }
    /** The task the agent learned from. */
    public String getTaskId() { return taskId; }
    /** The skills it raised, sorted by name. */
    public List<String> getSkills() { return skills; }

    @Override
    public String toString() {
        return agentId + " learned " + String.join(", ", skills) + " from " + taskId;
    }
}
