package io.conclave.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reporting lines must form a tree: every {@code manager} names another agent of the project, and
 * following managers upwards never comes back to where it started. A cycle is reported once, at the
 * first agent of it in file order, naming every agent on it.
 */
final class ReportingLines {
    private ReportingLines() {
    }

    static void check(List<ProjectSpec.AgentSpec> agents, Set<String> agentIds, List<Problem> problems) {
        Map<String, String> manager = new HashMap<>();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            ProjectSpec.AgentSpec a = agents.get(i);
            if (a == null || a.agentId() == null || a.manager() == null) {
                continue;
            }
            String at = "$.agents[" + i + "].manager";
            if (a.manager().equals(a.agentId())) {
                problems.add(new Problem(at, "an agent cannot be its own manager"));
            } else if (!agentIds.contains(a.manager())) {
                problems.add(new Problem(at, "unknown agent id '" + a.manager() + "'"));
            } else {
                manager.putIfAbsent(a.agentId(), a.manager());
                position.putIfAbsent(a.agentId(), i);
            }
        }
        Set<String> reported = new HashSet<>();
        for (int i = 0; i < agents.size(); i++) {
            ProjectSpec.AgentSpec a = agents.get(i);
            if (a == null || a.agentId() == null || reported.contains(a.agentId())) {
                continue;
            }
            List<String> chain = new ArrayList<>();
            String at = a.agentId();
            while (at != null && !chain.contains(at)) {
                chain.add(at);
                at = manager.get(at);
            }
            if (at != null && at.equals(a.agentId())) {
                chain.add(at);
                reported.addAll(chain);
                problems.add(new Problem("$.agents[" + i + "].manager", "reporting lines must form a tree; cycle: "
                        + String.join(" -> ", chain)));
            }
        }
    }
}
