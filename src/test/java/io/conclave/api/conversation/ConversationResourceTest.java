package io.conclave.api.conversation;

import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.conclave.api.meeting.MeetingResourceTest;

/**
 * /api/conversations end to end (the conversation design's turn-taking): every expectation below is derived by hand
 * from rules/conversations/turns.drl, conversations/turn_order.drl, conversations/turn_suggestions.drl, conversations/conversation_end.drl, conversations/conversations.drl
 * and conversations/conversation_rounds.drl, and from the input checks of ConversationRequests.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ConversationResourceTest {
    public static final String ROUND_ROBIN_RULE = "Round robin: the next agent in join order takes the turn";

    /** JSON in, JSON out; whole numbers compare as ints (plain REST Assured, like MeetingResourceTest). */
    public static RequestSpecification json() {
        return RestAssured.given().contentType(ContentType.JSON);
    }

    /** Opens a conversation with this policy (a JSON object's text) under a new id; fails unless 201. */
    public static String createConversation(String policy) {
        String id = uniqueId("conv");
        json().body("{\"conversation_id\": \"" + id + "\", \"policy\": " + policy + "}")
                .post("/api/conversations").then().statusCode(201)
                .body(jsonPath("conversation_id", equalTo(id))).body(jsonPath("status", equalTo("active")));
        return id;
    }

    public static ValidatableResponse create(String body) {
        return json().body(body).post("/api/conversations").then();
    }

    public static ValidatableResponse join(String id, String agent, String role) {
        return json().body("{\"agent_id\": \"" + agent + "\", \"role\": " + role + "}")
                .post("/api/conversations/" + id + "/agents").then();
    }

    /** An agent of role "expert" (the role the policies below grant turns to). */
    public static void joinExpert(String id, String agent, int priority, String... capabilities) {
        StringBuilder caps = new StringBuilder();
        for (String c : capabilities) {
            caps.append(caps.length() == 0 ? "" : ", ").append('"').append(c).append('"');
        }
        join(id, agent, "{\"name\": \"expert\", \"capabilities\": [" + caps + "], \"priority\": " + priority + "}")
                .statusCode(201);
    }

    public static ValidatableResponse say(String id, String body) {
        return json().body(body).post("/api/conversations/" + id + "/messages").then();
    }

    public static ValidatableResponse say(String id, String sender, String content) {
        return say(id, "{\"sender\": \"" + sender + "\", \"content\": \"" + content + "\"}");
    }

    public static ValidatableResponse get(String id) {
        return json().get("/api/conversations/" + id).then();
    }

    public static ValidatableResponse writeContext(String id, String key, String body) {
        return json().body(body).put("/api/conversations/" + id + "/context/" + key).then();
    }

    // ----------------------------------------------------------------------------------- create

    @Test
    void aConversationIsCreatedWithItsPolicyEchoedAndDefaultsFilledIn() {
        String id = uniqueId("conv");
        create("""
                { "conversation_id": "%s",
                  "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert", "reviewer"],
                              "max_total_turns": 20, "consensus": "two_thirds" } }""".formatted(id))
                .statusCode(201)
                .header("Location", endsWith("/api/conversations/" + id))
                .body(jsonPath("conversation_id", equalTo(id)))
                .body(jsonPath("project_id", nullValue()))
                .body(jsonPath("status", equalTo("active")))
                .body(jsonPath("termination_reason", nullValue()))
                .body(jsonPath("policy.turn_strategy", equalTo("round_robin")))
                .body(jsonPath("policy.allowed_roles", contains("expert", "reviewer")))
                .body(jsonPath("policy.max_turns_per_agent", equalTo(10)))   // the default
                .body(jsonPath("policy.loop_limit", equalTo(3)))             // the default
                .body(jsonPath("policy.max_total_turns", equalTo(20)))
                .body(jsonPath("policy.consensus", equalTo("two_thirds")))
                .body(jsonPath("policy.timeout_seconds", nullValue()))
                .body(jsonPath("policy.primary_agent", nullValue()))
                .body(jsonPath("policy.collaborative_limit", nullValue()))
                .body(jsonPath("total_turns", equalTo(0)))
                .body(jsonPath("agents", empty()))
                .body(jsonPath("history", empty()))
                .body(jsonPath("turns", empty()))
                .body(jsonPath("context", anEmptyMap()));
        get(id).statusCode(200).body(jsonPath("policy.turn_strategy", equalTo("round_robin")))
                .body(jsonPath("status", equalTo("active")));
        json().get("/api/conversations").then().statusCode(200).body(jsonPath("conversation_id", hasItem(id)))
                .body(jsonPath("find { it.conversation_id == '" + id + "' }.turn_strategy", equalTo("round_robin")))
                .body(jsonPath("find { it.conversation_id == '" + id + "' }.status", equalTo("active")))
                .body(jsonPath("find { it.conversation_id == '" + id + "' }.agents", equalTo(0)))
                .body(jsonPath("find { it.conversation_id == '" + id + "' }.messages", equalTo(0)))
                .body(jsonPath("find { it.conversation_id == '" + id + "' }", not(hasKey("history"))));

        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["x"] } }"""
                .formatted(id))
                .statusCode(409).body(jsonPath("error", equalTo("conversation_exists")))
                .body(jsonPath("message", equalTo("conversation '" + id + "' already exists")));
        get(id).body(jsonPath("policy.turn_strategy", equalTo("round_robin")));   // the first one, untouched
    }

    @Test
    void aConversationWithoutIdGetsOne() {
        String id = create("""
                { "policy": { "turn_strategy": "single_agent", "allowed_roles": ["expert"] } }""")
                .statusCode(201)
                .body(jsonPath("conversation_id", startsWith("conv-"))).extract().path("conversation_id");
        get(id).statusCode(200).body(jsonPath("policy.turn_strategy", equalTo("single_agent")));
    }

    /** Each bad request: 400, the code, the JSON path and message of the problem, and nothing created. */
    @Test
    void invalidConversationRequestsAre400WithThePathAndCreateNothing() {
        String unknownStrategy = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "loudest_first", "allowed_roles": ["expert"] } }"""
                .formatted(unknownStrategy))
                .statusCode(400).body(jsonPath("error", equalTo("invalid_conversation")))
                .body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.turn_strategy")))
                .body(jsonPath("details[0].message", equalTo("'loudest_first' is not a turn strategy; use single_agent,"
                        + " round_robin, dynamic or collaborative")))
                .body(jsonPath("message",
                        equalTo("the conversation request has 1 problem(s); first: $.policy.turn_strategy"
                        + " 'loudest_first' is not a turn strategy; use single_agent, round_robin, dynamic or collaborative")));

        String noRoles = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "dynamic", "allowed_roles": [] } }"""
                .formatted(noRoles))
                .statusCode(400).body(jsonPath("error", equalTo("invalid_conversation")))
                .body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.allowed_roles")))
                .body(jsonPath("details[0].message",
                        equalTo("must name at least one role: members of other roles are never"
                        + " granted a turn")));

        String zeroTurns = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"],
                  "max_turns_per_agent": 0 } }""".formatted(zeroTurns))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.max_turns_per_agent")))
                .body(jsonPath("details[0].message", equalTo("must be a whole number from 1 to 1000000, not 0")));

        String negativeTurns = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"],
                  "max_turns_per_agent": -3 } }""".formatted(negativeTurns))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.max_turns_per_agent")))
                .body(jsonPath("details[0].message", equalTo("must be a whole number from 1 to 1000000, not -3")));

        String instantTimeout = uniqueId("bad"); // under a millisecond it would end as it opens
        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"],
                  "timeout_seconds": 0.0001 } }""".formatted(instantTimeout))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.timeout_seconds")))
                .body(jsonPath("details[0].message", equalTo("must be at least 0.001 (one millisecond), not 1.0E-4")));

        String negativeTotal = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"],
                  "max_total_turns": -1 } }""".formatted(negativeTotal))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.max_total_turns")))
                .body(jsonPath("details[0].message", equalTo("must be a whole number from 1 to 100000000, not -1")));

        String unknownField = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "colour": "blue",
                  "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"] } }""".formatted(unknownField))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.colour")))
                .body(jsonPath("details[0].message", equalTo("unknown field. Known fields: [conversation_id, policy,"
                        + " project_id]")));

        String unknownPolicyField = uniqueId("bad");
        create("""
                { "conversation_id": "%s",
                  "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"], "max_turns": 3 } }"""
                .formatted(unknownPolicyField))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.max_turns")))
                // the policy field it most likely meant: the only one whose name holds max_turns
                .body(jsonPath("details[0].message",
                        startsWith("unknown field, did you mean 'max_turns_per_agent'? Known"
                        + " fields: [allowed_roles, collaborative_limit, consensus, loop_limit, max_total_turns,")));

        String noPolicy = uniqueId("bad");
        create("""
                { "conversation_id": "%s" }""".formatted(noPolicy))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy")))
                .body(jsonPath("details[0].message",
                        equalTo("is required: { turn_strategy, allowed_roles, max_turns_per_agent?,"
                        + " ... }")));

        create("""
                { "conversation_id": "../x", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"] } }""")
                .statusCode(400).body(jsonPath("error", equalTo("invalid_conversation")))
                .body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.conversation_id")))
                .body(jsonPath("details[0].message",
                        equalTo("'../x' is not a valid id: use 1-128 letters, digits, '_', '-' or"
                        + " '.', starting with a letter or digit, without '..'")));

        String unknownProject = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "project_id": "no-such-project",
                  "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"] } }""".formatted(unknownProject))
                .statusCode(400).body(jsonPath("error", equalTo("unknown_project")))
                .body(jsonPath("message", equalTo("no project 'no-such-project'")))
                .body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.project_id")))
                .body(jsonPath("details[0].message", equalTo("names no project")));

        // a number beyond the long range is out of range, not wrapped into it (2^64 + 1 once read as 1)
        String hugeTurns = uniqueId("bad");
        create("""
                { "conversation_id": "%s", "policy": { "turn_strategy": "dynamic", "allowed_roles": ["expert"],
                  "max_turns_per_agent": 18446744073709551617 } }""".formatted(hugeTurns))
                .statusCode(400).body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.policy.max_turns_per_agent")))
                .body(jsonPath("details[0].message",
                        equalTo("must be a whole number from 1 to 1000000, not 18446744073709551617")));

        // several problems at once: each with its path
        String many = uniqueId("bad");
        create("""
                { "conversation_id": "%s",
                  "policy": { "turn_strategy": 7, "allowed_roles": ["expert", "expert", ""], "timeout_seconds": 0,
                              "loop_limit": 0, "consensus": "bft", "collaborative_limit": 1.5 } }""".formatted(many))
                .statusCode(400).body(jsonPath("error", equalTo("invalid_conversation")))
                .body(jsonPath("details.path", contains("$.policy.turn_strategy", "$.policy.allowed_roles[1]",
                        "$.policy.allowed_roles[2]", "$.policy.timeout_seconds", "$.policy.collaborative_limit",
                        "$.policy.loop_limit", "$.policy.consensus")))
                .body(jsonPath("details[0].message", equalTo("must be a string")));

        create("[1, 2]").statusCode(400).body(jsonPath("details[0].path", equalTo("$")))
                .body(jsonPath("details[0].message", equalTo("must be a JSON object, not an array")));
        create("{ \"policy\": ").statusCode(400).body(jsonPath("error", equalTo("malformed_json")));

        for (String id : List.of(unknownStrategy, noRoles, zeroTurns, negativeTurns, negativeTotal, unknownField,
                unknownPolicyField, noPolicy, unknownProject, hugeTurns, many)) {
            get(id).statusCode(404).body(jsonPath("error", equalTo("conversation_not_found")));
        }
        json().get("/api/conversations/..%2Fx").then().statusCode(400).body(jsonPath("error", equalTo("invalid_id")));
    }

    // ------------------------------------------------------------------------------------- join

    @Test
    void agentsJoinOnceWithAValidRole() {
        String id = createConversation("{ \"turn_strategy\": \"dynamic\", \"allowed_roles\": [\"expert\"] }");
        join(id, "ann", "{ \"name\": \"expert\", \"description\": \"knows databases\", \"capabilities\": [\"db\"],"
                + " \"priority\": 2 }")
                .statusCode(201)
                .header("Location", endsWith("/api/conversations/" + id + "/agents/ann"))
                .body(jsonPath("agent_id", equalTo("ann")))
                .body(jsonPath("role.name", equalTo("expert")))
                .body(jsonPath("role.description", equalTo("knows databases")))
                .body(jsonPath("role.capabilities", contains("db")))
                .body(jsonPath("role.priority", equalTo(2)))
                .body(jsonPath("join_order", equalTo(0)))
                .body(jsonPath("present", equalTo(true)))
                .body(jsonPath("turns", equalTo(0)))
                .body(jsonPath("last_turn", equalTo(0)));
        join(id, "bob", "{ \"name\": \"user\" }").statusCode(201)
                .body(jsonPath("join_order", equalTo(1)))
                .body(jsonPath("role.capabilities", empty()))
                .body(jsonPath("role.priority", equalTo(0)));   // the default

        join(id, "ann", "{ \"name\": \"expert\" }").statusCode(409).body(jsonPath("error", equalTo("already_member")))
                .body(jsonPath("message", startsWith("ann is already a member of conversation " + id)));

        join(id, "cid", "{ \"description\": \"nameless\", \"capabilities\": \"db\", \"priority\": \"high\" }")
                .statusCode(400).body(jsonPath("error", equalTo("invalid_join")))
                .body(jsonPath("details.path", contains("$.role.name", "$.role.capabilities", "$.role.priority")))
                .body(jsonPath("details.message", contains("is required", "must be an array, not a string",
                        "must be a whole number")));
        join(id, "cid", "{ \"name\": \"expert\", \"priority\": 1.5 }").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.role.priority")));
        join(id, "cid", "{ \"name\": \"expert\", \"priority\": 18446744073709551617 }").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.role.priority")));
        join(id, "cid", "\"expert\"").statusCode(400).body(jsonPath("details[0].path", equalTo("$.role")));
        json().body("{ \"agent_id\": \"../cid\", \"role\": { \"name\": \"expert\" } }")
                .post("/api/conversations/" + id + "/agents").then()
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.agent_id")));
        json().body("{ \"role\": { \"name\": \"expert\" } }").post("/api/conversations/" + id + "/agents").then()
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.agent_id")))
                .body(jsonPath("details[0].message", equalTo("is required")));
        get(id).body(jsonPath("agents.agent_id", contains("ann", "bob")));   // nobody joined by a bad request

        join("no-such-conversation", "ann", "{ \"name\": \"expert\" }").statusCode(404)
                .body(jsonPath("error", equalTo("conversation_not_found")));
    }

    // --------------------------------------------------------------------------------- messages

    /**
     * Round robin over a, b, c (join orders 0, 1, 2; n = 3). The rotation (conversations/turn_order.drl) ranks each
     * candidate by floorMod(joinOrder - last - 1, 3), last starting at -1, and the sender is never a
     * candidate:
     * a says (last -1): b at 1, c at 2 -> b; b says (last 1): c at 0, a at 1 -> c;
     * c says (last 2): a at 0, b at 1 -> a; a says (last 0): b at 0, c at 1 -> b.
     */
    @Test
    void roundRobinAnswersInJoinOrder() {
        String id = createConversation("{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"] }");
        joinExpert(id, "a", 0);
        joinExpert(id, "b", 0);
        joinExpert(id, "c", 0);

        say(id, "a", "hello").statusCode(200)
                .body(jsonPath("message_seq", equalTo(1)))
                .body(jsonPath("responders", contains("b")))
                .body(jsonPath("reason.rule", equalTo(ROUND_ROBIN_RULE)))
                .body(jsonPath("reason.via", equalTo("strategy")))
                .body(jsonPath("reason.text", equalTo("round_robin: b is the next eligible agent in join order")))
                .body(jsonPath("reason.details.candidates", contains("b", "c")))
                .body(jsonPath("reason.details.passed_over.a", equalTo("sent the message")))
                .body(jsonPath("rejected_suggestion", nullValue()))
                .body(jsonPath("terminated", equalTo(false)))
                .body(jsonPath("termination_reason", nullValue()))
                .body(jsonPath("decisions.kind", contains("TURN_GRANTED")));
        say(id, "b", "hi").statusCode(200).body(jsonPath("message_seq", equalTo(2)))
                .body(jsonPath("responders", contains("c")))
                .body(jsonPath("reason.details.candidates", contains("c", "a")));
        say(id, "c", "hey").statusCode(200).body(jsonPath("message_seq", equalTo(3)))
                .body(jsonPath("responders", contains("a")))
                .body(jsonPath("reason.details.candidates", contains("a", "b")));
        say(id, "a", "again").statusCode(200).body(jsonPath("message_seq", equalTo(4)))
                .body(jsonPath("responders", contains("b")));

        get(id).statusCode(200)
                .body(jsonPath("total_turns", equalTo(4)))
                .body(jsonPath("turn_holders", contains("b")))
                .body(jsonPath("turns.agent_id", contains("b", "c", "a", "b")))
                .body(jsonPath("turns.message_seq", contains(1, 2, 3, 4)))
                .body(jsonPath("turns.turn", contains(1, 2, 3, 4)))
                .body(jsonPath("turns.rule", everyItem(equalTo(ROUND_ROBIN_RULE))))
                .body(jsonPath("agents.agent_id", contains("a", "b", "c")))
                .body(jsonPath("agents.turns", contains(1, 2, 1)))
                .body(jsonPath("agents.last_turn", contains(3, 4, 2)))
                .body(jsonPath("history.sender", contains("a", "b", "c", "a")))
                .body(jsonPath("history.content", contains("hello", "hi", "hey", "again")))
                .body("history.responders.flatten()", contains("b", "c", "a", "b"));
    }

    @Test
    void badMessagesAre400WithPathsAndStoreNothing() {
        String id = createConversation("{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"] }");
        joinExpert(id, "a", 0);
        joinExpert(id, "b", 0);
        joinExpert(id, "c", 0);

        say(id, "zed", "hello").statusCode(404).body(jsonPath("error", equalTo("not_a_member")))
                .body(jsonPath("message", equalTo("zed is not a member of conversation " + id + ": join it first (POST"
                        + " /api/conversations/" + id + "/agents) (refused by rule 'Only members send messages')")));
        say(id, "{}").statusCode(400).body(jsonPath("error", equalTo("invalid_message")))
                .body(jsonPath("details.path", contains("$.sender", "$.content")))
                .body(jsonPath("details.message", contains("is required", "is required (a string, may be empty)")));
        say(id, "{ \"sender\": \"a\" }").statusCode(400).body(jsonPath("details.path", contains("$.content")));
        say(id, "{ \"content\": \"hi\" }").statusCode(400).body(jsonPath("details.path", contains("$.sender")));
        say(id, "{ \"sender\": \"a\", \"content\": \"hi\", \"mood\": \"sunny\" }").statusCode(400)
                .body(jsonPath("details.path", contains("$.mood")));
        say(id, "{ \"sender\": \"a\", \"content\": \"hi\", \"stance\": { \"claim\": \"x\", \"position\": \"maybe\" } }")
                .statusCode(400).body(jsonPath("details.path", contains("$.stance.position")))
                .body(jsonPath("details[0].message", equalTo("'maybe' is not a position; use support or oppose")));
        say(id, "{ \"sender\": \"a\", \"content\": \"hi\", \"suggested_next\": \"b\", \"handoff_to\": \"c\" }")
                .statusCode(400).body(jsonPath("details.path", contains("$.handoff_to")))
                .body(jsonPath("details[0].message",
                        equalTo("names c but suggested_next names b: name one next agent")));
        say(id, "{ \"sender\": \"a\", \"content\": \"hi\", \"final\": \"yes\" }").statusCode(400)
                .body(jsonPath("details.path", contains("$.final")));
        say(id, "{ \"sender\": \"a\", \"content\": \"hi\", \"topics\": \"db\" }").statusCode(400)
                .body(jsonPath("details.path", contains("$.topics")));
        say(id, "[]").statusCode(400).body(jsonPath("details.path", contains("$")));
        say("no-such-conversation", "a", "hi").statusCode(404)
                .body(jsonPath("error", equalTo("conversation_not_found")));

        get(id).body(jsonPath("history", empty())).body(jsonPath("total_turns", equalTo(0)))
                .body(jsonPath("status", equalTo("active")));
        // the next good message is number 1: nothing was used up by the refused ones
        say(id, "a", "hi").statusCode(200).body(jsonPath("message_seq", equalTo(1)))
                .body(jsonPath("responders", contains("b")));
    }

    /**
     * Dynamic over b (capability db) and c (capability ui), asked by the user u (role user, not granted
     * turns). u suggests zed, who never joined: "A suggested agent must be a member" rejects it
     * (unknown_agent), then the strategy chooses: the candidates are b and c (u sent the message); for
     * topic ui c matches 1 and b 0, so c answers.
     */
    @Test
    void aSuggestionOfAnUnknownAgentIsRejectedAndTheStrategyChooses() {
        String id = createConversation("{ \"turn_strategy\": \"dynamic\", \"allowed_roles\": [\"expert\"] }");
        join(id, "u", "{ \"name\": \"user\" }").statusCode(201);
        joinExpert(id, "b", 1, "db");
        joinExpert(id, "c", 1, "ui");

        say(id, """
                { "sender": "u", "content": "the login page?", "topics": ["ui"], "suggested_next": "zed" }""")
                .statusCode(200)
                .body(jsonPath("message_seq", equalTo(1)))
                .body(jsonPath("responders", contains("c")))
                .body(jsonPath("rejected_suggestion.agent_id", equalTo("zed")))
                .body(jsonPath("rejected_suggestion.kind", equalTo("suggestion")))
                .body(jsonPath("rejected_suggestion.code", equalTo("unknown_agent")))
                .body(jsonPath("rejected_suggestion.reason", equalTo("zed is not a member of this conversation")))
                .body(jsonPath("rejected_suggestion.rule", equalTo("A suggested agent must be a member")))
                .body(jsonPath("reason.rule",
                        equalTo("Dynamic: the agent whose capabilities match the topics best takes the turn")))
                .body(jsonPath("reason.via", equalTo("strategy")))
                .body(jsonPath("reason.text",
                        equalTo("dynamic: c matches 1 topic(s), the most (ties: priority, then longest"
                        + " since its last turn)")))
                .body(jsonPath("reason.details.topics", contains("ui")))
                .body(jsonPath("reason.details.candidates", contains("c", "b")))
                .body(jsonPath("reason.details.passed_over.u", equalTo("sent the message")))
                .body(jsonPath("decisions.kind", contains("SUGGESTION_REJECTED", "TURN_GRANTED")))
                .body(jsonPath("terminated", equalTo(false)));

        // a valid suggestion is taken: u suggests b although the topic is c's
        say(id, """
                { "sender": "u", "content": "and the layout?", "topics": ["ui"], "suggested_next": "b" }""")
                .statusCode(200)
                .body(jsonPath("responders", contains("b")))
                .body(jsonPath("rejected_suggestion", nullValue()))
                .body(jsonPath("reason.via", equalTo("suggestion")))
                .body(jsonPath("reason.rule", equalTo("A valid suggestion or handoff is taken")))
                .body(jsonPath("reason.text",
                        equalTo("u's suggestion was taken: b, a member of an allowed role under its turn"
                        + " limit")));
    }

    @Test
    void aFinalMessageEndsTheConversation() {
        String id = createConversation("{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"] }");
        joinExpert(id, "a", 0);
        joinExpert(id, "b", 0);
        say(id, "a", "hello").statusCode(200).body(jsonPath("responders", contains("b")));

        say(id, "{ \"sender\": \"b\", \"content\": \"we are done\", \"final\": true }").statusCode(200)
                .body(jsonPath("message_seq", equalTo(2)))
                .body(jsonPath("terminated", equalTo(true)))
                .body(jsonPath("termination_reason", equalTo("final")))
                .body(jsonPath("responders", empty()))
                .body(jsonPath("reason.rule", equalTo("A final message ends the conversation")))
                .body(jsonPath("reason.text", equalTo("b sent the final message")))
                .body(jsonPath("decisions.kind", contains("CONVERSATION_TERMINATED")))
                .body(jsonPath("decisions[0].code", equalTo("final")));

        get(id).body(jsonPath("status", equalTo("terminated"))).body(jsonPath("termination_reason", equalTo("final")))
                .body(jsonPath("history.final", contains(false, true)));
        say(id, "a", "one more thing").statusCode(409).body(jsonPath("error", equalTo("conversation_over")))
                .body(jsonPath("message", equalTo("conversation " + id + " has ended (final): it takes no more messages"
                        + " (refused by rule 'No message is taken once a conversation is over')")));
        join(id, "c", "{ \"name\": \"expert\" }").statusCode(409).body(jsonPath("error", equalTo("conversation_over")));
        writeContext(id, "plan", "{ \"agent_id\": \"a\", \"value\": 1, \"expected_version\": 0 }").statusCode(409)
                .body(jsonPath("error", equalTo("conversation_over")));
        get(id).body(jsonPath("history", hasSize(2))).body(jsonPath("agents", hasSize(2)))
                .body(jsonPath("context", anEmptyMap()));
    }

    // ---------------------------------------------------------------------------------- context

    @Test
    void theSharedContextIsCompareAndSet() {
        String id = createConversation("{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"] }");
        joinExpert(id, "a", 0);
        joinExpert(id, "b", 0);

        json().get("/api/conversations/" + id + "/context/plan").then().statusCode(404)
                .body(jsonPath("error", equalTo("context_key_not_found")));
        writeContext(id, "plan", "{ \"agent_id\": \"a\", \"value\": { \"db\": \"postgres\" }, \"expected_version\": 0 }")
                .statusCode(200)
                .body(jsonPath("value.db", equalTo("postgres")))
                .body(jsonPath("version", equalTo(1)))
                .body(jsonPath("updated_by", equalTo("a")))
                .body(jsonPath("updated_at", notNullValue()));
        json().get("/api/conversations/" + id + "/context/plan").then().statusCode(200)
                .body(jsonPath("value.db", equalTo("postgres")))
                .body(jsonPath("version", equalTo(1)))
                .body(jsonPath("updated_by", equalTo("a")));

        // b read version 1 too late: a create (0) on an existing key is stale
        writeContext(id, "plan", "{ \"agent_id\": \"b\", \"value\": { \"db\": \"mysql\" }, \"expected_version\": 0 }")
                .statusCode(409).body(jsonPath("error", equalTo("stale_version")))
                .body(jsonPath("message",
                        equalTo("context key 'plan' is at version 1, not 0 (last written by a): read it again"
                        + " and retry (refused by rule 'A context write must expect the key's current version')")));
        writeContext(id, "plan", "{ \"agent_id\": \"b\", \"value\": { \"db\": \"mysql\" }, \"expected_version\": 2 }")
                .statusCode(409).body(jsonPath("error", equalTo("stale_version")));
        json().get("/api/conversations/" + id + "/context/plan").then()
                .body(jsonPath("value.db", equalTo("postgres"))).body(jsonPath("version", equalTo(1)))
                .body(jsonPath("updated_by", equalTo("a")));

        writeContext(id, "plan", "{ \"agent_id\": \"b\", \"value\": { \"db\": \"mysql\" }, \"expected_version\": 1 }")
                .statusCode(200).body(jsonPath("value.db", equalTo("mysql"))).body(jsonPath("version", equalTo(2)))
                .body(jsonPath("updated_by", equalTo("b")));

        // a key that does not exist yet is created with 0 only
        writeContext(id, "budget", "{ \"agent_id\": \"a\", \"value\": 100, \"expected_version\": 3 }")
                .statusCode(409).body(jsonPath("error", equalTo("stale_version")))
                .body(jsonPath("message",
                        startsWith("context key 'budget' does not exist: create it with expected_version 0")));

        writeContext(id, "plan", "{ \"agent_id\": \"zed\", \"value\": 1, \"expected_version\": 2 }")
                .statusCode(404).body(jsonPath("error", equalTo("not_a_member")));
        writeContext(id, "plan", "{ \"agent_id\": \"a\", \"value\": 1 }")
                .statusCode(400).body(jsonPath("error", equalTo("invalid_context_write")))
                .body(jsonPath("details.path", contains("$.expected_version")));
        writeContext(id, "plan", "{ \"agent_id\": \"a\", \"expected_version\": 2 }")
                .statusCode(400).body(jsonPath("details.path", contains("$.value")));
        writeContext(id, "plan", "{ \"agent_id\": \"a\", \"value\": 1, \"expected_version\": -1 }")
                .statusCode(400).body(jsonPath("details.path", contains("$.expected_version")));
        // 2^64 and 2^64 + 2 once wrapped to 0 and 2: a create over the existing key, and a write at version 2
        writeContext(id, "plan", "{ \"agent_id\": \"a\", \"value\": 1, \"expected_version\": 18446744073709551616 }")
                .statusCode(400).body(jsonPath("details.path", contains("$.expected_version")));
        writeContext(id, "plan", "{ \"agent_id\": \"a\", \"value\": 1, \"expected_version\": 18446744073709551618 }")
                .statusCode(400).body(jsonPath("details.path", contains("$.expected_version")));

        get(id).body(jsonPath("context.plan.version", equalTo(2)))
                .body(jsonPath("context.plan.value.db", equalTo("mysql")))
                .body(jsonPath("context.budget", nullValue()));
        json().get("/api/conversations/" + id + "/decisions").then()
                .body(jsonPath("findAll { it.kind == 'CONTEXT_UPDATED' }.details.version", contains(1, 2)));
    }

    /**
     * A token limited to one project acts in that project's conversations only: the check of a command reads the
     * project a conversation was opened in without its lock (commands are checked on the event loop their request
     * came in on, then run on the command lane), and refuses the rest before anything runs.
     */
    @Test
    void aTokenForOneProjectActsOnlyInThatProjectsConversations() {
        String p = io.conclave.api.ApiSupport.createExample("product_launch_coordination.json", "conv-scope");
        String policy = "{\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}";
        String inP = uniqueId("conv");
        create("{\"conversation_id\": \"" + inP + "\", \"project_id\": \"" + p + "\", \"policy\": " + policy + "}")
                .statusCode(201);
        String loose = createConversation(policy);
        String token = json().header("Authorization", "Bearer " + io.conclave.api.TestTokens.ADMIN)
                .body("{\"role\": \"agent\", \"agent_id\": \"ann\", \"projects\": [\"" + p + "\"]}")
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        String join = "{\"agent_id\": \"ann\", \"role\": {\"name\": \"expert\"}}";
        String message = "{\"sender\": \"ann\", \"content\": \"hello\"}";

        json().header("Authorization", "Bearer " + token).body(join).post("/api/conversations/" + inP + "/agents")
                .then().statusCode(201);
        json().header("Authorization", "Bearer " + token).body(message).post("/api/conversations/" + inP + "/messages")
                .then().statusCode(200).body(jsonPath("message_seq", equalTo(1)));

        json().header("Authorization", "Bearer " + token).body(join).post("/api/conversations/" + loose + "/agents")
                .then().statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        json().header("Authorization", "Bearer " + token).body(message).post("/api/conversations/" + loose + "/messages")
                .then().statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        get(loose).statusCode(200).body(jsonPath("agents", empty())).body(jsonPath("message_count", equalTo(0)));
    }

    @Test
    void anAgentKeepsItsOwnState() {
        String id = createConversation("{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"] }");
        joinExpert(id, "a", 0);
        json().body("{ \"draft\": \"v1\", \"step\": 2 }").put("/api/conversations/" + id + "/agents/a/state").then()
                .statusCode(200).body(jsonPath("agent_id", equalTo("a"))).body(jsonPath("state.draft", equalTo("v1")))
                .body(jsonPath("state.step", equalTo(2)));
        json().body("[1]").put("/api/conversations/" + id + "/agents/a/state").then()
                .statusCode(400).body(jsonPath("error", equalTo("invalid_state")));
        json().body("{}").put("/api/conversations/" + id + "/agents/zed/state").then()
                .statusCode(404).body(jsonPath("error", equalTo("not_a_member")));
        get(id).body(jsonPath("agents[0].state.draft", equalTo("v1")));
    }

    // ---------------------------------------------------------------------------- leave, ledger

    @Test
    void anAgentThatLeftMayNotSpeakAndTheLedgerNamesEveryRule() {
        String id = createConversation("{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"] }");
        joinExpert(id, "a", 0);
        joinExpert(id, "b", 0);
        joinExpert(id, "c", 0);
        say(id, "a", "hello").statusCode(200).body(jsonPath("responders", contains("b")));

        json().delete("/api/conversations/" + id + "/agents/c").then().statusCode(204);
        say(id, "c", "still here?").statusCode(404).body(jsonPath("error", equalTo("not_a_member")));
        json().delete("/api/conversations/" + id + "/agents/c").then().statusCode(404)
                .body(jsonPath("error", equalTo("not_a_member")));
        // b speaks: c left ("left the conversation"), so a is the only candidate
        say(id, "b", "over to you").statusCode(200).body(jsonPath("responders", contains("a")))
                .body(jsonPath("reason.details.passed_over.c", equalTo("left the conversation")));
        get(id).body(jsonPath("agents.find { it.agent_id == 'c' }.present", equalTo(false)));

        String version = json().get("/api/rules").then().statusCode(200).extract().path("active_version");
        json().get("/api/conversations/" + id + "/decisions").then().statusCode(200)
                .body(jsonPath("kind",
                        contains("AGENT_JOINED", "AGENT_JOINED", "AGENT_JOINED", "TURN_GRANTED", "AGENT_LEFT",
                        "TURN_GRANTED")))
                .body(jsonPath("seq", contains(1, 2, 3, 4, 5, 6)))
                .body(jsonPath("findAll { it.kind == 'TURN_GRANTED' }.rule",
                        contains(ROUND_ROBIN_RULE, ROUND_ROBIN_RULE)))
                .body("findAll { it.kind == 'TURN_GRANTED' }.responders.flatten()", contains("b", "a"))
                .body(jsonPath("findAll { it.kind == 'TURN_GRANTED' }.message_seq", contains(1, 2)))
                .body(jsonPath("policy_version", everyItem(equalTo(version))))
                .body(jsonPath("findAll { it.kind == 'AGENT_JOINED' }.rule",
                        everyItem(equalTo("An agent joins with a role"))))
                .body(jsonPath("find { it.kind == 'AGENT_LEFT' }.rule", equalTo("A member leaves")))
                .body(jsonPath("find { it.kind == 'AGENT_LEFT' }.agent_id", equalTo("c")))
                .body(jsonPath("conversation_id", everyItem(equalTo(id))))
                .body(jsonPath("rule", not(hasItem(nullValue()))));
    }

    // ---------------------------------------------------------------------------------- timeout

    @Test
    void aConversationEndsByItselfWhenItsTimeIsUp() {
        String id = createConversation("{ \"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"],"
                + " \"timeout_seconds\": 1 }");
        joinExpert(id, "a", 0);
        joinExpert(id, "b", 0);
        // the clock checks every 100 ms in the test profile: "Time is up" ends it soon after 1 s
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                get(id).body(jsonPath("status", equalTo("terminated")))
                        .body(jsonPath("termination_reason", equalTo("timeout"))));
        say(id, "a", "too late").statusCode(409).body(jsonPath("error", equalTo("conversation_over")));
        json().get("/api/conversations/" + id + "/decisions").then()
                .body(jsonPath("find { it.kind == 'CONVERSATION_TERMINATED' }.code", equalTo("timeout")))
                .body(jsonPath("find { it.kind == 'CONVERSATION_TERMINATED' }.rule", equalTo("Time is up")))
                .body(jsonPath("find { it.kind == 'CONVERSATION_TERMINATED' }.reason",
                        equalTo("the conversation's 1.0 second(s) are over")));
        get(id).body(jsonPath("history", empty())).body(jsonPath("policy.timeout_seconds", equalTo(1.0)));
    }
}
