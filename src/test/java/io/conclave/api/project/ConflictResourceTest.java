package io.conclave.api.project;

import static io.conclave.api.AgentInboxTest.items;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.conclave.api.ProjectJson;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** /api/projects/{id}/conflicts: goal conflicts over REST, refusals, bad input, and the listing. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ConflictResourceTest {

    /** lead has priority 4, ann and bob 2 (the default 3 is not used by anyone). */
    private static String project() {
        return ProjectJson.project(uniqueId("conflicts")).title("goal conflicts")
                .agent(agent("lead").name("Lead").priority(4), agent("ann").name("Ann").priority(2),
                        agent("bob").name("Bob").priority(2))
                .task(task("t1").hours(1))
                .create();
    }

    private static ValidatableResponse propose(String id, String conflict, String body) {
        return api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects/" + id + "/conflicts/" + conflict + "/proposals").then();
    }

    @Test
    void thePartiesProposeAndTheHighestPriorityWins() {
        String id = project();
        propose(id, "db", """
                { "agent_id": "ann", "option": "postgres", "rationale": "we know it", "topic": "database",
                  "parties": ["ann", "bob", "lead"] }""").statusCode(200)
                .body(jsonPath("conflict_id", equalTo("db")))
                .body(jsonPath("type", equalTo("goal")))
                .body(jsonPath("status", equalTo("open")))
                .body(jsonPath("parties", contains("ann", "bob", "lead")))
                .body(jsonPath("proposals.option", contains("postgres")))
                .body(jsonPath("asked", contains("bob", "lead")))
                .body(jsonPath("decisions.kind", contains("CONFLICT_DETECTED", "PROPOSAL_REQUESTED")));
        propose(id, "db", """
                { "agent_id": "bob", "option": "postgres" }""").statusCode(200)
                        .body(jsonPath("status", equalTo("open")));
        // the last party: lead (priority 4) beats postgres (ann and bob, highest priority 2), although
        // postgres has two supporters
        propose(id, "db", """
                { "agent_id": "lead", "option": "mysql", "rationale": "licence" }""").statusCode(200)
                .body(jsonPath("status", equalTo("resolved")))
                .body(jsonPath("winner", equalTo("mysql")))
                .body(jsonPath("options.option", contains("mysql", "postgres")))
                .body(jsonPath("options[0].top_priority", equalTo(4)))
                .body(jsonPath("options[1].supporters", contains("ann", "bob")))
                .body(jsonPath("options[1].support", equalTo(2)))
                .body(jsonPath("options[1].outcome",
                        equalTo("lost to 'mysql': its supporters' highest priority 2 is below 4")))
                .body(jsonPath("decisions.kind",
                        contains("CONFLICT_DETECTED", "PROPOSAL_REQUESTED", "CONFLICT_DETECTED",
                        "CONFLICT_DETECTED", "CONFLICT_RESOLVED")))
                .body(jsonPath("decisions[4].rule", equalTo("The best-scoring option wins a goal conflict")))
                .body(jsonPath("decisions[4].details.trigger", equalTo("every party proposed")));

        // after the resolution: 409 with the rule's reason, and nothing changes
        propose(id, "db", """
                { "agent_id": "ann", "option": "sqlite" }""").statusCode(409)
                .body(jsonPath("error", equalTo("conflict_resolved")))
                .body(jsonPath("message", containsString("goal conflict db was resolved: 'mysql' won")));
        api().when().get("/api/projects/" + id + "/conflicts/db").then().statusCode(200)
                .body(jsonPath("proposals", hasSize(3)));
        // the ledger holds the detection and the resolution with their details
        api().when().get("/api/projects/" + id + "/decisions?kind=CONFLICT_RESOLVED").then().statusCode(200)
                .body(jsonPath("details.winner", contains("mysql")))
                .body(jsonPath("agent_ids[0]", contains("lead")));
    }

    /**
     * The chapter's resolver asks every agent of a goal conflict for its proposal. Here ann opens "db" naming ann,
     * bob and lead: the rules ask bob and lead (ann has proposed), each through its inbox, with the options so far
     * and the two answers; bob answers with the item's own "propose" call, and his item is no longer open while
     * lead's still is. A conflict that names no parties asks nobody.
     */
    @Test
    void thePartiesWhoHaveNotProposedAreAskedThroughTheirInboxes() {
        String id = project();
        propose(id, "db", """
                { "agent_id": "ann", "option": "postgres", "topic": "database", "parties": ["ann", "bob", "lead"] }""")
                .statusCode(200).body(jsonPath("asked", contains("bob", "lead")));
        api().when().get("/api/projects/" + id + "/decisions?kind=PROPOSAL_REQUESTED").then().statusCode(200)
                .body(jsonPath("rule",
                        contains("Ask the parties of a new goal conflict who have not proposed to propose")))
                .body(jsonPath("agent_ids[0]", contains("bob", "lead")))
                .body(jsonPath("details[0].options_so_far[0].option", equalTo("postgres")));
        for (String party : new String[] {"bob", "lead"}) {
            List<Map<String, Object>> items = items(party, "project_id", id);
            assertEquals(1, items.size(), items.toString());
            Map<String, Object> item = items.get(0);
            assertEquals("proposal_requested", item.get("kind"));
            Map<?, ?> payload = (Map<?, ?>) item.get("payload");
            assertEquals("db", payload.get("conflict_id"));
            assertEquals("database", payload.get("topic"));
            assertEquals(List.of("ann", "bob", "lead"), payload.get("parties"));
            List<?> answers = (List<?>) item.get("answers");
            Map<?, ?> proposeAnswer = (Map<?, ?>) answers.get(0);
            assertEquals("propose", proposeAnswer.get("action"));
            assertEquals("/api/projects/" + id + "/conflicts/db/proposals",
                    proposeAnswer.get("path"));
            assertEquals(party, ((Map<?, ?>) proposeAnswer.get("body")).get("agent_id"));
            assertEquals("resolve", ((Map<?, ?>) answers.get(1)).get("action"));
        }
        // bob answers through the item's call: his request is met, lead's still waits
        propose(id, "db", """
                { "agent_id": "bob", "option": "mysql", "rationale": "licence" }""").statusCode(200);
        assertEquals(0, items("bob", "project_id", id).size());
        assertEquals(1, items("lead", "project_id", id).size());
        // a conflict without parties asks nobody
        propose(id, "open", """
                { "agent_id": "ann", "option": "x" }""").statusCode(200).body(jsonPath("asked", empty()));
        api().when().get("/api/projects/" + id + "/decisions?kind=PROPOSAL_REQUESTED").then().statusCode(200)
                .body(jsonPath("$", hasSize(1)));
    }

    @Test
    void anAgentAsksToResolveAndTheListingShowsEveryConflict() {
        String id = project();
        api().when().get("/api/projects/" + id + "/conflicts").then().statusCode(200).body(jsonPath("$", empty()));
        propose(id, "a", """
                { "agent_id": "ann", "option": "x" }""").statusCode(200);
        propose(id, "a", """
                { "agent_id": "bob", "option": "y" }""").statusCode(200);
        propose(id, "b", """
                { "agent_id": "bob", "option": "z" }""").statusCode(200);
        // ann and bob both have priority 2 and one supporter: the earlier proposal, x, wins
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"bob\" }")
                .when().post("/api/projects/" + id + "/conflicts/a/resolve").then().statusCode(200)
                .body(jsonPath("winner", equalTo("x")))
                .body(jsonPath("options[1].outcome",
                        equalTo("lost to 'x': same priority and support, proposed later (#2 after #1)")));
        api().when().get("/api/projects/" + id + "/conflicts").then().statusCode(200)
                .body(jsonPath("conflict_id", contains("a", "b")))
                .body(jsonPath("status", contains("resolved", "open")))
                .body(jsonPath("winner", contains(equalTo("x"), nullValue())));
        // lead never proposed in b, which names no parties: only its proposers may ask
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"lead\" }")
                .when().post("/api/projects/" + id + "/conflicts/b/resolve").then().statusCode(409)
                .body(jsonPath("error", equalTo("not_a_party")));
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"lead\" }")
                .when().post("/api/projects/" + id + "/conflicts/none/resolve").then().statusCode(404)
                .body(jsonPath("error", equalTo("unknown_conflict")));
        api().when().get("/api/projects/" + id + "/conflicts/none").then().statusCode(404)
                .body(jsonPath("error", equalTo("conflict_not_found")));
    }

    @Test
    void refusalsOfTheRules() {
        String id = project();
        // zed is no agent of the project: its token is refused before the project is reached
        propose(id, "c", """
                { "agent_id": "zed", "option": "x" }""").statusCode(403)
                        .body(jsonPath("error", equalTo("not_a_member")));
        propose(id, "c", """
                { "agent_id": "ann", "option": "x", "parties": ["ann", "bob"] }""").statusCode(200);
        propose(id, "c", """
                { "agent_id": "lead", "option": "y" }""").statusCode(409)
                        .body(jsonPath("error", equalTo("not_a_party")))
                .body(jsonPath("message",
                        containsString("lead is not a party of goal conflict c (parties: [ann, bob])")));
        propose(id, "c", """
                { "agent_id": "ann", "option": "y" }""").statusCode(409)
                        .body(jsonPath("error", equalTo("already_proposed")));
        api().when().get("/api/projects/" + id + "/conflicts/c").then().statusCode(200)
                .body(jsonPath("proposals", hasSize(1))).body(jsonPath("status", equalTo("open")));
    }

    @Test
    void badInputIsA400WithEveryJsonPath() {
        String id = project();
        propose(id, "c", """
                { "agent_id": 7, "option": "  ", "rationale": 3, "parties": ["ann", "ann", "bad id"], "colour": "red" }""")
                .statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details.path",
                        contains("$.colour", "$.agent_id", "$.option", "$.rationale", "$.parties[1]",
                        "$.parties[2]")))
                .body(jsonPath("details[1].message", equalTo("must be a string")))
                .body(jsonPath("details[2].message", equalTo("must not be blank")))
                .body(jsonPath("details[4].message", equalTo("'ann' is listed twice")));
        propose(id, "c", """
                { "agent_id": "ann", "option": "x", "parties": ["ann", "nobody"] }""").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.parties[1]")))
                .body(jsonPath("details[0].message", containsString("unknown agent 'nobody'")));
        propose(id, "c", """
                { "agent_id": "ann", "option": "x", "parties": ["ann"] }""").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.parties")));
        propose(id, "c", "[1]").statusCode(400).body(jsonPath("details[0].path", equalTo("$")));
        api().when().get("/api/projects/" + id + "/conflicts").then().statusCode(200).body(jsonPath("$", empty()));
        api().when().get("/api/projects/no-such-project-x/conflicts").then().statusCode(404);
    }
}
