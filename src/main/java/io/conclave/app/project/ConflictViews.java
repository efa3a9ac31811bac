package io.conclave.app.project;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.conflict.ConflictOption;
import io.conclave.model.conflict.GoalConflict;
import io.conclave.model.conflict.GoalProposal;
import io.conclave.engine.policy.Outputs;

/**
 * The conflicts of a project as readers see them, built from the ledger's CONFLICT_DETECTED and
 * CONFLICT_RESOLVED decisions (of every rule file: goal, resource, priority, meeting conflicts),
 * grouped by their {@code conflict_id} detail (a decision without one is a conflict of its own,
 * {@code ledger-<seq>}), and for goal conflicts completed with the proposals and ranked options the
 * session holds. Listed in the order they were first detected.
 */
public final class ConflictViews {
    private ConflictViews() {
    }

    /**
     * One conflict. {@code type}: "goal", or the {@code conflict_type} (or {@code type}) detail of its decisions.
     * {@code asked}: for a goal conflict, the parties the rules asked to propose (through their inboxes).
     */
    public record ConflictView(String conflictId, String type, String status, String topic, List<String> parties,
                               List<String> asked, List<ProposalLine> proposals, List<ConflictOption> options,
                               String winner, List<String> agentIds, String taskId, List<LedgerLine> decisions) {
    }

    /** A proposal of a goal conflict, numbered in arrival order. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ConflictProposalLine")
    public record ProposalLine(int order, String agentId, String option, String rationale) {
    }

    /** A ledger decision about the conflict: see {@code GET /api/projects/{id}/ledger} for its full record. */
    public record LedgerLine(long seq, DecisionKind kind, String rule, String reason, Map<String, Object> details) {
    }

    public static List<ConflictView> all(ProjectSession s) {
        Map<String, List<Decision>> groups = new LinkedHashMap<>();
        for (Decision d : s.ledger()) {
            if (d.getKind() == DecisionKind.CONFLICT_DETECTED || d.getKind() == DecisionKind.CONFLICT_RESOLVED
                    || d.getKind() == DecisionKind.PROPOSAL_REQUESTED) {
                Object id = d.getDetails().get("conflict_id");
                String key = type(d) + "\u0000" + (id == null ? "ledger-" + d.getSeq() : id);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, GoalConflict> goals = new LinkedHashMap<>();
        s.outputs(Outputs.GOAL_CONFLICTS).forEach(g -> goals.put(g.getConflictId(), g));
        List<GoalProposal> proposals = new ArrayList<>(s.outputs(Outputs.GOAL_PROPOSALS));
        proposals.sort(Comparator.comparing(GoalProposal::factKey));
        List<ConflictView> out = new ArrayList<>();
        for (Map.Entry<String, List<Decision>> e : groups.entrySet()) {
            String id = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
            out.add(view(id, e.getValue(), "goal".equals(type(e.getValue().get(0))) ? goals.get(id) : null, proposals));
        }
        return out;
    }

    private static ConflictView view(String id, List<Decision> decisions, GoalConflict g, List<GoalProposal> all) {
        List<LedgerLine> lines = decisions.stream()
                .map(d -> new LedgerLine(d.getSeq(), d.getKind(), d.getRule(), d.getReason(), d.getDetails())).toList();
        Set<String> agents = new LinkedHashSet<>();
        decisions.forEach(d -> agents.addAll(d.getAgentIds()));
        String taskId = decisions.stream().map(Decision::getTaskId).filter(t -> t != null).findFirst().orElse(null);
        Decision resolved = decisions.stream().filter(d -> d.getKind() == DecisionKind.CONFLICT_RESOLVED).findFirst()
                .orElse(null);
        if (g != null) {
            List<ProposalLine> ps = all.stream().filter(p -> p.getConflictId().equals(id))
                    .map(p -> new ProposalLine(p.getOrder(), p.getAgentId(), p.getOption(), p.getRationale())).toList();
            List<String> asked = decisions.stream().filter(d -> d.getKind() == DecisionKind.PROPOSAL_REQUESTED)
                    .flatMap(d -> d.getAgentIds().stream()).toList();
            return new ConflictView(id, "goal", g.isOpen() ? "open" : "resolved", g.getTopic(), g.getParties(), asked,
                    ps, g.getOptions(), g.getWinner(), List.copyOf(agents), taskId, lines);
        }
        Object topic = decisions.get(0).getDetails().get("topic");
        Object winner = resolved == null ? null : resolved.getDetails().get("winner");
        return new ConflictView(id, type(decisions.get(0)), resolved == null ? "open" : "resolved",
                topic == null ? null : topic.toString(), List.of(), List.of(), List.of(), List.of(),
                winner == null ? null : winner.toString(), List.copyOf(agents), taskId, lines);
    }

    private static String type(Decision d) {
        Object t = d.getDetails().get("conflict_type");
        if (t == null) {
            t = d.getDetails().get("type");
        }
        return t == null ? "conflict" : t.toString();
    }
}
