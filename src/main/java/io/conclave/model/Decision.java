package io.conclave.model;

import java.util.List;

/**
 * A decision made by a rule, inserted into the session by the rule's consequence. The engine's
 * ledger listener stamps it with the rule name, the policy version, the facts the rule matched and
 * the command it belongs to, then takes it out of working memory.
 */
public class Decision extends LedgerEntry {
    private final DecisionKind kind;
    private final String taskId;
    private final List<String> agentIds;
    private final TaskStatus fromStatus;
    private final TaskStatus toStatus;
    private final String reason;
    private final Double score;
    private final List<Candidate> runnersUp;
    private final List<Rejection> rejected;
    private final int rejectedTotal;
    /** What else the rule wants on record (bids, tallies, conflicting parties), sorted by key; empty if nothing. */
    private java.util.Map<String, Object> details = java.util.Map.of();

    public Decision(DecisionKind kind, String taskId, List<String> agentIds, TaskStatus fromStatus,
                    TaskStatus toStatus, String reason, Double score, List<Candidate> runnersUp,
                    List<Rejection> rejected, int rejectedTotal) {
        this.kind = kind;
        this.taskId = taskId;
        this.agentIds = List.copyOf(agentIds);
        this.fromStatus = fromStatus;
        this.toStatus = toStatus;
        this.reason = reason;
        this.score = score;
        this.runnersUp = List.copyOf(runnersUp);
        // a ranking's rejections stay unworded until read (they never change); any other list is copied
        this.rejected = rejected instanceof WordedOnRead ? rejected : List.copyOf(rejected);
        this.rejectedTotal = rejectedTotal;
    }

    /** A status change of one task, optionally caused by one agent. */
    public static Decision status(Task task, TaskStatus from, TaskStatus to, String agentId, String reason) {
        return new Decision(DecisionKind.STATUS_CHANGED, task.getTaskId(),
                agentId == null ? List.of() : List.of(agentId), from, to, reason, null, List.of(), List.of(), 0);
    }

    /** A decision about one task that carries the ranking behind it. */
    public static Decision ranked(DecisionKind kind, Ranking ranking, List<String> agentIds, TaskStatus from,
                                  TaskStatus to, String reason) {
        Candidate best = ranking.getBest();
        boolean assigned = kind == DecisionKind.ASSIGNED;
        return new Decision(kind, ranking.getTask().getTaskId(), agentIds, from, to, reason,
                assigned && best != null ? best.score() : null,
                assigned ? ranking.getRunnersUp() : ranking.getCandidates(),
                ranking.getRejected(), ranking.getRejectedTotal());
    }

    /** Any other decision about a task, described in words. */
    public static Decision note(DecisionKind kind, String taskId, List<String> agentIds, String reason) {
        return new Decision(kind, taskId, agentIds, null, null, reason, null, List.of(), List.of(), 0);
    }

    public DecisionKind getKind() { return kind; }
    public String getTaskId() { return taskId; }
    public List<String> getAgentIds() { return agentIds; }
    public TaskStatus getFromStatus() { return fromStatus; }
    public TaskStatus getToStatus() { return toStatus; }
    public String getReason() { return reason; }
    public Double getScore() { return score; }
    public List<Candidate> getRunnersUp() { return runnersUp; }
    public List<Rejection> getRejected() { return rejected; }
    public int getRejectedTotal() { return rejectedTotal; }
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public java.util.Map<String, Object> getDetails() { return details; }

    /** The same decision carrying {@code details} (key order does not matter: kept sorted). */
    public Decision withDetails(java.util.Map<String, ?> details) {
        // a sorted view, so the JSON writers (which sort map entries) take it as it is instead of copying it
        this.details = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(details));
        return this;
    }


}
