package io.conclave.model.command;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Problem;
import io.conclave.model.memory.AgentState;
import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/**
 * An agent saves its state as the chapter's {@code AgentStateManager.save_state} does: beliefs (a JSON object),
 * goals (a JSON array) and performance metrics (a JSON object); each absent one is saved empty. Its memory is its
 * working memory, which a checkpoint copies.
 */
public record SaveAgentMind(@SafeId(optional = true) String agentId, JsonNode beliefs, JsonNode goals,
                            JsonNode metrics) implements MemoryCommand, Checked {
    public static final String TYPE = "agent_state_save";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    @Override
    public List<Problem> crossFieldProblems() {
        return problems(beliefs, goals, metrics);
    }

    static List<Problem> problems(JsonNode beliefs, JsonNode goals, JsonNode metrics) {
        List<Problem> problems = new ArrayList<>();
        MemoryValues.check(beliefs, "$.beliefs", false, "object", problems);
        MemoryValues.check(goals, "$.goals", false, "array", problems);
        MemoryValues.check(metrics, "$.metrics", false, "object", problems);
        return problems;
    }

    /** The state this saves (an absent part empty). */
    static AgentState.Mind mind(JsonNode beliefs, JsonNode goals, JsonNode metrics) {
        return new AgentState.Mind(part(beliefs, "{}"), part(goals, "[]"), part(metrics, "{}"));
    }

    private static String part(JsonNode n, String empty) {
        return n == null || n.isNull() ? empty : MemoryValues.text(n);
    }

    @Override
    public MemoryRequest toRequest(MemoryOwner owner, List<String> agents) {
        return MemoryRequest.saveState(owner, agentId, mind(beliefs, goals, metrics));
    }
}
