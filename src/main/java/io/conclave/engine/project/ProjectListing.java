package io.conclave.engine.project;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Task;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.run.RunStatus;

/**
 * What lists show of a project, kept beside it (recomputed after its next entry) so that listing projects reads
 * no session and rebuilds no sleeping project: its title, the policy it decides under (and its pin), its tasks
 * counted by status, its agents (who may see it) and the status of each of its runs.
 */
public record ProjectListing(String projectId, String title, String policyVersion, PinPolicy pin, int tasks,
                             Map<String, Integer> tasksByStatus, List<String> agentIds, List<RunStatus> runs) {
    public ProjectListing {
        tasksByStatus = java.util.Collections.unmodifiableMap(new TreeMap<>(tasksByStatus));
        agentIds = List.copyOf(agentIds);
        runs = List.copyOf(runs);
    }

    static ProjectListing of(ProjectSession s, PinPolicy pin, List<RunStatus> runs) {
        Map<String, Integer> byStatus = new TreeMap<>();
        List<Task> tasks = s.tasks();
        tasks.forEach(t -> byStatus.merge(t.getStatus().name(), 1, Integer::sum));
        return new ProjectListing(s.projectId(), s.spec().title(), s.policy().version(), pin, tasks.size(), byStatus,
                s.agents().stream().map(a -> a.getAgentId()).toList(), runs);
    }
}
