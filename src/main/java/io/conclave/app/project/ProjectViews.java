package io.conclave.app.project;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.engine.project.ProjectRun;
import io.conclave.model.run.Checkpoint;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Agent;
import io.conclave.model.Decision;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.api.ApiError;
import io.conclave.engine.policy.Outputs;

/** The JSON the API answers with: read-only snapshots of the engine's facts. */
public final class ProjectViews {
    private ProjectViews() {
    }

    /**
     * A task as clients see it. {@code known} is false for a follow-up whose parent has not completed
     * (and for a subtask whose parent is not ready yet). The coordination traits ({@code coordination},
     * {@code resources}, {@code parent_id}, {@code subtasks}, {@code retries}...) come from the project
     * file; {@code failures} and {@code result} from what agents reported. A task the rules spawned
     * (spawning.drl, management_meetings.drl) has {@code spawn_depth} and, unless the run itself spawned
     * it, {@code spawned_by}: the task whose outcome spawned it; both are absent for a task of the file.
     */
    public record TaskView(String taskId, String description, String status, String assignee, List<String> attendees,
                           int priority, LocalDateTime scheduledDate, double estimatedHours,
                           Map<String, Double> requiredSkills, List<String> dependencies, List<String> followUpTasks,
                           String taskType, boolean meetingRequired, boolean known, boolean waiting,
                           String statusReason, String coordination, String requiredCapability, double complexity,
                           List<String> resources, String parentId, List<String> subtasks, String onSubtaskFailure,
                           int retries, int failures, JsonNode result, ContractView contract,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String spawnedBy,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Integer spawnDepth) {
        static TaskView of(Task t) {
            return of(t, null);
        }

        /** The task with its contract-net state (null for a task never announced). */
        static TaskView of(Task t, ContractView contract) {
            return new TaskView(t.getTaskId(), t.getDescription(), t.getStatus().name(), t.getAssignee(),
                    t.getAttendees(), t.getPriority(), t.getScheduledDate(), t.getEstimatedHours(),
                    t.getRequiredSkills(), t.getDependencies(), t.getFollowUpTasks(), t.getTaskType(),
                    t.isMeetingRequired(), t.isReleased(), t.isWaiting(), t.getStatusReason(),
                    t.getCoordination().json(), t.getRequiredCapability(), t.getComplexity(), t.getResources(),
                    t.getParentId(), t.getSubtaskIds(), t.isDecomposed() ? (t.isContinueOnSubtaskFailure() ? "continue" : "fail") : null,
                    t.getRetries(), t.getFailures(), t.getResult(), contract, t.getSpawnedBy(),
                    t.isSpawned() ? t.getSpawnDepth() : null);
        }
    }

    /**
     * The contract of a contract-net task: the current (or last) call for proposals, who was invited,
     * the answers in arrival order, and the award. Times are epoch instants of the project clock.
     */
    public record ContractView(int round, boolean open, java.time.Instant announcedAt, java.time.Instant deadline,
                               List<String> invited, List<BidView> bids, String awardedTo, String outcome) {
        /** The contract of task {@code t} in session {@code s}, or null when it was never announced. */
        static ContractView of(ProjectSession s, Task t) {
            for (io.conclave.model.Announcement a : s.outputs(Outputs.ANNOUNCEMENTS)) {
                if (a.getTaskId().equals(t.getTaskId()) && !a.getInvited().isEmpty()) {
                    return new ContractView(a.getRound(), a.isOpen(), java.time.Instant.ofEpochMilli(a.getOpenedAt()),
                            java.time.Instant.ofEpochMilli(a.getDeadline()), a.getInvited(),
                            a.getOffers().stream().map(o -> new BidView(o.agentId(), o.cost(), o.confidence(), o.decline()))
                                    .toList(), a.getAwardedTo(), a.getOutcome());
                }
            }
            return null;
        }
    }

    /** One answer to a call for proposals: a cost (and confidence) or a decline. */
    public record BidView(String agentId, Double cost, Double confidence, boolean decline) {
    }

    /** An agent with the workload the rules keep for it. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ProjectAgent")
    /**
     * An agent of the project. {@code openTasks} and {@code openHours} count its work here and, for an organisation
     * roster agent, its work in its other projects as the project last read it: {@code openTasksElsewhere} of them
     * (0 for an agent of this project only).
     */
    public record AgentView(String agentId, String name, String occupation, Map<String, Double> skillLevels,
                            Map<String, Double> preferences, int maxOpenTasks, int openTasks, double openHours,
                            String manager, List<String> capabilities, int priority, int openTasksElsewhere) {
        static AgentView of(Agent a, ProjectSession s) {
            int elsewhere = s.outputs(Outputs.WORK_ELSEWHERE).stream()
                    .filter(w -> w.getAgentId().equals(a.getAgentId()))
                    .mapToInt(io.conclave.model.members.WorkElsewhere::getCountedTasks).sum();
            return new AgentView(a.getAgentId(), a.getName(), a.getOccupation(), a.getSkillLevels(), a.getPreferences(),
                    a.getMaxOpenTasks(), a.getOpenTasks(), a.getOpenHours(), a.getManager(), a.getCapabilities(),
                    a.getPriority(), elsewhere);
        }
    }

