package io.conclave.model.memory;

import java.util.List;
import java.util.Map;

import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.LedgerEntry;
import io.conclave.model.conversation.TurnDecision;

/**
 * The project or conversation whose memory a fact belongs to: the memory rules are one chapter for both, and their
 * decisions go to the owner's ledger in the owner's own kind of decision (a project's {@link Decision}, a
 * conversation's {@link TurnDecision}).
 */
public record MemoryOwner(String kind, String id) {
    public static final String PROJECT = "project";
    public static final String CONVERSATION = "conversation";

    public static MemoryOwner project(String id) {
        return new MemoryOwner(PROJECT, id);
    }

    public static MemoryOwner conversation(String id) {
        return new MemoryOwner(CONVERSATION, id);
    }

    /** A decision about {@code agentId}'s memory (or the shared memory), for the owner's ledger. */
    public LedgerEntry decision(MemoryEvent event, String agentId, String reason, Map<String, ?> details) {
        List<String> agents = agentId == null ? List.of() : List.of(agentId);
        if (PROJECT.equals(kind)) {
            return Decision.note(event.decisionKind(), null, agents, reason).withDetails(details);
        }
        return TurnDecision.memory(event.turnKind(), id, agentId, reason, details);
    }

    @Override
    public String toString() {
        return kind + " " + id;
    }
}
