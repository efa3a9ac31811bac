package io.conclave.model.wording;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conclave.model.Candidate;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.DelegationStep;

/** How a delegation step is recorded (assignment/delegation.drl). */
public final class DelegationWording {
    private DelegationWording() {
    }

    /**
     * The DELEGATED decision of one step: the manager and the agent the task goes to (its agent ids), the
     * score, the step number, the best agent below when the task is passed down, and the direct reports
     * passed over with why.
     */
    public static Decision delegated(DelegationStep s, int step, String why) {
        Candidate c = s.getChosen();
        Map<String, Object> details = new HashMap<>();
        details.put("manager", s.getManager() == null ? "" : s.getManager());
        details.put("to", c.agentId());
        details.put("step", step);
        if (s.getBestBelow() != null) {
            details.put("best_below", s.getBestBelow());
        }
        List<String> agents = new ArrayList<>();
        if (s.getManager() != null) {
            agents.add(s.getManager());
        }
        agents.add(c.agentId());
        return new Decision(DecisionKind.DELEGATED, s.getTask().getTaskId(), agents, null, null, why, c.score(),
                List.of(), s.getRejected(), s.getRejected().size()).withDetails(details);
    }
}