    /** The answer to a proposal: the task as it is now and the decisions about it since the proposal. */
    public record ProposalAnswer(TaskView task, List<Decision> decisions) {
    }

    /** One line of the project list. */
    public record ProjectSummary(String projectId, String title, String policyVersion, int tasks,
                                 Map<String, Integer> tasksByStatus, String status, Damage damage) {
        static ProjectSummary of(ProjectSession s) {
            Map<String, Integer> byStatus = new TreeMap<>();
            List<Task> tasks = s.tasks();
            tasks.forEach(t -> byStatus.merge(t.getStatus().name(), 1, Integer::sum));
            return new ProjectSummary(s.projectId(), s.spec().title(), s.policy().version(), tasks.size(), byStatus,
                    "ACTIVE", null);
        }

        /** From what a project keeps for lists (it may sleep: nothing is rebuilt). */
        static ProjectSummary of(io.conclave.engine.project.ProjectListing l) {
            return new ProjectSummary(l.projectId(), l.title(), l.policyVersion(), l.tasks(), l.tasksByStatus(),
                    "ACTIVE", null);
        }

        /** A project whose journal is damaged: it takes no commands until an operator repairs it. */
        static ProjectSummary of(OwnerRegistry.Damaged d) {
            return new ProjectSummary(d.id(), null, null, 0, Map.of(), "DAMAGED",
                    new Damage(d.id(), d.location(), d.entry(), d.reason()));
        }
    }

    /** A whole project: its definition's header, its agents with workload and its tasks. */
    public record ProjectView(String projectId, String title, String description, String executionMode,
                              String coordination, ProjectSpec.Scheduling scheduling, JsonNode ceoOversight, String policyVersion,
                              Map<String, Integer> tasksByStatus, int decisions, List<AgentView> agents,
                              List<TaskView> tasks) {
        static ProjectView of(ProjectSession s) {
            ProjectSpec spec = s.spec();
            return new ProjectView(s.projectId(), spec.title(), spec.description(), spec.executionMode(),
                    spec.coordinationOrDefault().json(), spec.scheduling(), spec.ceoOversight(), s.policy().version(), ProjectSummary.of(s).tasksByStatus(),
                    s.ledger().size(), s.agents().stream().map(a -> AgentView.of(a, s)).toList(),
                    s.tasks().stream().map(TaskView::of).toList());
        }
    }

    /**
     * Why a task is where it is: its state, what it still waits for (dependencies not yet COMPLETED, and
     * for a follow-up or a subtask not yet known, the tasks that release it), the decision that placed
     * it (with the candidates and the rejected agents), and every decision about it in order.
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "TaskExplanation")
    public record Explanation(TaskView task, String policyVersion, List<Blocker> waitingFor, Decision placement,
                              List<Decision> history) {
    }

    /** A task another one waits for, and why: a dependency not yet completed, a follow-up's or a subtask's parent. */
    public record Blocker(String taskId, String status, String relation) {
        static List<Blocker> of(Task t, ProjectSession s) {
            Map<String, Task> byId = new TreeMap<>();
            s.tasks().forEach(other -> byId.put(other.getTaskId(), other));
            List<Blocker> out = new java.util.ArrayList<>();
            for (String dep : t.getDependencies()) {
                Task d = byId.get(dep);
                if (d != null && d.getStatus() != io.conclave.model.TaskStatus.COMPLETED) {
                    out.add(new Blocker(dep, d.getStatus().name(), "dependency"));
                }
            }
            if (!t.isReleased()) {
                byId.values().stream().filter(p -> p.getFollowUpTasks().contains(t.getTaskId()))
                        .forEach(p -> out.add(new Blocker(p.getTaskId(), p.getStatus().name(), "follow-up of")));
                Task parent = t.getParentId() == null ? null : byId.get(t.getParentId());
                if (parent != null) {
                    out.add(new Blocker(parent.getTaskId(), parent.getStatus().name(), "subtask of"));
                }
            }
            return out;
        }
    }

    /**
     * Where a project's journal is damaged: the file, the entry that does not read and why. The project takes no
     * commands until an operator repairs it (see the administration endpoints).
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "Damaged")
    public record Damage(String id, String location, long entry, String reason) {
    }

    /** A run as listed: its request, status, why it stopped, its progress and checkpoints. */
    public record RunView(String runId, String projectId, RunRequest request, String status, String reason,
                          int interrupts, RunReport.Progress progress, List<Checkpoint> checkpoints) {
        static RunView of(String projectId, ProjectRun r, List<Checkpoint> kept) {
            return new RunView(r.runId(), projectId, r.request(), r.status().name(), r.reason(), r.interrupts(),
                    r.progress(), kept.stream().filter(c -> c.runId().equals(r.runId())).toList());
        }
    }
}
