package io.conclave.api.meeting;

import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** /api/meetings: the meeting capabilities end to end, with the refusals of the protocol rules. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class MeetingResourceTest {

    /** JSON in, JSON out; whole numbers compare as ints. */
    public static io.restassured.specification.RequestSpecification json() {
        return io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON);
    }

    public static String createMeeting(String extra) {
        String id = uniqueId("mtg");
        json().body("""
                { "meeting_id": "%s", "topic": "Choose the ledger", "creator": "ann",
                  "participants": ["ann", "bob", "cid"] %s }""".formatted(id, extra))
                .post("/api/meetings").then().statusCode(201)
                .body(jsonPath("meeting_id", equalTo(id))).body(jsonPath("state", equalTo("open")));
        return id;
    }

    public static ValidatableResponse join(String id, String agent) {
        return json().body("{\"agent_id\": \"" + agent + "\"}").post("/api/meetings/" + id + "/join").then();
    }

    public static ValidatableResponse post(String id, String json) {
        return json().body(json).post("/api/meetings/" + id + "/messages").then();
    }

    public static ValidatableResponse vote(String id, String agent, String proposal, String vote) {
        return json().body("""
                {"agent_id": "%s", "proposal_id": "%s", "vote": "%s"}""".formatted(agent, proposal, vote))
                .post("/api/meetings/" + id + "/votes").then();
    }

    public static ValidatableResponse state(String id, String agent, String newState) {
        return json().body("""
                {"agent_id": "%s", "new_state": "%s", "reason": "moving on"}""".formatted(agent, newState))
                .put("/api/meetings/" + id + "/state").then();
    }

    @Test
    void aMeetingRunsFromOpenToClosedWithMinutes() {
        String id = createMeeting("");
        join(id, "ann").statusCode(200).body(jsonPath("manifest.state", equalTo("open")));
        // 3 invited: more than half is 2, so bob's join opens the discussion
        join(id, "bob").statusCode(200).body(jsonPath("manifest.state", equalTo("discussion")));
        post(id, """
                {"agent_id": "bob", "message_type": "proposal", "proposal_id": "use-postgres",
                 "title": "Use PostgreSQL", "details": "one database for everything"}""")
                .statusCode(201).body(jsonPath("message_id", startsWith("msg-")))
                .body(jsonPath("status", equalTo("proposed")))
                .body(jsonPath("timestamp_utc", startsWith("20")));
        post(id, """
                {"agent_id": "ann", "message_type": "comment", "text": "fine by me"}""").statusCode(201);
        state(id, "ann", "voting").statusCode(200)
                .body(jsonPath("message_type", equalTo("state_change")))
                .body(jsonPath("old_state", equalTo("discussion"))).body(jsonPath("new_state", equalTo("voting")))
                .body(jsonPath("agent_id", equalTo("ann"))).body(jsonPath("reason", equalTo("moving on")));
        join(id, "cid").statusCode(200);  // joins late: a third active participant who must vote too
        vote(id, "ann", "use-postgres", "yes").statusCode(201).body(jsonPath("vote", equalTo("yes")));
        vote(id, "bob", "use-postgres", "no").statusCode(201);
        vote(id, "bob", "use-postgres", "yes").statusCode(201);  // replaces no
        json().get("/api/meetings/" + id).then()
                .body(jsonPath("manifest.state", equalTo("voting")));  // cid has not voted
        // abstain counts as not-yes, but 2 yes of 3 active is still more than half
        vote(id, "cid", "use-postgres", "abstain").statusCode(201);

        json().get("/api/meetings/" + id).then().statusCode(200)
                .body(jsonPath("manifest.state", equalTo("closed")))
                .body(jsonPath("agenda.proposals[0].status", equalTo("accepted")))
                .body(jsonPath("agenda.proposals[0].tally.yes", equalTo(2)))
                .body(jsonPath("agenda.proposals[0].tally.abstain", equalTo(1)))
                .body(jsonPath("agenda.proposals[0].tally.active", equalTo(3)))
                .body(jsonPath("participants.find { it.agent_id == 'bob' }.voted_on", contains("use-postgres")))
                .body(jsonPath("participants.find { it.agent_id == 'cid' }.status", equalTo("joined")));

        json().get("/api/meetings/" + id + "/messages?type=summary").then().statusCode(200)
                .body(jsonPath("", hasSize(1)))
                .body(jsonPath("[0].agent_id", equalTo("conclave")))
                .body(jsonPath("[0].summary_text", containsString("Attended: ann, bob, cid")))
                .body(jsonPath("[0].summary_text",
                        containsString("Action items:\n- Use PostgreSQL (proposed by bob)")));
        json().get("/api/meetings/" + id + "/decisions").then().statusCode(200)
                .body(jsonPath("rule", hasItem("A proposal that reaches its threshold is accepted")))
                .body(jsonPath("find { it.kind == 'STATE_CHANGED' && it.to_state == 'closed' }.rule",
                        equalTo("Voting closes when everyone has voted on everything")));

        post(id, """
                {"agent_id": "ann", "message_type": "comment", "text": "late"}""").statusCode(409)
                .body(jsonPath("error", equalTo("meeting_over")));
    }

    @Test
    void onlyTheChairChangesTheState() {
        String id = createMeeting(", \"facilitator\": \"fay\"");
        state(id, "ann", "discussion").statusCode(403)
                .body(jsonPath("error", equalTo("not_chair")))
                .body(jsonPath("message", startsWith("only the facilitator fay may change the state of meeting " + id
                        + "; ann may not")));
        state(id, "fay", "discussion").statusCode(200);
        state(id, "fay", "open").statusCode(409).body(jsonPath("error", equalTo("invalid_transition")));
    }

    @Test
    void onlyInvitedAgentsJoinAndOnlyJoinedOnesPost() {
        String id = createMeeting("");
        join(id, "mallory").statusCode(403).body(jsonPath("error", equalTo("not_invited")))
                .body(jsonPath("message", startsWith("mallory is not invited to meeting " + id)));
        post(id, """
                {"agent_id": "cid", "message_type": "comment", "text": "hello"}""").statusCode(403)
                .body(jsonPath("error", equalTo("not_joined")));
        join(id, "cid").statusCode(200);
        join(id, "cid").statusCode(409).body(jsonPath("error", equalTo("already_joined")));
        json().get("/api/meetings/" + id + "/messages").then().body(jsonPath("", hasSize(0)));
    }

    @Test
    void aMessageIdUsedTwiceIs409AndStoresNothing() {
        // the policy refuses an id the meeting has stored (rules/meetings/meetings_participation.drl),
        // whoever posts it and whatever the message type; the refusal names the rule and the field
        String id = createMeeting("");
        join(id, "ann").statusCode(200);
        join(id, "bob").statusCode(200);
        post(id, """
                {"agent_id": "ann", "message_type": "comment", "text": "first", "message_id": "note-1"}""")
                .statusCode(201).body(jsonPath("message_id", equalTo("note-1")));
        post(id, """
                {"agent_id": "bob", "message_type": "comment", "text": "second", "message_id": "note-1"}""")
                .statusCode(409).body(jsonPath("error", equalTo("duplicate_message_id")))
                .body(jsonPath("message", equalTo("meeting " + id + " already has a message note-1"
                        + " (refused by rule 'Message ids are unique in a meeting')")))
                .body(jsonPath("details[0].path", equalTo("$.message_id")))
                .body(jsonPath("details[0].message", equalTo("is taken")));
        post(id, """
                {"agent_id": "bob", "message_type": "proposal", "proposal_id": "p", "title": "t", "message_id": "note-1"}""")
                .statusCode(409).body(jsonPath("error", equalTo("duplicate_message_id")));
        // stored: the service's state change when the two joins made a quorum of the three invited
        // (msg-000001, to discussion), then note-1; neither refused post left anything
        json().get("/api/meetings/" + id + "/messages").then()
                .body(jsonPath("message_id", contains("msg-000001", "note-1")));
        post(id, """
                {"agent_id": "bob", "message_type": "comment", "text": "second", "message_id": "note-2"}""")
                .statusCode(201);
    }

    @Test
    void invalidMessagesAre400NamingTheFieldAndStoreNothing() {
        String id = createMeeting("");
        join(id, "ann").statusCode(200);
        post(id, """
                {"agent_id": "ann", "message_type": "vote", "proposal_id": "p1", "vote": "maybe"}""")
                .statusCode(400).body(jsonPath("error", equalTo("invalid_message")))
                .body(jsonPath("details[0].path", equalTo("$.vote")));
        post(id, """
                {"agent_id": "ann", "message_type": "comment"}""")
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.text")))
                .body(jsonPath("details[0].message", equalTo("is required")));
        post(id, """
                {"agent_id": "ann", "message_type": "comment", "text": "x", "title": "typo"}""")
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.title")));
        post(id, """
                {"agent_id": "ann", "message_type": "memo", "text": "x"}""")
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.message_type")));
        post(id, """
                {"agent_id": "../etc", "message_type": "comment", "text": "x"}""")
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.agent_id")));
        post(id, """
                {"agent_id": "ann", "message_type": "comment", "text": 5}""")
                .statusCode(400).body(jsonPath("details[0].message", equalTo("must be a string")));
        post(id, """
                {"agent_id": "ann", "message_type": "comment", "text": "x", "reply_to_message_id": "msg-000099"}""")
                .statusCode(400).body(jsonPath("error", equalTo("unknown_message")))
                .body(jsonPath("details[0].path", equalTo("$.reply_to_message_id")));
        post(id, "[1, 2]").statusCode(400).body(jsonPath("details[0].path", equalTo("$")));
        json().get("/api/meetings/" + id + "/messages").then().body(jsonPath("", hasSize(0)));
    }

    @Test
    void invalidMeetingRequestsAre400WithEveryPath() {
        json().body("""
                { "meeting_id": "../../x", "topic": "", "creator": "conclave", "participants": ["a", "a", 3],
                  "protocol": { "threshold": "most", "quorum": 0, "voting_minutes": -1, "extra": 1 } }""")
                .post("/api/meetings").then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_meeting")))
                .body(jsonPath("details.path", hasItem("$.meeting_id")))
                .body(jsonPath("details.path", hasItem("$.topic")))
                .body(jsonPath("details.path", hasItem("$.creator")))
                .body(jsonPath("details.path", hasItem("$.participants[1]")))
                .body(jsonPath("details.path", hasItem("$.participants[2]")))
                .body(jsonPath("details.path", hasItem("$.protocol.threshold")))
                .body(jsonPath("details.path", hasItem("$.protocol.quorum")))
                .body(jsonPath("details.path", hasItem("$.protocol.voting_minutes")))
                .body(jsonPath("details.path", hasItem("$.protocol.extra")));
        json().body("{ \"topic\": \"t\", \"creator\": \"a\", \"participants\": [], \"project_id\": \"nope\" }")
                .post("/api/meetings").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.project_id")));
        json().get("/api/meetings/..%2F..%2Fetc").then().statusCode(400);
        json().get("/api/meetings/no-such-meeting").then().statusCode(404)
                .body(jsonPath("error", equalTo("meeting_not_found")));
    }

    @Test
    void discoveryFiltersByStateParticipantAndProject() {
        String a = createMeeting("");
        String b = createMeeting("");
        join(b, "ann");
        join(b, "bob");
        json().get("/api/meetings?state=discussion").then().statusCode(200)
                .body(jsonPath("meeting_id", hasItem(b)))
                .body(jsonPath("find { it.meeting_id == '" + a + "' }", nullValue()));
        json().get("/api/meetings?participant=cid").then().body(jsonPath("meeting_id", hasItem(a)));
        json().get("/api/meetings?participant=zed").then()
                .body(jsonPath("find { it.meeting_id == '" + a + "' }", nullValue()));
        json().get("/api/meetings?state=sleeping").then().statusCode(400);
    }

    @Test
    void theDiscussionTimeLimitStartsTheVoteByItself() {
        // 0.01 min = 600 ms of discussion; the service checks time limits every 100 ms in tests
        String id = createMeeting(", \"protocol\": { \"discussion_minutes\": 0.01 }");
        join(id, "ann");
        join(id, "bob");
        post(id, """
                {"agent_id": "bob", "message_type": "proposal", "title": "Ship it"}""").statusCode(201)
                .body(jsonPath("proposal_id", startsWith("proposal-")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                json().get("/api/meetings/" + id).then().body(jsonPath("manifest.state", equalTo("voting"))));
        json().get("/api/meetings/" + id + "/messages?type=state_change&agent_id=conclave").then()
                .body(jsonPath("new_state", contains("discussion", "voting")))
                .body(jsonPath("[1].reason", equalTo("the discussion time of 0.01 min passed with open proposals")));
    }
}
