package io.conclave.app;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectRegistry;
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
        registry.get(projectId).command(JournalEntry.DELEGATE, agentId, body, s -> ProjectService.guard(s, taskId, agentId));
    }
}
