package io.conclave.api.meeting;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.conclave.api.ProjectJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * /api/projects/{id}/consensus: a proposal of n agents commits with n - f accepts (rules/meetings/consensus.drl), n
 * counted as the coordination-patterns chapter counts it: the proposer among the agents. Its own example: four
 * agents (p proposes, a, b, c vote), f = 1, so n - f = 3 accepts, all from the three others.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ConsensusResourceTest {

    private static String project() {
        return ProjectJson.project(uniqueId("consensus")).title("consensus")
                .agent(agent("p").name("P"), agent("a").name("A"), agent("b").name("B"), agent("c").name("C"),
                        agent("d").name("D"))
                .task(task("t1").hours(1))
                .create();
    }

    private static ValidatableResponse open(String id, String body) {
        return api().contentType(ContentType.JSON).body(body).when().post("/api/projects/" + id + "/consensus").then();
    }

    /** A voter joins the consensus meeting and votes on its proposal. */
    private static void vote(String consensus, String agent, String vote) {
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"" + agent + "\" }")
                .when().post("/api/meetings/" + consensus + "/join").then().statusCode(200);
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"" + agent + "\", \"proposal_id\": \"consensus\", "
                        + "\"vote\": \"" + vote + "\" }")
                .when().post("/api/meetings/" + consensus + "/votes").then().statusCode(201);
    }

    @Test
    void theChaptersExampleCommitsWithAllThreeOthersAccepting() {
        String id = project();
        String consensus = open(id, """
                { "agent_id": "p", "title": "ship on friday", "voters": ["a", "b", "c"], "fault_tolerance": 1 }""")
                .statusCode(201)
                .header("Location", endsWith("/api/projects/" + id + "/consensus/" + id + ".consensus-1"))
                .body(jsonPath("consensus_id", equalTo(id + ".consensus-1")))
                .body(jsonPath("state", equalTo("voting")))
                .body(jsonPath("outcome", equalTo("pending")))
                .body(jsonPath("proposer", equalTo("p")))
                .body(jsonPath("voters", contains("a", "b", "c")))
                .body(jsonPath("fault_tolerance", equalTo(1)))
                .body(jsonPath("tally", nullValue()))
                .extract().path("consensus_id");
        vote(consensus, "a", "yes");
        vote(consensus, "b", "yes");
        api().when().get("/api/projects/" + id + "/consensus/" + consensus).then().statusCode(200)
                .body(jsonPath("state", equalTo("voting"))).body(jsonPath("votes_so_far.yes", equalTo(2)));
        // c's accept is the third of n - f = 4 - 1 = 3 (n = p, a, b, c): every voter has voted, the vote closes, commits
        vote(consensus, "c", "yes");
        api().when().get("/api/projects/" + id + "/consensus/" + consensus).then().statusCode(200)
                .body(jsonPath("state", equalTo("closed")))
                .body(jsonPath("outcome", equalTo("committed")))
                .body(jsonPath("tally.yes", equalTo(3)))
                .body(jsonPath("tally.no", equalTo(0)))
                .body(jsonPath("tally.active", equalTo(4)))
                .body(jsonPath("tally.proposer_counted", equalTo(true)))
                .body(jsonPath("tally.fault_tolerance", equalTo(1)))
                .body(jsonPath("tally.required", equalTo(3)))
                .body(jsonPath("rule", equalTo("A bft proposal with at least n - f accepts commits")))
                .body(jsonPath("reason",
                        startsWith("commits: 3 of the 3 voters (n = 4 agents counting the proposer) accepted, "
                        + "at least n - f = 4 - 1 = 3 needed")));
    }

    @Test
    void twoAcceptsOfTheThreeOthersAbortWhereCountingVotersOnlyWouldCommit() {
        // a and b accept, c says no: 2 < n - f = 3. Counting the voters only (n = 3) it would need 3 - 1 = 2 and commit.
        String id = project();
        String consensus = open(id, """
                { "consensus_id": "%s-vote", "agent_id": "p", "title": "ship", "voters": ["a", "b", "c"],
                  "fault_tolerance": 1 }""".formatted(id)).statusCode(201).extract().path("consensus_id");
        vote(consensus, "a", "yes");
        vote(consensus, "b", "yes");
        vote(consensus, "c", "no");
        api().when().get("/api/projects/" + id + "/consensus/" + consensus).then().statusCode(200)
                .body(jsonPath("outcome", equalTo("aborted")))
                .body(jsonPath("tally.yes", equalTo(2)))
                .body(jsonPath("tally.no", equalTo(1)))
                .body(jsonPath("reason",
                        startsWith("aborts: 2 of the 3 voters (n = 4 agents counting the proposer) accepted, "
                        + "fewer than n - f = 4 - 1 = 3")));
        // the id is taken now
        open(id, """
                { "consensus_id": "%s-vote", "agent_id": "p", "title": "again", "voters": ["a"],
                  "fault_tolerance": 0 }""".formatted(id)).statusCode(409)
                          .body(jsonPath("error", equalTo("meeting_exists")));
    }

    @Test
    void badInputIsA400WithEveryJsonPath() {
        String id = project();
        open(id, """
                { "agent_id": "p", "voters": ["a", "a", "p", "zed"], "fault_tolerance": 1, "quorum": 2 }""")
                .statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                // what the body alone shows comes first, all at once
                .body(jsonPath("details.path", contains("$.quorum", "$.title", "$.voters[1]", "$.voters[2]")))
                .body(jsonPath("details[0].message", startsWith("unknown field")))
                .body(jsonPath("details[2].message", equalTo("'a' is listed twice")))
                .body(jsonPath("details[3].message", equalTo("the proposer does not vote on its own proposal")));
        // then what only the project can tell: zed is none of its agents, so n = 1 and f = 1 is not below n
        open(id, """
                { "agent_id": "p", "title": "t", "voters": ["a", "zed"], "fault_tolerance": 1 }""")
                .statusCode(400)
                .body(jsonPath("details.path", contains("$.voters[1]", "$.fault_tolerance")))
                .body(jsonPath("details[0].message", equalTo("unknown agent 'zed' of this project")))
                .body(jsonPath("details[1].message", containsString("0 <= f < n = 1")));
        // f must be below n: two voters tolerate at most one fault
        open(id, """
                { "agent_id": "p", "title": "t", "voters": ["a", "b"], "fault_tolerance": 2 }""").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.fault_tolerance")))
                .body(jsonPath("details[0].message", containsString("0 <= f < n = 2")));
        // an agent of no project here: refused before the body is read
        open(id, """
                { "agent_id": "nobody", "title": "t", "voters": ["a"], "fault_tolerance": 0 }""").statusCode(403)
                .body(jsonPath("error", equalTo("not_a_member")));
        open(id, """
                { "agent_id": "p", "title": "t", "voters": [], "fault_tolerance": -1 }""").statusCode(400)
                .body(jsonPath("details.path", contains("$.voters", "$.fault_tolerance")));
        open("no-such-project-c", """
                { "agent_id": "p", "title": "t", "voters": ["a"], "fault_tolerance": 0 }""").statusCode(404);
        api().when().get("/api/projects/" + id + "/consensus/nothing-here").then().statusCode(404)
                .body(jsonPath("error", equalTo("consensus_not_found")));
    }
}
