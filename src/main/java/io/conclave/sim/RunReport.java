package io.conclave.sim;

import java.util.List;

/**
 * What a simulated run produced. Holds no wall-clock time, so the same project, policy and seed give
 * the same report byte for byte.
 */
public record RunReport(String projectId, String mode, String policyVersion, long seed, double failureRate,
                        String simulatedStart, String simulatedEnd, TaskSummary taskSummary,
                        Statistics statistics, List<TaskLine> tasks, List<AgentLine> agents) {

    /** Counts of tasks by outcome. {@code unfinished_tasks} are those still pending, ready or waiting. */
    public record TaskSummary(int totalTasks, int completedTasks, int failedTasks, int unassignableTasks,
                              int blockedTasks, int unfinishedTasks) {
    }

    /** Figures of the whole project so far. */
    public record Statistics(int assignments, int meetingsConvened, int decisions, double simulatedHours) {
    }

    /** One task: who did it and when, in simulated time (null when it never started). */
    public record TaskLine(String taskId, String status, String assignee, List<String> attendees,
                           String simulatedStart, String simulatedEnd, String statusReason) {
    }

    /** One agent: what it completed and how busy it was over the run. */
    public record AgentLine(String agentId, int tasksCompleted, double busyHours, double utilisation) {
    }
}
