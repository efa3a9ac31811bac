package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The proposer of a consensus (bft) proposal is not one of its n voters: its own vote is refused with
 * the reason (rule "The proposer does not vote on its own bft proposal"), so the live count and the
 * deciding tally agree.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ConsensusProposerTest {

    @Test
    void theProposersVoteIsRefusedAndTheTwoTalliesAgree() {
        String id = uniqueId("bft-proposer");
        create(project(id).title("consensus")
                .agent(agent("p").name("P"), agent("a").name("A"), agent("b").name("B"), agent("c").name("C"),
                        agent("d").name("D"))
                .task(task("t1").hours(1))
                .json(), id);
        String consensus = api().contentType(ContentType.JSON)
                .body("{ \"agent_id\": \"p\", \"title\": \"ship\", \"voters\": [\"a\", \"b\", \"c\", \"d\"], \"fault_tolerance\": 1 }")
                .when().post("/api/projects/" + id + "/consensus").then().statusCode(201).extract().path("consensus_id");
        for (String voter : new String[] {"p", "a", "b", "c"}) {
            api().contentType(ContentType.JSON).body("{ \"agent_id\": \"" + voter + "\" }")
                    .when().post("/api/meetings/" + consensus + "/join");
        }
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"p\", \"proposal_id\": \"consensus\", \"vote\": \"yes\" }")
                .when().post("/api/meetings/" + consensus + "/votes").then().statusCode(409)
                .body(jsonPath("error", equalTo("proposer_does_not_vote")))
                .body(jsonPath("message", containsString("p proposed consensus and does not vote on it")));
        for (String voter : new String[] {"a", "b", "c"}) {
            api().contentType(ContentType.JSON).body("{ \"agent_id\": \"" + voter + "\", \"proposal_id\": \"consensus\", \"vote\": \"yes\" }")
                    .when().post("/api/meetings/" + consensus + "/votes").then().statusCode(201);
        }
        // the live count: a, b and c; the proposer's refused vote is nowhere
        api().when().get("/api/projects/" + id + "/consensus/" + consensus).then().statusCode(200)
                .body(jsonPath("votes_so_far.yes", equalTo(3)));
        api().when().get("/api/meetings/" + consensus).then().statusCode(200)
                .body(jsonPath("agenda.proposals[0].votes.yes", equalTo(3)));
        // d's vote closes it: the deciding tally counts the same three accepts plus d's. n = 5 agents counting the
        // proposer (the shipped count), f = 1: 4 accepts needed, so d's accept commits it
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"d\" }").when().post("/api/meetings/" + consensus + "/join");
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"d\", \"proposal_id\": \"consensus\", \"vote\": \"yes\" }")
                .when().post("/api/meetings/" + consensus + "/votes").then().statusCode(201);
        api().when().get("/api/projects/" + id + "/consensus/" + consensus).then().statusCode(200)
                .body(jsonPath("outcome", equalTo("committed")))
                .body(jsonPath("tally.yes", equalTo(4)))
                .body(jsonPath("tally.active", equalTo(5)))
                .body(jsonPath("votes_so_far.yes", equalTo(4)));
    }
}
