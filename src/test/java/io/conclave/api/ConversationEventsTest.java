package io.conclave.api;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.conversation.ConversationResourceTest.createConversation;
import static io.conclave.api.conversation.ConversationResourceTest.join;
import static io.conclave.api.conversation.ConversationResourceTest.joinExpert;
import static io.conclave.api.conversation.ConversationResourceTest.json;
import static io.conclave.api.conversation.ConversationResourceTest.say;
import static io.conclave.api.EventStreamTest.listen;
import static io.conclave.api.EventStreamTest.take;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.api.EventStreamTest.Received;
import io.quarkus.test.junit.QuarkusTest;

/**
 * GET /api/events?conversation_id=: the turn events of one scripted collaborative conversation, in
 * the order the runtime publishes them (the message first, then the decisions it caused in ledger
 * order), and the consensus vote its contradiction opens as a meeting.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ConversationEventsTest {

    /**
     * Collaborative, consensus majority. a is a user (role "user", not granted turns); b (priority 1)
     * and c (priority 2) are experts with capability db.
     * <ol>
     * <li>a asks on db: b and c both match, so both answer, by priority: [c, b]; they form round 1.</li>
     * <li>b answers supporting use-postgres: response 1 of 2 of round 1.</li>
     * <li>c answers opposing it: response 2 of 2, the round closes; the two stances contradict, ranked
     * by priority (c first), and the consensus policy opens a vote among the round's responders [c, b],
     * chaired by c, held as the meeting {@code <id>.vote-1}.</li>
     * <li>a asks again suggesting zed, who is no member: rejected (unknown_agent), the strategy grants
     * [c, b] again (round 2).</li>
     * <li>a's final message ends the conversation.</li>
     * </ol>
     */
    @Test
    void aScriptedConversationStreamsItsTurnEvents() throws Exception {
        String id = createConversation("{ \"turn_strategy\": \"collaborative\", \"allowed_roles\": [\"expert\"],"
                + " \"consensus\": \"majority\" }");
        BlockingQueue<Received> events = listen("?conversation_id=" + id, null);
        // the stream answered 200: the subscription is registered, nothing after this point is missed
        join(id, "a", "{ \"name\": \"user\" }").statusCode(201);
        joinExpert(id, "b", 1, "db");
        joinExpert(id, "c", 2, "db");

        say(id, "{ \"sender\": \"a\", \"content\": \"which database?\", \"topics\": [\"db\"] }").statusCode(200)
                .body(jsonPath("responders", contains("c", "b")))
                .body(jsonPath("reason.rule", equalTo("Collaborative: every matching agent answers, by priority")));
        say(id, """
                { "sender": "b", "content": "postgres", "stance": { "claim": "use-postgres", "position": "support" } }""")
                .statusCode(200).body(jsonPath("responders", empty()))
                .body(jsonPath("reason.rule", equalTo("Collaborative: an awaited response joins its round")))
                .body(jsonPath("reason.text", equalTo("response 1 of 2 in round 1 (on message 1)")));
        say(id, """
                { "sender": "c", "content": "not postgres", "stance": { "claim": "use-postgres", "position": "oppose" } }""")
                .statusCode(200).body(jsonPath("reason.text", equalTo("response 2 of 2 in round 1 (on message 1)")))
                .body(jsonPath("decisions.kind",
                        contains("RESPONSE_RECORDED", "CONTRADICTION_DETECTED", "CONSENSUS_VOTE_OPENED")));
        say(id, """
                { "sender": "a", "content": "zed, what do you think?", "topics": ["db"], "suggested_next": "zed" }""")
                .statusCode(200).body(jsonPath("responders", contains("c", "b")))
                .body(jsonPath("rejected_suggestion.code", equalTo("unknown_agent")));
        say(id, "{ \"sender\": \"a\", \"content\": \"thanks all\", \"final\": true }").statusCode(200)
                .body(jsonPath("terminated", equalTo(true))).body(jsonPath("termination_reason", equalTo("final")));

        List<Received> got = take(events, 18);
        assertEquals(List.of(
                "AGENT_JOINED_CONVERSATION", "AGENT_JOINED_CONVERSATION", "AGENT_JOINED_CONVERSATION",
                "CONVERSATION_MESSAGE", "TURN_GRANTED",                                   // a asks
                "CONVERSATION_MESSAGE", "TURN_ANSWERED", "RESPONSE_RECORDED",             // b supports
                "CONVERSATION_MESSAGE", "TURN_ANSWERED", "RESPONSE_RECORDED",             // c opposes
                "CONTRADICTION_DETECTED",
                "CONSENSUS_VOTE_OPENED",
                "CONVERSATION_MESSAGE", "SUGGESTION_REJECTED", "TURN_GRANTED",            // a suggests zed
                "CONVERSATION_MESSAGE", "CONVERSATION_TERMINATED"),                       // a's final word
                got.stream().map(Received::name).toList());
        for (Received r : got) {
            assertEquals(id, r.data().get("conversation_id").asText(), r.name());
            assertEquals(r.name(), r.data().get("type").asText());
        }
        // ids grow in publication order
        List<Long> ids = got.stream().map(Received::id).toList();
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids);

        JsonNode granted = got.get(4).data();
        assertEquals("c", granted.get("agent_id").asText());   // the first responder
        assertEquals(List.of("c", "b"), texts(granted.get("data").get("responders")));
        assertEquals("Collaborative: every matching agent answers, by priority", granted.get("data").get("rule").asText());

        JsonNode contradiction = got.get(11).data().get("data");
        assertEquals("Collaborative: opposite stances on one claim are a contradiction", contradiction.get("rule").asText());
        assertEquals("c", contradiction.get("agent_id").asText());
        assertEquals(3, contradiction.get("message_seq").asInt());   // c's response ranks first
        assertEquals("use-postgres", contradiction.get("details").get("claim").asText());
        assertEquals(1, contradiction.get("details").get("round").asInt());
        assertEquals(List.of("c: oppose (priority 2)", "b: support (priority 1)"),
                texts(contradiction.get("details").get("ranking")));

        JsonNode vote = got.get(12).data().get("data");
        assertEquals("A contradiction goes to a vote when the policy asks for consensus", vote.get("rule").asText());
        assertEquals(List.of("c", "b"), texts(vote.get("details").get("participants")));
        assertEquals("c", vote.get("details").get("chair").asText());
        assertEquals("majority", vote.get("details").get("threshold").asText());

        JsonNode rejected = got.get(14).data().get("data");
        assertEquals("zed", rejected.get("agent_id").asText());
        assertEquals("unknown_agent", rejected.get("code").asText());
        assertEquals("A suggested agent must be a member", rejected.get("rule").asText());

        JsonNode terminated = got.get(17).data().get("data");
        assertEquals("final", terminated.get("code").asText());
        assertEquals("A final message ends the conversation", terminated.get("rule").asText());

        // the vote is a meeting among the round's responders, chaired by the first-ranked one
        String meeting = id + ".vote-1";
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                json().get("/api/meetings/" + meeting).then().statusCode(200));
        json().get("/api/meetings/" + meeting).then()
                .body(jsonPath("manifest.topic", equalTo("use-postgres")))
                .body(jsonPath("manifest.creator", equalTo("c")))
                .body(jsonPath("manifest.facilitator", equalTo("c")))
                .body(jsonPath("manifest.protocol.threshold", equalTo("majority")))
                .body(jsonPath("participants.agent_id", containsInAnyOrder("c", "b")));
        json().get("/api/conversations/" + id).then()
                .body(jsonPath("rounds.number", contains(1, 2)))
                .body(jsonPath("rounds[0].responders", contains("c", "b")))
                .body(jsonPath("rounds[0].open", equalTo(false)))
                .body(jsonPath("rounds[0].contradictions[0].claim", equalTo("use-postgres")))
                .body(jsonPath("rounds[0].contradictions[0].vote_opened", equalTo(true)))
                .body(jsonPath("rounds[0].contradictions[0].ranking.agent_id", contains("c", "b")));

        // nothing else was published for this conversation
        assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
