package io.conclave.model.wording;

import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Agent;
import io.conclave.model.conflict.GoalConflict;
import io.conclave.model.conflict.GoalProposal;

/** How a goal conflict's proposals are recorded (coordination/goal_conflicts.drl). */
public final class GoalConflictWording {
    private GoalConflictWording() {
    }

    /** The details of a proposal's decision: the conflict, its topic and parties, the proposal and its agent's priority. */
    public static Map<String, Object> proposalDetails(GoalConflict g, GoalProposal p, Agent a) {
        Map<String, Object> d = new TreeMap<>();
        d.put("conflict_id", g.getConflictId());
        d.put("conflict_type", "goal");
        d.put("topic", g.getTopic());
        d.put("parties", g.getParties());
        d.put("proposal", p.getOrder());
        d.put("option", p.getOption());
        d.put("rationale", p.getRationale());
        d.put("agent_priority", a.getPriority());
        return d;
    }
}
