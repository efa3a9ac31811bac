package io.conclave.model.command;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Problem;
import io.conclave.model.memory.AgentState;
import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/**
 * An agent checkpoints its state (the chapter's {@code AgentStateManager.checkpoint}): the beliefs, goals or metrics
 * it gives are saved first (the others stay as last saved); either way with a copy of its working memory.
 */
public record CheckpointAgent(@SafeId(optional = true) String agentId, JsonNode beliefs, JsonNode goals,
                              JsonNode metrics) implements MemoryCommand, Checked {
    public static final String TYPE = "agent_checkpoint";

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
        return SaveAgentMind.problems(beliefs, goals, metrics);
    }

    private boolean saves() {
        return beliefs != null || goals != null || metrics != null;
    }

    @Override
    public MemoryRequest toRequest(MemoryOwner owner, List<String> agents) {
        return MemoryRequest.checkpoint(owner, agentId, saves() ? new AgentState.Mind(part(beliefs), part(goals),
                part(metrics)) : null);
    }

    private static String part(JsonNode n) {
        return n == null || n.isNull() ? null : MemoryValues.text(n);
    }
}
