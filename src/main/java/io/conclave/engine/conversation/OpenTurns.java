package io.conclave.engine.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;

/**
 * Each member's latest turn that it has not answered yet: the grant, the origin of its event (the conversation, when
 * it was created, the entry and the event's place among that entry's events, as the entry publishes them), and when.
 * A member's turn is answered by its next message, and replaced by its next grant. Kept as the conversation applies
 * its entries, live and on replay alike, so a conversation rebuilt from its journal tells the same open turns: the
 * agents' inboxes take their turn items from here after a restart instead of keeping a line of each.
 * Not thread-safe: the conversation's runtime serialises every call.
 */
final class OpenTurns {
    private final Map<String, ConversationRuntime.OpenTurn> byAgent = new LinkedHashMap<>();

    /**
     * Entry {@code seq} (recorded {@code at}) of conversation {@code conversationId}, created at {@code born}, was
     * applied: its message's {@code sender} (null: none) answered its own turn, then each turn of {@code decisions} was
     * granted. {@code firstDecisionEvent} is the place of the first decision's event among the entry's events (after
     * the creation, the message and the answer the entry publishes).
     */
    void applied(String conversationId, Instant born, long seq, Instant at, String sender, int firstDecisionEvent,
                 List<TurnDecision> decisions) {
        if (sender != null) {
            byAgent.remove(sender);
        }
        int event = firstDecisionEvent;
        for (TurnDecision d : decisions) {
            if (d.getKind() == TurnDecisionKind.TURN_GRANTED && d.getResponders() != null) {
                for (String agent : new LinkedHashSet<>(d.getResponders())) {
                    JournaledRuntime.Origin origin = new JournaledRuntime.Origin("conversation", conversationId, born,
                            seq, event);
                    byAgent.put(agent, new ConversationRuntime.OpenTurn(agent, origin, at, d));
                }
            }
            event++;
        }
    }

    /** The open turns in the order they were granted (entry, then event, then agent). */
    List<ConversationRuntime.OpenTurn> all() {
        List<ConversationRuntime.OpenTurn> out = new ArrayList<>(byAgent.values());
        out.sort(Comparator.comparingLong((ConversationRuntime.OpenTurn t) -> t.origin().seq())
                .thenComparingInt(t -> t.origin().event()).thenComparing(ConversationRuntime.OpenTurn::agentId));
        return out;
    }

    void clear() {
        byAgent.clear();
    }
}
