package io.conclave.app;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectRegistry;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Ids;
import io.conclave.model.Problem;

/**
 * Contract-net commands behind the REST layer: checks a bid's shape (every problem at once, with its
 * JSON path) and that the task and the agent exist; whether the bid is taken, and who wins, is the
 * rules' to say (contract_net*.drl).
 */
@ApplicationScoped
public class ContractNetService {
    private final ProjectRegistry registry;

    public ContractNetService(Engine engine) {
        this.registry = engine.projects();
    }

    /**
     * An agent's answer to a call for proposals: {@code { agent_id, cost, confidence? }} or
     * {@code { agent_id, decline: true }}. Journaled as a bid command in this normalized form.
     */
    public void bid(String projectId, String taskId, JsonNode body) {
        ProjectService.checkId(projectId, "project_id");
        ProjectService.checkId(taskId, "task_id");
        ObjectNode bid = validBid(body);
        bid.put("task_id", taskId);
        String agentId = bid.get("agent_id").asText();
        registry.get(projectId).command(JournalEntry.BID, agentId, bid, s -> ProjectService.guard(s, taskId, agentId));
    }

    /** The operator asks for a contract-net task to be announced again. */
    public void announce(String projectId, String taskId, String actor) {
        ProjectService.checkId(projectId, "project_id");
        ProjectService.checkId(taskId, "task_id");
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("task_id", taskId).put("actor", actor);
        registry.get(projectId).command(JournalEntry.ANNOUNCE, actor, body, s -> ProjectService.guard(s, taskId, null));
    }

    /** The bid in normalized form, or 400 naming every problem of the body. */
    static ObjectNode validBid(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new Problem("$", "a bid must be a JSON object")));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode agent = body.get("agent_id");
        if (agent == null || agent.isNull()) {
            problems.add(new Problem("$.agent_id", "is required"));
        } else if (!agent.isTextual()) {
            problems.add(new Problem("$.agent_id", "must be a string"));
        } else if (Ids.problem(agent.asText()) != null) {
            problems.add(new Problem("$.agent_id", Ids.problem(agent.asText())));
        } else {
            out.put("agent_id", agent.asText());
        }
        JsonNode decline = body.get("decline");
        boolean declines = false;
        if (decline != null && !decline.isNull()) {
            if (!decline.isBoolean()) {
                problems.add(new Problem("$.decline", "must be true or false"));
            } else {
                declines = decline.asBoolean();
            }
        }
        JsonNode cost = body.get("cost");
        JsonNode confidence = body.get("confidence");
        boolean hasCost = cost != null && !cost.isNull();
        boolean hasConfidence = confidence != null && !confidence.isNull();
        if (declines) {
            out.put("decline", true);
            if (hasCost) {
                problems.add(new Problem("$.cost", "must not be given with decline: true"));
            }
            if (hasConfidence) {
                problems.add(new Problem("$.confidence", "must not be given with decline: true"));
            }
        } else {
            if (!hasCost) {
                problems.add(new Problem("$.cost", "is required (or decline: true)"));
            } else if (!cost.isNumber()) {
                problems.add(new Problem("$.cost", "must be a number"));
            } else if (cost.asDouble() < 0 || !Double.isFinite(cost.asDouble())) {
                problems.add(new Problem("$.cost", "must be 0 or more, was " + cost.asText()));
            } else {
                out.put("cost", cost.asDouble());
            }
            if (hasConfidence) {
                if (!confidence.isNumber()) {
                    problems.add(new Problem("$.confidence", "must be a number"));
                } else if (confidence.asDouble() < 0 || confidence.asDouble() > 1) {
                    problems.add(new Problem("$.confidence", "must be between 0 and 1, was " + confidence.asText()));
                } else {
                    out.put("confidence", confidence.asDouble());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return out;
    }


    private static EngineException invalid(List<Problem> problems) {
        return new EngineException(EngineException.Kind.INVALID, "invalid_request",
                problems.size() + " problem(s) in the request", problems);
    }
}
