package io.conclave.api.conversation;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.conversation.ConversationResourceTest.createConversation;
import static io.conclave.api.conversation.ConversationResourceTest.joinExpert;
import static io.conclave.api.conversation.ConversationResourceTest.json;
import static io.conclave.api.conversation.ConversationResourceTest.say;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /api/conversations/{id}/messages/{seq}/why-not/{agent}: why an agent did not answer a message, the smallest
 * change of the message or of the agent's role that would have given it the turn; the answer is then applied for
 * real to a second conversation, which gives the agent the turn. Expectations from rules/conversations/turns.drl,
 * turn_order.drl and turn_suggestions.drl.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class TurnWhyNotResourceTest {
    private static final String ROUND_ROBIN = "{\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}";

    /** ann, bob and cid join in that order, experts of priority 1; ann asks the first question. */
    private static String conversation() {
        String id = createConversation(ROUND_ROBIN);
        joinExpert(id, "ann", 1, "planning");
        joinExpert(id, "bob", 1, "testing");
        joinExpert(id, "cid", 1, "design");
        return id;
    }

    private static String whyNot(String id, Object seq, String agent) {
        return "/api/conversations/" + id + "/messages/" + seq + "/why-not/" + agent;
    }

    /**
     * Round robin: the first turn goes to the first member in join order after the last holder (none yet: ann), that
     * may answer: ann sent the message, so bob. Why not cid? The levers, in the order of their kinds: the message
     * names cid as suggested_next (1), hands it the turn (2), cid's role priority 2 instead of 1 (5; cid already has
     * the message's topic "design"). A suggestion is not taken under round robin ("Single agent and round robin choose
     * by themselves", strategy_forbids): bob again. A handoff from a sender when nobody holds the turn yet is taken.
     * So the smallest change is one edit, the handoff, and "A valid suggestion or handoff is taken" then decides.
     * Replays: the two tops (suggestion + priority fails, handoff + priority works), then the handoff alone; the
     * suggestion alone is never tried, being part of a top that failed, nor anything of a later kind.
     */
    @Test
    void aHandoffIsTheSmallestChangeAndSentForRealItGivesTheTurn() {
        String id = conversation();
        say(id, "{\"sender\": \"ann\", \"content\": \"where do we start?\", \"topics\": [\"design\"]}")
                .statusCode(200).body(jsonPath("responders", contains("bob")));

        JsonPath answer = json().get(whyNot(id, 1, "cid")).then().statusCode(200)
                .body(jsonPath("about", equalTo("turn")))
                .body(jsonPath("decided.rule", equalTo(ConversationResourceTest.ROUND_ROBIN_RULE)))
                .body(jsonPath("decided.agents", contains("bob")))
                .body(jsonPath("decided.entry_type", equalTo("message")))
                .body(jsonPath("answer", equalTo("change")))
                .body(jsonPath("smallest", equalTo(true)))
                .body(jsonPath("change.kind", contains("handoff")))
                .body(jsonPath("change.fact", contains("handoff_to")))
                .body(jsonPath("change.to", contains("cid")))
                .body(jsonPath("then.rule", equalTo("A valid suggestion or handoff is taken")))
                .body(jsonPath("then.agents", contains("cid")))
                .body(jsonPath("search.levers.kind", contains("suggestion", "handoff", "priority")))
                .body(jsonPath("search.replays", equalTo(3)))
                .body(jsonPath("search.tried.change.kind", contains(contains("suggestion", "priority"),
                        contains("handoff", "priority"), contains("handoff"))))
                .body(jsonPath("search.tried.trial.given", contains(false, true, true)))
                .body(jsonPath("search.tried[0].trial.note", containsString("(strategy_forbids)")))
                .body(jsonPath("apply.calls", hasSize(1)))
                .body(jsonPath("apply.calls[0].path", equalTo("/api/conversations/" + id + "/messages")))
                .extract().jsonPath();

        // sent for real in a second conversation: the same members, the message as the answer's call says
        Map<String, Object> message = answer.getMap("apply.calls[0].body");
        assertEquals("cid", message.get("handoff_to"));
        String other = conversation();
        say(other, Json.MAPPER.valueToTree(message).toString()).statusCode(200)
                .body(jsonPath("responders", contains("cid")))
                .body(jsonPath("reason.rule", equalTo("A valid suggestion or handoff is taken")));
    }

    /**
     * The sender of a message never answers it ("Weigh the members for a message" passes it over: "sent the
     * message"): with every lever at its most the strategy still gives bob the turn, so the rule that decided is
     * named as excluding ann whatever these facts.
     */
    @Test
    void theSenderIsExcludedWhateverTheFacts() {
        String id = conversation();
        say(id, "ann", "where do we start?").statusCode(200).body(jsonPath("responders", contains("bob")));
        json().get(whyNot(id, 1, "ann")).then().statusCode(200)
                .body(jsonPath("answer", equalTo("excluded")))
                .body(jsonPath("excluded_by.given", equalTo(false)))
                .body(jsonPath("excluded_by.agents", contains("bob")))
                .body(jsonPath("change", hasSize(0)));
    }

    @Test
    void questionsWithoutADecisionToReplayAreClear4xx() {
        String id = conversation();
        say(id, "ann", "where do we start?").statusCode(200).body(jsonPath("responders", contains("bob")));
        json().get(whyNot(id, 2, "cid")).then().statusCode(404).body(jsonPath("error", equalTo("message_not_found")));
        json().get(whyNot(id, 1, "zed")).then().statusCode(404).body(jsonPath("error", equalTo("agent_not_found")));
        json().get(whyNot(id, 1, "bob")).then().statusCode(409).body(jsonPath("error", equalTo("agent_answered")));
        json().get(whyNot(id, "first", "cid")).then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("seq")))
                .body(jsonPath("details[0].message", equalTo("must be a message number (1, 2, ...), was 'first'")));
        joinExpert(id, "dan", 1, "ops");
        json().get(whyNot(id, 1, "dan")).then().statusCode(409)
                .body(jsonPath("error", equalTo("agent_not_member_then")));
    }
}
