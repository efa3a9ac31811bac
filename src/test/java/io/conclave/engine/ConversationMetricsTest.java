package io.conclave.engine;

import static io.conclave.engine.ConversationStoreTest.expert;
import static io.conclave.engine.ConversationStoreTest.message;
import static io.conclave.engine.ConversationStoreTest.snapshot;
import static io.conclave.engine.ConversationStoreTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.ConversationMetrics;

/**
 * The conversation design's success metrics on the journaled times of a conversation (a clock the test moves, so every
 * latency is known), and the same metrics after a restart replays the journal.
 */
class ConversationMetricsTest {

    /*
     * Round robin; u is a user (its role is not granted turns), a, b and c are experts, joined in that order.
     *   +1.0 s  u says hello: a is granted a turn (the first expert in join order);
     *   +3.0 s  a answers (its turn took 2.0 s) and b is granted one (the next after a);
     *   +3.5 s  b answers (0.5 s) and c is granted one; c never answers.
     * Turns granted 3, answered 2, open 1: task completion 2/3 = 0.6667. Latency over 2 answers: mean
     * (2000 + 500) / 2 = 1250 ms, longest 2000 ms. Agent utilisation: the experts a, b, c may be granted turns, a and
     * b answered at least once: 2/3 = 0.6667. Each of a and b gave half of the answers, c none (a share of 0, no
     * latency).
     */
    @Test
    void turnsAnswersAndLatenciesAreCountedOnTheJournaledTimesAndReplayed(@TempDir Path data) throws IOException {
        ContractNetJournalTest.TestClock clock = new ContractNetJournalTest.TestClock();
        long start = clock.millis();
        List<ServiceEvent> events = new ArrayList<>();
        String before;
        try (ConversationRegistry registry = registry(data, clock, events)) {
            ConversationRuntime c = roundRobin(registry, "m1", "a", "b", "c");
            clock.millis.set(start + 1_000);
            assertEquals(List.of("a"), c.post(message("{ \"sender\": \"u\", \"content\": \"hello\" }")).responders());
            clock.millis.set(start + 3_000);
            assertEquals(List.of("b"), c.post(message("{ \"sender\": \"a\", \"content\": \"first\" }")).responders());
            clock.millis.set(start + 3_500);
            assertEquals(List.of("c"), c.post(message("{ \"sender\": \"b\", \"content\": \"second\" }")).responders());

            ConversationMetrics m = c.read(v -> v.metrics());
            assertEquals(3, m.turnsGranted());
            assertEquals(2, m.turnsAnswered());
            assertEquals(1, m.turnsOpen());
            assertEquals(0.6667, m.taskCompletionRate());
            assertEquals(new ConversationMetrics.Latency(2, 1_250L, 2_000L), m.responseLatency());
            assertEquals(0.6667, m.agentUtilisation());
            assertEquals(2, m.agentsWorking());
            assertEquals(3, m.agentsEligible());
            assertEquals(List.of(new ConversationMetrics.AgentMetrics("a", 1, 1, 0.5, 2_000L, 2_000L),
                    new ConversationMetrics.AgentMetrics("b", 1, 1, 0.5, 500L, 500L),
                    new ConversationMetrics.AgentMetrics("c", 1, 0, 0.0, null, null)), m.agents());
            assertEquals(m, c.read(v -> v.snapshot().metrics()), "the conversation's report carries them");
            assertEquals(m, c.summary().metrics(), "and what lists and /q/metrics read");
            List<ServiceEvent> answered = events.stream().filter(e -> e.type().equals("TURN_ANSWERED")).toList();
            assertEquals(List.of("a", "b"), answered.stream().map(ServiceEvent::agentId).toList());
            assertEquals(List.of(2_000L, 500L), answered.stream().map(e -> e.data().get("latency_millis").asLong()).toList());
            assertEquals(1, answered.get(0).data().get("answered_seq").asLong(), "a answered message 1, u's hello");
            before = snapshot(c);
        }
        try (ConversationRegistry registry = registry(data, clock, new ArrayList<>())) {
            registry.recoverAll();
            ConversationRuntime c = registry.get("m1");
            assertEquals(before, snapshot(c), "a replay counts the same turns at the same journaled times");
            // c answers after the restart, 4 s after its turn: 3 answers, mean (2000 + 500 + 4000) / 3 = 2166 ms
            clock.millis.set(start + 7_500);
            c.post(message("{ \"sender\": \"c\", \"content\": \"third\" }"));
            ConversationMetrics m = c.read(v -> v.metrics());
            assertEquals(3, m.turnsAnswered());
            assertEquals(new ConversationMetrics.Latency(3, 2_166L, 4_000L), m.responseLatency());
            assertEquals(1.0, m.agentUtilisation());
        }
    }

