package io.conclave.app;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectRegistry;
import io.conclave.engine.ProjectSession;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Ids;
import io.conclave.model.Problem;

/**
 * The delegate command behind the REST layer: checks the input (every problem at once, with its JSON
 * path) and that the task and the acting agent exist, then hands the command to the rules of
 * delegation_requests.drl, which accept it or refuse it with a code.
 */
@ApplicationScoped
public class DelegationService {
    private final ProjectRegistry registry;

    public DelegationService(Engine engine) {
        this.registry = engine.projects();
    }

    /** {@code agentId}, holding {@code taskId}, hands it to {@code to}; journaled as {@link JournalEntry#DELEGATE}. */
    public void delegate(String projectId, String taskId, String agentId, String to) {
        ProjectService.checkId(projectId, "project_id");
        ProjectService.checkId(taskId, "task_id");
        List<Problem> problems = new ArrayList<>();
        String byProblem = Ids.problem(agentId);
        if (byProblem != null) {
            problems.add(new Problem("$.agent_id", byProblem));
        }
        String toProblem = Ids.problem(to);
        if (toProblem != null) {
            problems.add(new Problem("$.to", toProblem));
        }
        if (!problems.isEmpty()) {
            throw new EngineException(EngineException.Kind.INVALID, "invalid_request",
                    problems.size() + " problem(s) in the request", problems);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("task_id", taskId).put("agent_id", agentId).put("to", to);
        registry.get(projectId).command(JournalEntry.DELEGATE, agentId, body, s -> guard(s, taskId, agentId));
    }

    // Whether the delegation is allowed (holder, below, capable, capacity, even whether `to` exists) is the
    // policy's to say; Java only checks that the task and the acting agent exist, as for reports.
    private static void guard(ProjectSession session, String taskId, String agentId) {
        if (session.task(taskId) == null) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "task_not_found",
                    "project " + session.projectId() + " has no task '" + taskId + "'");
        }
        if (session.agents().stream().noneMatch(a -> a.getAgentId().equals(agentId))) {
            throw new EngineException(EngineException.Kind.INVALID, "unknown_agent",
                    "project " + session.projectId() + " has no agent '" + agentId + "'",
                    List.of(new Problem("$.agent_id", "unknown agent '" + agentId + "'")));
        }
    }
}
