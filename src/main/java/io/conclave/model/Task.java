package io.conclave.model;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task of a project. The definition comes from the project file and never changes; the state
 * ({@code status}, {@code assignee}, {@code statusReason}, {@code released}, {@code waiting}) is
 * changed only by rules.
 */
public class Task implements Fact {
    private final String taskId;
    private final String description;
    private final LocalDateTime scheduledDate;
    private final double estimatedHours;
    private final int priority;
    private final boolean meetingRequired;
    private final List<String> attendees;
    private final Map<String, Double> requiredSkills;
    private final List<String> dependencies;
    private final List<String> followUpTasks;
    private final String taskType;
    private final int loadOrder;

    private TaskStatus status = TaskStatus.PENDING;
    private String assignee;
    private String statusReason;
    /** False while the task is a follow-up whose parent has not completed yet. */
    private boolean released;
    /** True while the task is READY but every qualified agent is at capacity. */
    private boolean waiting;

    public Task(String taskId, String description, LocalDateTime scheduledDate, double estimatedHours,
                int priority, boolean meetingRequired, List<String> attendees, Map<String, Double> requiredSkills,
                List<String> dependencies, List<String> followUpTasks, String taskType, int loadOrder,
                boolean released) {
        this.taskId = taskId;
        this.description = description;
        this.scheduledDate = scheduledDate;
        this.estimatedHours = estimatedHours;
        this.priority = priority;
        this.meetingRequired = meetingRequired;
        this.attendees = List.copyOf(attendees);
        this.requiredSkills = new TreeMap<>(requiredSkills);
        this.dependencies = List.copyOf(dependencies);
        this.followUpTasks = List.copyOf(followUpTasks);
        this.taskType = taskType;
        this.loadOrder = loadOrder;
        this.released = released;
    }

    public String getTaskId() { return taskId; }
    public String getDescription() { return description; }
    public LocalDateTime getScheduledDate() { return scheduledDate; }
    public double getEstimatedHours() { return estimatedHours; }
    public int getPriority() { return priority; }
    public boolean isMeetingRequired() { return meetingRequired; }
    public List<String> getAttendees() { return attendees; }
    public Map<String, Double> getRequiredSkills() { return requiredSkills; }
    public List<String> getDependencies() { return dependencies; }
    public List<String> getFollowUpTasks() { return followUpTasks; }
    public String getTaskType() { return taskType; }
    public int getLoadOrder() { return loadOrder; }

    public TaskStatus getStatus() { return status; }
    public void setStatus(TaskStatus status) { this.status = status; }
    public String getAssignee() { return assignee; }
    public void setAssignee(String assignee) { this.assignee = assignee; }
    public String getStatusReason() { return statusReason; }
    public void setStatusReason(String statusReason) { this.statusReason = statusReason; }
    public boolean isReleased() { return released; }
    public void setReleased(boolean released) { this.released = released; }
    public boolean isWaiting() { return waiting; }
    public void setWaiting(boolean waiting) { this.waiting = waiting; }

    /** True when the task is READY and nobody holds it yet: the tasks the serving queue is built from. */
    public boolean isServable() {
        return status == TaskStatus.READY && assignee == null && !waiting;
    }

    @Override
    public String factKey() {
        return String.format("%08d", loadOrder);
    }

    @Override
    public String describe() {
        return "task " + taskId + " [" + status + ", priority " + priority + ", " + estimatedHours + " h"
                + (assignee == null ? "" : ", assignee " + assignee) + "]";
    }
}
