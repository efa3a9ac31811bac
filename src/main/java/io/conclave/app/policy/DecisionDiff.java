package io.conclave.app.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.conclave.engine.project.DryRun;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;

/**
 * The answer of a dry run: what a project would have decided under a candidate policy against what it decided.
 * Per task whose status, assignee or attendees differ: both sides with the decision that put the task there
 * (its rule, policy version and reason); the decisions only one side made; the journal entries a side refused;
 * and, when asked, the summaries of the same simulated run on both sides.
 *
 * @param nowVersions the versions the project's journal ran under, in order
 * @param firstSeq the journal entry both sides start from: 1, the creation, unless the journal kept only the
 *                 entries from a snapshot on (both sides then start from the state of its marker)
 * @param lastSeq the journal entry the snapshot ends with
 * @param complete whether both sides replayed every entry of the snapshot
 */
public record DecisionDiff(String projectId, String candidateVersion, List<String> nowVersions, long firstSeq,
                           long lastSeq,
                           int entries, boolean runOpen, boolean complete, Counts counts, List<TaskChange> tasks,
                           List<DecisionLine> onlyNow, List<DecisionLine> onlyCandidate, Replay replay,
                           Simulation simulation) {
    /** Decisions listed per side at most; the counts say how many there were. */
    static final int LISTED = 200;
    /** Kinds that place a task: the deciding decision of a task held by someone, waiting or unassignable. */
    private static final Set<DecisionKind> PLACING = Set.of(DecisionKind.ASSIGNED, DecisionKind.MEETING_CONVENED,
            DecisionKind.WAITING, DecisionKind.UNASSIGNABLE, DecisionKind.DELEGATED, DecisionKind.AWARDED);

    /** How much differs. */
    public record Counts(int tasks, int tasksChanged, int decisionsNow, int decisionsCandidate, int onlyNow,
                         int onlyCandidate) {
    }

    /** A task whose outcome differs; a side is null when the task exists only on the other (a spawned task). */
    public record TaskChange(String taskId, TaskSide now, TaskSide candidate) {
    }

    /** A task on one side, with the decision that put it there. */
    public record TaskSide(String status, String assignee, List<String> attendees, String statusReason, String rule,
                           String policyVersion, Long decisionSeq, Long commandSeq, String reason) {
    }

    /** A decision of one side's ledger. */
    public record DecisionLine(long seq, long commandSeq, String kind, String taskId, List<String> agentIds,
                               String fromStatus, String toStatus, String rule, String policyVersion, String reason) {
        static DecisionLine of(Decision d) {
            return new DecisionLine(d.getSeq(), d.getCommandSeq(), d.getKind().name(), d.getTaskId(), d.getAgentIds(),
                    d.getFromStatus() == null ? null : d.getFromStatus().name(),
                    d.getToStatus() == null ? null : d.getToStatus().name(), d.getRule(), d.getPolicyVersion(),
                    d.getReason());
        }
    }

    /** How each side's replay went. */
    public record Replay(SideReplay now, SideReplay candidate) {
    }

    /** Entries replayed and refused (with the error each met), and why the side stopped early (null: it did not). */
    public record SideReplay(int replayed, List<DryRun.Refused> refused, String stopped) {
        static SideReplay of(DryRun.Side s) {
            return new SideReplay(s.replayed(), s.refused(), s.stopped());
        }
    }

    /** The same simulated run (request, seed) on both sides, after the replay. */
    public record Simulation(RunRequest request, SimulatedSide now, SimulatedSide candidate) {
    }

    /** One side's simulated run: its status and summaries, or why it has none. */
    public record SimulatedSide(String status, String statusReason, RunReport.TaskSummary taskSummary,
                                RunReport.Statistics statistics, String error) {
        static SimulatedSide of(DryRun.Side s) {
            RunReport r = s.simulation();
            return r == null ? new SimulatedSide(null, null, null, null, s.simulationError())
                    : new SimulatedSide(r.status(), r.statusReason(), r.taskSummary(), r.statistics(),
                    s.simulationError());
        }
    }

    /** The decision diff of a dry run of {@code projectId} under {@code candidate}. */
    public static DecisionDiff of(String projectId, String candidate, DryRun.Result r, RunRequest simulate) {
        DryRun.Side now = r.now();
        DryRun.Side other = r.candidate();
        Map<String, DryRun.TaskState> a = byId(now.tasks());
        Map<String, DryRun.TaskState> b = byId(other.tasks());
        List<String> ids = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(id -> !a.containsKey(id)).forEach(ids::add);
        List<TaskChange> tasks = new ArrayList<>();
        for (String id : ids) {
            DryRun.TaskState x = a.get(id);
            DryRun.TaskState y = b.get(id);
            if (x == null || y == null || !x.status().equals(y.status()) || !Objects.equals(x.assignee(), y.assignee())
                    || !x.attendees().equals(y.attendees())) {
                tasks.add(new TaskChange(id, side(x, now.ledger()), side(y, other.ledger())));
            }
        }
        List<Decision> onlyNow = onlyIn(now.ledger(), other.ledger());
        List<Decision> onlyCandidate = onlyIn(other.ledger(), now.ledger());
        Counts counts = new Counts(ids.size(), tasks.size(), now.ledger().size(), other.ledger().size(),
                onlyNow.size(), onlyCandidate.size());
        Simulation simulation = simulate == null ? null
                : new Simulation(simulate, SimulatedSide.of(now), SimulatedSide.of(other));
        return new DecisionDiff(projectId, candidate, now.versions(), r.firstSeq(), r.lastSeq(), r.entries(),
                r.runOpen(), r.complete(), counts, tasks, lines(onlyNow), lines(onlyCandidate),
                new Replay(SideReplay.of(now), SideReplay.of(other)), simulation);
    }

    private static Map<String, DryRun.TaskState> byId(List<DryRun.TaskState> tasks) {
        Map<String, DryRun.TaskState> out = new LinkedHashMap<>();
        tasks.forEach(t -> out.put(t.taskId(), t));
        return out;
    }

    /**
     * A task on one side with its deciding decision: the last one about the task that placed it or moved it to
     * the status it has; else the last one about it at all.
     */
    private static TaskSide side(DryRun.TaskState t, List<Decision> ledger) {
        if (t == null) {
            return null;
        }
        Decision deciding = null;
        Decision last = null;
        for (Decision d : ledger) {
            if (!t.taskId().equals(d.getTaskId())) {
                continue;
            }
            last = d;
            if (PLACING.contains(d.getKind()) || d.getToStatus() != null && d.getToStatus().name().equals(t.status())) {
                deciding = d;
            }
        }
        Decision d = deciding != null ? deciding : last;
        return new TaskSide(t.status(), t.assignee(), t.attendees(), t.statusReason(), d == null ? null : d.getRule(),
                d == null ? null : d.getPolicyVersion(), d == null ? null : d.getSeq(),
                d == null ? null : d.getCommandSeq(), d == null ? null : d.getReason());
    }

    /** The decisions of {@code side} the other side did not make (compared by kind, task, agents and statuses). */
    private static List<Decision> onlyIn(List<Decision> side, List<Decision> other) {
        Map<String, Integer> left = new HashMap<>();
        other.forEach(d -> left.merge(key(d), 1, Integer::sum));
        List<Decision> out = new ArrayList<>();
        for (Decision d : side) {
            String k = key(d);
            Integer n = left.get(k);
            if (n != null && n > 0) {
                left.put(k, n - 1);
            } else {
                out.add(d);
            }
        }
        return out;
    }

    private static String key(Decision d) {
        return d.getKind() + "|" + d.getTaskId() + "|" + d.getAgentIds() + "|" + d.getFromStatus() + "|" + d.getToStatus();
    }

    private static List<DecisionLine> lines(List<Decision> decisions) {
        return decisions.stream().limit(LISTED).map(DecisionLine::of).toList();
    }
}