    /*
     * Round robin between the experts a and b; u, a user, speaks three times before anyone answers.
     *   +1.0 s  u: a is granted a turn on message 1;
     *   +2.0 s  u: b on message 2;
     *   +4.0 s  u: a again, on message 3: it replaces the turn a held on message 1, which is never answered;
     *   +4.5 s  a answers: the turn on message 3, 500 ms after its grant (counted from message 1 it would be 3,500 ms,
     *           and a's later answers would each be charged to the turn before).
     * Turns granted 4 (a on 1 and 3, b on 2, and whoever a's message is given to), answered 1: the answer's latency
     * 500 ms, a's share of answers 1.0; the turn on message 1 stays unanswered for good.
     */
    @Test
    void anAgentGrantedAgainBeforeItAnsweredAnswersItsNewestTurn(@TempDir Path data) throws IOException {
        ContractNetJournalTest.TestClock clock = new ContractNetJournalTest.TestClock();
        long start = clock.millis();
        List<ServiceEvent> events = new ArrayList<>();
        try (ConversationRegistry registry = registry(data, clock, events)) {
            ConversationRuntime c = roundRobin(registry, "m3", "a", "b");
            clock.millis.set(start + 1_000);
            assertEquals(List.of("a"), c.post(message("{ \"sender\": \"u\", \"content\": \"one\" }")).responders());
            clock.millis.set(start + 2_000);
            assertEquals(List.of("b"), c.post(message("{ \"sender\": \"u\", \"content\": \"two\" }")).responders());
            clock.millis.set(start + 4_000);
            assertEquals(List.of("a"), c.post(message("{ \"sender\": \"u\", \"content\": \"three\" }")).responders());
            clock.millis.set(start + 4_500);
            c.post(message("{ \"sender\": \"a\", \"content\": \"answer\" }"));

            List<ServiceEvent> answered = events.stream().filter(e -> e.type().equals("TURN_ANSWERED")).toList();
            assertEquals(1, answered.size());
            assertEquals(3, answered.get(0).data().get("answered_seq").asLong(), "a answered its newest turn, on message 3");
            assertEquals(500, answered.get(0).data().get("latency_millis").asLong());
            ConversationMetrics m = c.read(v -> v.metrics());
            assertEquals(4, m.turnsGranted());
            assertEquals(1, m.turnsAnswered());
            assertEquals(3, m.turnsOpen(), "the turn on message 1 is never answered");
            assertEquals(new ConversationMetrics.Latency(1, 500L, 500L), m.responseLatency());
            assertEquals(new ConversationMetrics.AgentMetrics("a", 2, 1, 1.0, 500L, 500L), m.agents().get(0));
        }
    }

    @Test
    void aConversationWithoutTurnsHasNoRates(@TempDir Path data) throws IOException {
        try (ConversationRegistry registry = registry(data, new ContractNetJournalTest.TestClock(), new ArrayList<>())) {
            ConversationRuntime c = registry.create(spec("""
                    { "conversation_id": "m2", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"] } }"""),
                    "operator");
            ConversationMetrics m = c.read(v -> v.metrics());
            assertEquals(0, m.turnsGranted());
            assertNull(m.taskCompletionRate());
            assertNull(m.responseLatency().meanMillis());
            assertNull(m.agentUtilisation(), "nobody may be granted a turn yet");
        }
    }

    /** A round-robin conversation granting turns to experts: u joins as a user, then {@code experts} in order. */
    private static ConversationRuntime roundRobin(ConversationRegistry registry, String id, String... experts) {
        ConversationRuntime c = registry.create(spec("{ \"conversation_id\": \"" + id + "\", \"policy\": "
                + "{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"] } }"), "operator");
        c.join("u", new AgentRole("user", "asks", List.of(), 0));
        for (int i = 0; i < experts.length; i++) {
            c.join(experts[i], expert(i + 1));
        }
        return c;
    }

    private static ConversationRegistry registry(Path data, java.time.Clock clock, List<ServiceEvent> events) {
        return new ConversationRegistry(data, MeetingStoreTest.shipped(), 10_000, clock, events::add);
    }
}
