package io.conclave.model.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a simulated run produced, so far or in the end ({@code status}). Holds no wall-clock time, so
 * the same project, policy, requests and seed give the same report byte for byte. {@code decisions}:
 * what the meetings decided (each proposal with its outcome); {@code action_items}: the accepted
 * proposals, with the task spawned from each; {@code risks}: tasks that failed, ran late, were skipped
 * or could not be assigned or started; {@code timeline}: every start and end in simulated time.
 */
public record RunReport(String runId, String projectId, String mode, String status, String statusReason,
                        String policyVersion, long seed, double failureRate,
                        String simulatedStart, String simulatedEnd, Progress progress, TaskSummary taskSummary,
                        Statistics statistics, List<TaskLine> tasks, List<AgentLine> agents,
                        List<MeetingLine> meetings, List<DecisionLine> decisions, List<ActionItem> actionItems,
                        List<Risk> risks, List<TimelineEntry> timeline,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Schedule scheduling) {

    /** How far a run got: simulated events handled, tasks finished (any final status) of all, and the simulated time. */
    public record Progress(int events, int totalTasks, int finishedTasks, double percent, String simulatedTime) {
    }

    /** A proposal a meeting of the run decided (accepted or rejected), and the rule that decided it. */
    public record DecisionLine(String meetingTask, String proposalId, String title, String outcome, String decidedBy) {
    }

    /** An accepted proposal: what to do, who proposed it, and the task spawned from it (null if none was). */
    public record ActionItem(String meetingTask, String proposalId, String title, String proposer, String spawnedTask) {
    }

    /**
     * A task that needs attention: {@code kind} failed | late | skipped | unassignable | blocked, or unfinished (a
     * run that is over left it open: pending, ready, assigned or in progress, with its status in the reason), and why.
     */
    public record Risk(String taskId, String kind, String reason) {
        /** A task a run that is over left open, with its status and the reason it stands there. */
        public static Risk unfinished(io.conclave.model.Task t) {
            return new Risk(t.getTaskId(), "unfinished", t.getStatus().name() + (t.isReleased() ? "" : ", never released")
                    + (t.getStatusReason() == null ? "" : ": " + t.getStatusReason()));
        }
    }

    /** One moment of the run: a task started, completed, failed or was skipped, by whom. */
    public record TimelineEntry(String at, String taskId, String event, List<String> agents) {
    }

    /**
     * The calendar a run followed (absent from a continuous run): the mode, whether dates auto-adjust,
     * the working hours ("HH:MM") and the working days.
     */
    public record Schedule(String mode, boolean autoAdjustDates, String workingHoursStart, String workingHoursEnd,
                           List<String> workingDays) {
    }

    /**
     * Counts of the project's tasks by outcome. {@code spawned_tasks}: how many of them meetings spawned;
     * {@code unfinished_tasks}: still pending, ready, assigned or in progress.
     */
    public record TaskSummary(int totalTasks, int completedTasks, int failedTasks, int skippedTasks,
                              int spawnedTasks, int unassignableTasks, int blockedTasks, int unfinishedTasks) {
    }

    /**
     * Figures of the run: meetings held in it and proposals they accepted, interrupts applied and
     * checkpoints reached while it was open, simulated calendar days it spans; and of the whole project:
     * assignments, meeting tasks convened and decisions in the ledger. Simulated hours from start to end.
     */
    public record Statistics(int meetingsHeld, int proposalsAccepted, int interrupts, int checkpoints,
                             int simulatedDays, int assignments, int meetingsConvened, int decisions,
                             double simulatedHours) {
    }

    /**
     * One task: who did it and when, in simulated time (null when it never started). In a calendar run
     * also its planned start (null in compressed mode), whether it ran late or was shifted, and why.
     */
    public record TaskLine(String taskId, String status, String assignee, List<String> attendees,
                           String simulatedStart, String simulatedEnd, String statusReason,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String plannedStart,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean ranLate,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean shifted,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String scheduleNote) {
    }

    /**
     * One agent: what it completed, how busy it was over the run, and what it learned in it
     * ({@code skill_changes} and {@code preference_changes}: name to [before, after], only those that changed).
     */
    public record AgentLine(String agentId, int tasksCompleted, double busyHours, double utilisation,
                            Map<String, List<Double>> skillChanges, Map<String, List<Double>> preferenceChanges) {
        /** Levels that changed between {@code before} (null: none yet) and {@code after}: name to [before, after], by name. */
        public static Map<String, List<Double>> changes(Map<String, Double> before, Map<String, Double> after) {
            Map<String, List<Double>> out = new java.util.TreeMap<>();
            after.forEach((name, level) -> {
                double was = before == null ? 0.0 : before.getOrDefault(name, 0.0);
                if (was != level) {
                    out.put(name, List.of(was, level));
                }
            });
            return out;
        }
    }

    /**
     * One meeting task held as a meeting by its simulated attendees, in the order the meetings started:
     * its simulated start and end (when it closed; null if it never did), its state at the end of its
     * time, the proposals with their outcome, the minutes the rules wrote, the rules that closed the
     * meeting, decided the proposals and wrote the minutes, and what each simulated attendee did.
     */
    public record MeetingLine(String taskId, String meetingId, String simulatedStart, String simulatedEnd,
                              String state, String chair, List<String> attendees, List<ProposalLine> proposals,
                              String minutes, List<String> outcomeRules, List<MeetingAction> transcript) {
    }

    /** A proposal and its outcome; {@code tally} and {@code decided_by} are null while it is open. Votes by agent. */
    public record ProposalLine(String proposalId, String title, String details, String proposer, String outcome,
                               TallyLine tally, Map<String, String> votes, String decidedBy) {
    }

    /** The count that decided a proposal, and the yes votes the meeting's threshold required. */
    public record TallyLine(int yes, int no, int abstain, int notVoted, int active, int required) {
    }

    /** One command a simulated attendee posted, when, and the protocol's refusal if it refused it (else null). */
    public record MeetingAction(String at, String agentId, String action, String proposalId, String text,
                                String refused) {
    }
}
