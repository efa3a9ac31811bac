package io.conclave.app.inbox;

import static io.conclave.engine.ConversationStoreTest.expert;
import static io.conclave.engine.ConversationStoreTest.message;
import static io.conclave.engine.ConversationStoreTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.ConversationStoreTest;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.TurnDecision;

/**
 * A turn's inbox items read four fields of its decision: from the decision the conversation published with the
 * event (so its JSON is not built for them), or, for an event without it, from the event's data. Both readings must
 * agree, for turns granted by the strategy, by a suggestion and by a hand-off.
 */
class InboxTurnTest {
    @Test
    void theDecisionAndItsDataGiveTheSameTurn(@TempDir Path data) throws Exception {
        List<ServiceEvent> events = new ArrayList<>();
        try (ConversationRegistry registry = ConversationStoreTest.registry(data, events)) {
            ConversationRuntime c = registry.create(spec("""
                    { "conversation_id": "t1",
                      "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"],
                                  "max_total_turns": 50 } }"""), "operator");
            c.join("u", new AgentRole("user", "asks", List.of(), 0));
            c.join("a", expert(1, "db"));
            c.join("b", expert(2));
            c.join("c", expert(3, "ui"));
            c.post(message("""
                    { "sender": "u", "content": "which database?", "topics": ["db"] }"""));
            c.post(message("""
                    { "sender": "a", "content": "b, what do you think?", "suggested_next": "b" }"""));
            c.post(message("""
                    { "sender": "b", "content": "c, your call", "handoff_to": "c" }"""));
        }
        List<ServiceEvent> turns = events.stream().filter(e -> e.type().equals("TURN_GRANTED")).toList();
        assertEquals(3, turns.size(), "one turn granted a message: " + turns);
        List<String> vias = new ArrayList<>();
        for (ServiceEvent e : turns) {
            TurnDecision d = assertInstanceOf(TurnDecision.class, e.subject());
            InboxItems.Turn typed = InboxItems.Turn.of(e);
            ServiceEvent asJson = ServiceEvent.conversation(e.type(), e.at(), e.conversationId(), e.projectId(),
                    e.agentId(), e.data());
            assertEquals(null, asJson.subject());
            assertEquals(InboxItems.Turn.of(asJson), typed, "the turn of " + d);
            vias.add(typed.via());
        }
        assertEquals(3, vias.stream().distinct().count(), "three ways of granting a turn: " + vias);
    }
}
