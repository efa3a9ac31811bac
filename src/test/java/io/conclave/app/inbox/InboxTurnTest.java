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
            ConversationRuntime c = asked(registry, "t1");
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

    /**
     * The turns a conversation holds open, as it tells them after a restart (the inboxes write no line of a turn), name
     * the same items as the events that granted them: the expected names are those the live events make (their
     * origins: entry and place among the entry's events), each agent's latest grant kept until it speaks. Checked
     * live, and on the conversation rebuilt from its journal.
     */
    @Test
    void theTurnsAConversationHoldsOpenNameTheItemsTheirEventsMade(@TempDir Path data) throws Exception {
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        java.util.function.Consumer<ServiceEvent> inbox = e -> {
            io.conclave.engine.owner.JournaledRuntime.Origin origin = io.conclave.engine.owner.JournaledRuntime.publishing();
            if (e.type().equals("CONVERSATION_MESSAGE")) {
                expected.remove(e.agentId()); // its message answers its turn
            } else if (e.type().equals("TURN_GRANTED")) {
                for (String agent : InboxItems.Turn.of(e).responders()) {
                    expected.put(agent, name(agent, origin, e));
                }
            }
        };
        java.util.function.Supplier<ConversationRegistry> registry = () -> new ConversationRegistry(data,
                io.conclave.engine.MeetingStoreTest.shipped(), 10_000, java.time.Clock.systemUTC(), inbox);
        java.util.Map<String, String> live;
        try (ConversationRegistry conversations = registry.get()) {
            ConversationRuntime c = asked(conversations, "t2");
            c.post(message("""
                    { "sender": "u", "content": "and the screens?", "topics": ["ui"] }"""));
            assertEquals(true, expected.size() >= 2, "turns open on two messages at least: " + expected);
            live = named(c);
            assertEquals(expected, live, "the open turns name the items their events made");
        }
        try (ConversationRegistry restarted = registry.get()) {
            restarted.recoverAll();
            assertEquals(live, named(restarted.get("t2")), "rebuilt from the journal, the same open turns");
        }
    }

    /**
     * Conversation {@code id} (dynamic turns; u a user, experts a on databases, b, c on screens) after u asked about
     * databases and a, answering, suggested b.
     */
    private static ConversationRuntime asked(ConversationRegistry registry, String id) {
        ConversationRuntime c = registry.create(spec("""
                { "conversation_id": "%s",
                  "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"], "max_total_turns": 50 } }"""
                .formatted(id)), "operator");
        c.join("u", new AgentRole("user", "asks", List.of(), 0));
        c.join("a", expert(1, "db"));
        c.join("b", expert(2));
        c.join("c", expert(3, "ui"));
        c.post(message("""
                { "sender": "u", "content": "which database?", "topics": ["db"] }"""));
        c.post(message("""
                { "sender": "a", "content": "b, what do you think?", "suggested_next": "b" }"""));
        return c;
    }

    /** The name of agent {@code agent}'s item of the event published with {@code origin}. */
    private static String name(String agent, io.conclave.engine.owner.JournaledRuntime.Origin origin, ServiceEvent e) {
        return AgentInbox.named(List.of(io.conclave.model.inbox.InboxItem.of(agent, InboxKinds.TURN_GRANTED, e.at(), null,
                null, null, e.conversationId(), "", null, List.of(), null)), origin, e).get(0).itemId();
    }

    /** The names of the items of the turns {@code c} holds open, by agent. */
    private static java.util.Map<String, String> named(ConversationRuntime c) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (ConversationRuntime.OpenTurn t : c.openTurns()) {
            ServiceEvent e = ServiceEvent.conversation("TURN_GRANTED", t.at(), c.conversationId(), null, t.agentId(), null);
            out.put(t.agentId(), name(t.agentId(), t.origin(), e));
        }
        return out;
    }
}
