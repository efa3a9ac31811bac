package io.conclave.engine;

import io.conclave.model.CommandException;
import io.conclave.model.command.SendMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.Checks;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.NewConversation;
import io.conclave.model.conversation.PostedMessage;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnOutcome;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;

/**
 * A conversation's journal on disk ({@code <data>/conversations/<id>/journal.jsonl}): a restart
 * replays it into the same conversation, and a refused command leaves no line behind. No Quarkus: the
 * registry is built as the service builds it, on the shipped policy.
 */
public class ConversationStoreTest {
    /** The checks the service runs on a request body, with a plain validator (no container here). */
    private static final Checks CHECKS = new Checks(jakarta.validation.Validation.buildDefaultValidatorFactory()
            .getValidator());

    public static JsonNode node(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A spec read the way POST /api/conversations reads it. */
    public static ConversationSpec spec(String json) {
        return CHECKS.bindInFieldOrder(node(json), NewConversation.class, "a conversation").toSpec(() -> "unused");
    }

    /** A message read the way POST /api/conversations/{id}/messages reads it. */
    public static SendMessage message(String json) {
        return SendMessage.of(CHECKS.bindInFieldOrder(node(json), PostedMessage.class, "a message").toMessage());
    }

    public static AgentRole expert(int priority, String... capabilities) {
        return new AgentRole("expert", null, List.of(capabilities), priority);
    }

    public static String snapshot(ConversationRuntime c) throws IOException {
        return Json.MAPPER.writeValueAsString(c.read(v -> v.snapshot()));
    }

    /** The whole ledger as the API pages it (the decisions in memory and those read back from the history). */
    public static String ledger(ConversationRuntime c) throws IOException {
        return Json.MAPPER.writeValueAsString(c.read(v -> v.decisionsAfter(0, Integer.MAX_VALUE)));
    }

    public static int journalLines(Path data, String id) throws IOException {
        return Files.readAllLines(data.resolve("conversations").resolve(id).resolve("journal.jsonl")).size();
    }

    public static ConversationRegistry registry(Path data, List<ServiceEvent> events) {
        return new ConversationRegistry(data, MeetingStoreTest.shipped(), 10_000, Clock.systemUTC(), events::add);
    }

    /**
     * Round robin; u (join order 0) is a user, not granted turns; experts a, b, c (join orders 1, 2, 3;
     * n = 4). The rotation ranks candidates by floorMod(joinOrder - last - 1, 4), last starting at -1:
     * u says -> a (1 before 2 and 3); a says (last 1) -> b (at 0); b, holding the turn, hands off to c:
     * taken (last 3); c says (last 3): a at floorMod(-3, 4) = 1, b at 2 -> a. In between, a creates the
     * context key plan (version 1), b rewrites it (version 2) and saves its state. After the restart a
     * says (last 1): b at 0, c at 1 -> b, which only holds if the rotation was rebuilt too.
     */
    @Test
    void aRestartRebuildsTheSameConversation(@TempDir Path data) throws IOException {
        String before;
        String ledgerBefore;
        List<ServiceEvent> events = new ArrayList<>();
        try (ConversationRegistry registry = registry(data, events)) {
            ConversationRuntime c = registry.create(spec("""
                    { "conversation_id": "c1",
                      "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"], "max_total_turns": 50,
                                  "consensus": "majority", "timeout_seconds": 3600 } }"""), "operator");
            c.join("u", new AgentRole("user", "asks", List.of(), 0));
            c.join("a", expert(1, "db"));
            c.join("b", expert(2));
            c.join("c", expert(3, "ui"));
            assertEquals(List.of("a"), c.post(message("""
                    { "sender": "u", "content": "hello", "topics": ["db"] }""")).responders());
            assertEquals(List.of("b"), c.post(message("""
                    { "sender": "a", "content": "plan?" }""")).responders());
            c.writeContext("a", "plan", node("{\"db\": \"postgres\"}"), 0);
            c.writeContext("b", "plan", node("{\"db\": \"postgres\", \"cache\": \"redis\"}"), 1);
            TurnOutcome handoff = c.post(message("""
                    { "sender": "b", "content": "c, your call", "handoff_to": "c",
                      "stance": { "claim": "use-redis", "position": "support" } }"""));
            assertEquals(List.of("c"), handoff.responders());
            assertEquals("handoff", handoff.reason().via());
            c.saveState("b", node("{\"step\": 2}"), v -> null);
            assertEquals(List.of("a"), c.post(message("""
                    { "sender": "c", "content": "agreed" }""")).responders());
            before = snapshot(c);
            ledgerBefore = ledger(c);
        }
        Path journal = data.resolve("conversations/c1/journal.jsonl");
        assertTrue(Files.exists(journal));
        // create, 4 joins, 4 messages, 2 context writes, 1 state
        assertEquals(12, journalLines(data, "c1"));

        JsonNode snap = Json.MAPPER.readTree(before);
        assertEquals(4, snap.get("total_turns").asInt());
        assertEquals(2, snap.get("context").get("plan").get("version").asInt());
        assertEquals(4, snap.get("history").size());
        assertEquals(4, snap.get("turns").size());

        List<ServiceEvent> replayed = new ArrayList<>();
        try (ConversationRegistry registry = registry(data, replayed)) {
            registry.recoverAll();
            ConversationRuntime c = registry.get("c1");
            assertEquals(before, snapshot(c));
            assertEquals(ledgerBefore, ledger(c));
            assertEquals(List.of(), replayed, "a replay publishes nothing again");
            // and it carries on where it stopped: a held the turn (join order 1), so b is next
            assertEquals(List.of("b"), c.post(message("""
                    { "sender": "a", "content": "back again" }""")).responders());
            assertEquals(13, journalLines(data, "c1"));
        }
    }

    @Test
    void aRefusedCommandLeavesTheJournalAsItWas(@TempDir Path data) throws IOException {
        try (ConversationRegistry registry = registry(data, new ArrayList<>())) {
            ConversationRuntime c = registry.create(spec("""
                    { "conversation_id": "c2", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"] } }"""),
                    "operator");
            c.join("a", expert(1, "db"));
            c.join("b", expert(1));
            c.writeContext("a", "plan", node("1"), 0);
            int lines = journalLines(data, "c2");
            String before = snapshot(c);

            CommandException stale = assertThrows(CommandException.class,
                    () -> c.writeContext("b", "plan", node("2"), 0));
            assertEquals(CommandException.Kind.CONFLICT, stale.kind());
            assertEquals("stale_version", stale.code());
            CommandException stranger = assertThrows(CommandException.class, () -> c.post(message("""
                    { "sender": "zed", "content": "hi" }""")));
            assertEquals(CommandException.Kind.NOT_FOUND, stranger.kind());
            assertEquals("not_a_member", stranger.code());
            CommandException twice = assertThrows(CommandException.class, () -> c.join("a", expert(1)));
            assertEquals("already_member", twice.code());
            CommandException duplicate = assertThrows(CommandException.class, () -> registry.create(spec("""
                    { "conversation_id": "c2", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["x"] } }"""),
                    "operator"));
            assertEquals("conversation_exists", duplicate.code());

            assertEquals(lines, journalLines(data, "c2"));
            assertEquals(before, snapshot(c));
            // the next accepted command is numbered right after the last journaled one
            c.writeContext("b", "plan", node("2"), 1);
            List<String> all = Files.readAllLines(data.resolve("conversations/c2/journal.jsonl"));
            assertEquals(lines + 1, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, Json.MAPPER.readTree(all.get(i)).get("seq").asInt());
            }
        }
    }

    @Test
    void idsThatWouldLeaveTheDataFolderAreNeverUsedAsPaths(@TempDir Path data) {
        try (ConversationRegistry registry = registry(data, new ArrayList<>())) {
            for (String bad : List.of("../c1", "..", "a/b", "/etc", "")) {
                assertEquals(CommandException.Kind.NOT_FOUND,
                        assertThrows(CommandException.class, () -> registry.get(bad)).kind(), bad);
            }
        }
    }
}
