package io.conclave.model;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task of a project. The definition comes from the project file and never changes; the state
 * ({@code status}, {@code assignee}, {@code statusReason}, {@code released}, {@code waiting},
 * {@code failures}, {@code result}) is changed only by rules.
 */
public class Task implements Fact, CommandInput {
    private final String taskId;
    private final String description;
    private final LocalDateTime scheduledDate;
    private final double estimatedHours;
    private int priority;
    private final boolean meetingRequired;
    private final List<String> attendees;
    private final Map<String, Double> requiredSkills;
    private final String[] requiredSkillNames;
    private final double[] requiredSkillLevels;
    private final List<String> dependencies;
    private final List<String> followUpTasks;
    private final String taskType;
    private final int loadOrder;
    private final Traits traits;

    private TaskStatus status = TaskStatus.PENDING;
    private String assignee;
    private String statusReason;
    /** False while the task is a follow-up whose parent has not completed yet. */
    private boolean released;
    /** True while the task is READY but every qualified agent is at capacity. */
    private boolean waiting;
    /** Failures reported so far; below {@code retries} a failure sends the task back to READY. */
    private int failures;
    /** What the agent reported on completion (for a decomposed task: its subtasks' results, in order). */
    private JsonNode result;
    /** The task whose outcome spawned this one (spawning.drl, management_meetings.drl); null for a task of the file. */
    private String spawnedBy;
    /** 0 for a task of the file; a task spawned by task M has depth(M) + 1, a status meeting depth 1. */
    private int spawnDepth;
    /**
     * True once some task depends on this one (kept by a rule, workflow.drl). The dependency rules constrain it
     * first, so a task nothing depends on stays out of their joins and its changes do not walk them.
     */
    private boolean dependedUpon;

    /**
     * How the task is coordinated: the pattern (the task's own, else the project's), the
     * capability and complexity a contract net announces, the resources it needs exclusively, its place
     * in a decomposition (parent, subtasks, whether a failed subtask fails it), how often a failure is
     * retried, and the manager a hierarchical task is delegated from (null: the top of the tree).
     */
    public record Traits(Coordination coordination, String requiredCapability, double complexity,
                         List<String> resources, String parentId, List<String> subtaskIds,
                         boolean continueOnSubtaskFailure, int retries, String manager) {
        public Traits {
            resources = List.copyOf(resources);
            subtaskIds = List.copyOf(subtaskIds);
        }

        /** A plain centralized task: no capability, no resources, no decomposition, no retries. */
        public static Traits plain(double complexity) {
            return new Traits(Coordination.CENTRALIZED, null, complexity, List.of(), null, List.of(), false, 0, null);
        }
    }

    public Task(String taskId, String description, LocalDateTime scheduledDate, double estimatedHours,
                int priority, boolean meetingRequired, List<String> attendees, Map<String, Double> requiredSkills,
                List<String> dependencies, List<String> followUpTasks, String taskType, int loadOrder,
                boolean released, Traits traits) {
        this.taskId = taskId;
        this.description = description;
        this.scheduledDate = scheduledDate;
        this.estimatedHours = estimatedHours;
        this.priority = priority;
        this.meetingRequired = meetingRequired;
        this.attendees = List.copyOf(attendees);
        this.requiredSkills = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(requiredSkills));
        this.requiredSkillNames = this.requiredSkills.keySet().toArray(new String[0]);
        this.requiredSkillLevels = this.requiredSkills.values().stream().mapToDouble(Double::doubleValue).toArray();
        this.dependencies = List.copyOf(dependencies);
        this.followUpTasks = List.copyOf(followUpTasks);
        this.taskType = taskType;
        this.loadOrder = loadOrder;
        this.released = released;
        this.traits = traits;
    }

    public String getTaskId() { return taskId; }
    public String getDescription() { return description; }
    public LocalDateTime getScheduledDate() { return scheduledDate; }
    public double getEstimatedHours() { return estimatedHours; }
    public int getPriority() { return priority; }
    /** Changed only by a rule (a CEO's reprioritise interrupt, oversight_tasks.drl). */
    public void setPriority(int priority) { this.priority = priority; }
    public boolean isMeetingRequired() { return meetingRequired; }
    public List<String> getAttendees() { return attendees; }
    public Map<String, Double> getRequiredSkills() { return requiredSkills; }
    /**
     * The required skills by name and level, in the order of {@link #getRequiredSkills()}: what the scoring
     * formulas read for every agent of a ranking, without walking the map each time. Shared: not to be changed.
     */
    public String[] requiredSkillNames() { return requiredSkillNames; }
    public double[] requiredSkillLevels() { return requiredSkillLevels; }
    public List<String> getDependencies() { return dependencies; }
    public List<String> getFollowUpTasks() { return followUpTasks; }
    public String getTaskType() { return taskType; }
    public int getLoadOrder() { return loadOrder; }
    public Coordination getCoordination() { return traits.coordination(); }
    public String getRequiredCapability() { return traits.requiredCapability(); }
    public double getComplexity() { return traits.complexity(); }
    public List<String> getResources() { return traits.resources(); }
    public String getParentId() { return traits.parentId(); }
    public List<String> getSubtaskIds() { return traits.subtaskIds(); }
    /** True when the task is decomposed: it is done when its subtasks are, and is never assigned itself. */
    public boolean isDecomposed() { return !traits.subtaskIds().isEmpty(); }
    public boolean isContinueOnSubtaskFailure() { return traits.continueOnSubtaskFailure(); }
    public int getRetries() { return traits.retries(); }
    public String getManager() { return traits.manager(); }

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
    public int getFailures() { return failures; }
    public void setFailures(int failures) { this.failures = failures; }
    public JsonNode getResult() { return result; }
    public boolean isDependedUpon() { return dependedUpon; }
    /** Changed only by a rule (workflow.drl); never set back, so a stale true only costs a join visit. */
    public void setDependedUpon(boolean dependedUpon) { this.dependedUpon = dependedUpon; }
    public void setResult(JsonNode result) { this.result = result; }

    /**
     * The result of a decomposed task: the results of its subtasks (in subtask order) as a JSON array,
     * null in the place of a subtask that did not complete. Here rather than in the rule, which may not
     * call JSON classes (docs/policy-compilation.md, "What a rule may use").
     */
    public static JsonNode resultsOf(List<?> subtasksInOrder) {
        com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (Object o : subtasksInOrder) {
            Task k = (Task) o;
            out.add(k.getStatus() == TaskStatus.COMPLETED && k.getResult() != null ? k.getResult()
                    : com.fasterxml.jackson.databind.node.NullNode.getInstance());
        }
        return out;
    }
    public String getSpawnedBy() { return spawnedBy; }
    public int getSpawnDepth() { return spawnDepth; }
    /** True when rules spawned the task (it counts against the project's spawn cap). */
    public boolean isSpawned() { return spawnDepth > 0; }

    /** Marks a task a rule creates as spawned by {@code by} (null: by the run itself) at {@code depth}; set before insert. */
    public Task spawned(String by, int depth) {
        this.spawnedBy = by;
        this.spawnDepth = depth;
        return this;
    }

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
