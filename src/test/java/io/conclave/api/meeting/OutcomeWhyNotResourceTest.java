package io.conclave.api.meeting;

import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.meeting.MeetingResourceTest.join;
import static io.conclave.api.meeting.MeetingResourceTest.json;
import static io.conclave.api.meeting.MeetingResourceTest.post;
import static io.conclave.api.meeting.MeetingResourceTest.state;
import static io.conclave.api.meeting.MeetingResourceTest.vote;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /api/meetings/{id}/proposals/{proposal}/why-not/{outcome}: what votes would have given a proposal the other
 * outcome, found by replaying the meeting with candidate ballots; the answer's votes are then cast for real in a
 * second meeting, which decides the proposal that way. Expectations from rules/meetings/meetings_votes.drl.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class OutcomeWhyNotResourceTest {

    /** ann (the chair), bob, cid and dan join; bob proposes use-postgres; ann opens the vote. */
    private static String meetingUpToTheVote() {
        String id = uniqueId("mtg-whynot");
        json().body("""
                { "meeting_id": "%s", "topic": "Choose the ledger", "creator": "ann",
                  "participants": ["ann", "bob", "cid", "dan"] }""".formatted(id))
                .post("/api/meetings").then().statusCode(201);
        for (String a : List.of("ann", "bob", "cid", "dan")) {
            join(id, a).statusCode(200);
        }
        post(id, """
                {"agent_id": "bob", "message_type": "proposal", "proposal_id": "use-postgres",
                 "title": "Use PostgreSQL", "details": "one database for everything"}""").statusCode(201);
        state(id, "ann", "voting").statusCode(200);
        return id;
    }

    /**
     * Majority among the 4 active participants needs 4 / 2 + 1 = 3 yes. ann yes, bob no, cid abstains, dan does not
     * vote, the chair closes the vote: 1 yes, rejected. What would have accepted it? Two more yes: no single ballot
     * does (2 of 4). Each lever moves one ballot to yes, by how far on no < abstain (or no vote) < yes: bob 2, cid 1,
     * dan 1. Of the pairs, cid + dan moves least (2, against 3 for either pair with bob). Replays: the top (all three
     * yes), the three singles, the three pairs.
     */
    @Test
    void twoBallotsAreTheSmallestChangeAndCastForRealTheyAcceptTheProposal() {
        String id = meetingUpToTheVote();
        vote(id, "ann", "use-postgres", "yes").statusCode(201);
        vote(id, "bob", "use-postgres", "no").statusCode(201);
        vote(id, "cid", "use-postgres", "abstain").statusCode(201);
        state(id, "ann", "closed").statusCode(200);
        json().get("/api/meetings/" + id).then().body(jsonPath("agenda.proposals[0].status", equalTo("rejected")));

        JsonPath answer = json().get("/api/meetings/" + id + "/proposals/use-postgres/why-not/accepted").then()
                .statusCode(200)
                .body(jsonPath("about", equalTo("outcome")))
                .body(jsonPath("decided.rule", equalTo("A proposal that misses its threshold is rejected")))
                .body(jsonPath("decided.outcome", equalTo("rejected")))
                .body(jsonPath("answer", equalTo("change")))
                .body(jsonPath("smallest", equalTo(true)))
                .body(jsonPath("change.target", contains("cid", "dan")))
                .body(jsonPath("change.from", contains("abstain", null)))
                .body(jsonPath("change.to", contains("yes", "yes")))
                .body(jsonPath("then.rule", equalTo("A proposal that reaches its threshold is accepted")))
                .body(jsonPath("then.outcome", equalTo("accepted")))
                .body(jsonPath("search.levers.target", contains("bob", "cid", "dan")))
                .body(jsonPath("search.replays", equalTo(7)))
                .body("search.tried[1..3].trial.given", everyItem(equalTo(false)))
                .body(jsonPath("apply.calls", hasSize(2)))
                .extract().jsonPath();

        // cast for real in a second meeting: the same votes but cid's and dan's as the answer's calls say; dan's vote
        // is the last one due, so the vote closes by itself, and the proposal is accepted, 3 yes of 4
        String other = meetingUpToTheVote();
        vote(other, "ann", "use-postgres", "yes").statusCode(201);
        vote(other, "bob", "use-postgres", "no").statusCode(201);
        for (Map<String, Object> call : answer.<Map<String, Object>>getList("apply.calls")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) call.get("body");
            vote(other, (String) body.get("agent_id"), (String) body.get("proposal_id"), (String) body.get("vote"))
                    .statusCode(201);
        }
        json().get("/api/meetings/" + other).then()
                .body(jsonPath("manifest.state", equalTo("closed")))
                .body(jsonPath("agenda.proposals[0].status", equalTo("accepted")))
                .body(jsonPath("agenda.proposals[0].tally.yes", equalTo(3)))
                .body(jsonPath("agenda.proposals[0].tally.active", equalTo(4)));
    }

    @Test
    void questionsWithoutAnOutcomeToReplayAreClear4xx() {
        String id = meetingUpToTheVote();
        String why = "/api/meetings/" + id + "/proposals/";
        json().get(why + "use-postgres/why-not/accepted").then().statusCode(409)
                .body(jsonPath("error", equalTo("proposal_open")));
        for (String a : List.of("ann", "bob", "cid", "dan")) {
            vote(id, a, "use-postgres", "yes").statusCode(201);
        }
        json().get(why + "use-postgres/why-not/accepted").then().statusCode(409)
                .body(jsonPath("error", equalTo("proposal_has_outcome")));
        json().get(why + "use-mysql/why-not/accepted").then().statusCode(404)
                .body(jsonPath("error", equalTo("proposal_not_found")));
        json().get(why + "use-postgres/why-not/maybe").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("outcome")))
                .body(jsonPath("details[0].message", startsWith("must be one of [accepted, rejected]")));
    }
}
