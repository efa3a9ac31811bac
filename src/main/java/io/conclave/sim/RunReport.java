package io.conclave.sim;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a simulated run produced. Holds no wall-clock time, so the same project, policy and seed give
 * the same report byte for byte.
 */
public record RunReport(String projectId, String mode, String policyVersion, long seed, double failureRate,
                        String simulatedStart, String simulatedEnd, TaskSummary taskSummary,
                        Statistics statistics, List<TaskLine> tasks, List<AgentLine> agents,
                        List<MeetingLine> meetings,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Schedule scheduling) {

    /**
     * The calendar a run followed (absent from a continuous run): the mode, whether dates auto-adjust,
     * the working hours ("HH:MM") and the working days.
     */
    public record Schedule(String mode, boolean autoAdjustDates, String workingHoursStart, String workingHoursEnd,
                           List<String> workingDays) {
    }

    /** Counts of tasks by outcome. {@code unfinished_tasks} are those still pending, ready or waiting. */
    public record TaskSummary(int totalTasks, int completedTasks, int failedTasks, int unassignableTasks,
                              int blockedTasks, int unfinishedTasks) {
    }

    /** Figures of the whole project so far. */
    public record Statistics(int assignments, int meetingsConvened, int decisions, double simulatedHours) {
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

    /** One agent: what it completed and how busy it was over the run. */
    public record AgentLine(String agentId, int tasksCompleted, double busyHours, double utilisation) {
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
