package io.conclave.api.conversation;

import static io.conclave.api.ApiSupport.api;
import static io.restassured.path.json.JsonPath.from;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.api.DamagedOwnerResourceTest;
import io.conclave.engine.ConversationStoreTest;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.AgentRole;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The agents' inboxes write no line of a turn: after a restart they take the turns from the conversations, which keep
 * every grant in their journals. Conversation {@value #ID} was held in the data folder before the service started
 * ({@link #seed}, through the profile this class shares) with no inbox at all: u asked about databases, and the
 * dynamic strategy granted the turn to a, the member with that capability (b has none). The service started with it:
 * a's inbox holds the turn, with the message to answer, and acknowledging it writes the one line the turn ever has.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(DamagedOwnerResourceTest.Seeded.class)
public class RecoveredTurnsTest {
    static final String ID = "recovered-turns";

    /** Writes the conversation's journal into {@code data}, as a service that stopped would have left it. */
    public static void seed(Path data) throws IOException {
        List<ServiceEvent> events = new ArrayList<>();
        try (ConversationRegistry registry = ConversationStoreTest.registry(data, events)) {
            ConversationRuntime c = registry.create(ConversationStoreTest.spec("""
                    { "conversation_id": "%s",
                      "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"], "max_total_turns": 50 } }"""
                    .formatted(ID)), "operator");
            c.join("u", new AgentRole("user", "asks", List.of(), 0));
            c.join("a", ConversationStoreTest.expert(1, "db"));
            c.join("b", ConversationStoreTest.expert(2));
            c.post(ConversationStoreTest.message("""
                    { "sender": "u", "content": "which database?", "topics": ["db"] }"""));
        }
    }

    @Test
    void aTurnGrantedBeforeTheStartIsInItsAgentsInboxAndOnlyItsAcknowledgementIsWritten() throws IOException {
        Path inbox = Path.of(ConfigProvider.getConfig().getValue("conclave.data-dir", String.class)).resolve("inbox");
        String body = api().when().get("/api/agents/a/inbox").then().statusCode(200).extract().asString();
        List<Map<String, Object>> turns = from(body).getList("findAll { it.conversation_id == '" + ID + "' }");
        assertEquals(1, turns.size(), body);
        Map<String, Object> turn = turns.get(0);
        assertEquals("turn_granted", turn.get("kind"));
        assertEquals("your turn in conversation " + ID + ": answer u", turn.get("summary"));
        assertEquals(1, from(body).getInt("find { it.conversation_id == '" + ID + "' }.payload.message_seq"));
        assertEquals("which database?", from(body).getString("find { it.conversation_id == '" + ID
                + "' }.payload.message.content"));
        String id = (String) turn.get("item_id");
        // named as the event that granted it: the conversation, when it was born, entry 5 (the creation, three joins,
        // then u's message), and the agent
        assertTrue(id.startsWith("conversation~" + ID + "~") && id.endsWith("~a"), id);
        assertEquals("5", id.split("~")[3], id);
        Path file = inbox.resolve("a.jsonl");
        assertFalse(Files.exists(file) && Files.readString(file).contains(id), "no line of the turn");

        api().when().post("/api/agents/a/inbox/" + id + "/ack").then().statusCode(200);
        assertEquals("{\"ack\":\"" + id + "\",\"subject\":\"turn~" + ID + "\"}", Files.readString(file).strip());
        body = api().when().get("/api/agents/a/inbox").then().statusCode(200).extract().asString();
        assertEquals(List.of(), from(body).getList("findAll { it.conversation_id == '" + ID + "' }"));
    }
}
