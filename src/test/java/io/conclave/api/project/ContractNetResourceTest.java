package io.conclave.api.project;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.conclave.api.AgentInboxTest;
import io.conclave.api.EventStreamTest;
import io.conclave.api.InboxStreams;
import io.conclave.api.ProjectJson;

/**
 * Contract net over HTTP: POST .../tasks/{id}/bids and .../announce, the task's contract in
 * GET .../tasks/{id}, and the agent inbox (JSON and Server-Sent Events).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ContractNetResourceTest {

    /**
     * A contract-net project: ann, bob, cid have skill x, dan only y. t and t2 need x (announced to
     * ann, bob, cid at creation); c is centralized and needs y (assigned to dan at once).
     */
    public static String project(String id, double bidWindowMinutes) {
        return ProjectJson.project(id).title("contract net").coordination("contract_net")
                .contractNet(bidWindowMinutes, 2)
                .agent(agent("ann").skill("x", 3), agent("bob").skill("x", 9), agent("cid").skill("x", 5),
                        agent("dan").skill("y", 5))
                .task(task("t").needs("x", 1).hours(2).complexity(3), task("t2").needs("x", 1),
                        task("c").needs("y", 1).coordination("centralized"))
                .json();
    }

    public static ValidatableResponse bid(String project, String task, String body) {
        return api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects/{p}/tasks/{t}/bids", project, task).then();
    }

    @Test
    void aTaskIsAnnouncedBidOnAndAwardedToTheLowestCost() {
        String id = uniqueId("cnet");
        create(project(id, 60), id);
        api().when().get("/api/projects/{p}/tasks/t", id).then().statusCode(200)
                .body(jsonPath("status", equalTo("ANNOUNCED")))
                .body(jsonPath("contract.round", equalTo(1)))
                .body(jsonPath("contract.open", equalTo(true)))
                .body(jsonPath("contract.invited", equalTo(List.of("ann", "bob", "cid"))));

        bid(id, "t", """
                {"agent_id": "ann", "cost": 30}""").statusCode(200)
                .body(jsonPath("status", equalTo("ANNOUNCED")))
                .body(jsonPath("contract.bids[0].agent_id", equalTo("ann")))
                .body(jsonPath("contract.bids[0].cost", equalTo(30.0)));
        bid(id, "t", """
                {"agent_id": "cid", "decline": true}""").statusCode(200)
                        .body(jsonPath("contract.bids[1].decline", equalTo(true)));
        // the last invited agent answers: bob's 20 < ann's 30, cid declined
        bid(id, "t", """
                {"agent_id": "bob", "cost": 20, "confidence": 0.9}""").statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("bob")))
                .body(jsonPath("contract.open", equalTo(false)))
                .body(jsonPath("contract.awarded_to", equalTo("bob")));
        api().when().get("/api/projects/{p}/decisions?kind=AWARDED", id).then().statusCode(200)
                .body(jsonPath("[0].task_id", equalTo("t")))
                .body(jsonPath("[0].details.rejected", equalTo(List.of("ann"))))
                .body(jsonPath("[0].rule",
                        equalTo("Award the contract to the bid of lowest cost weighed with its bidder's load")));

        // after the award: 409 with the rule's code and reason
        bid(id, "t", """
                {"agent_id": "cid", "cost": 1}""").statusCode(409)
                .body(jsonPath("error", equalTo("announcement_closed")))
                .body(jsonPath("message", containsString("the contract for t was awarded to bob")));
        // dan lacks x: not invited to t2's open call
        bid(id, "t2", """
                {"agent_id": "dan", "cost": 1}""").statusCode(409)
                .body(jsonPath("error", equalTo("not_invited")))
                .body(jsonPath("message", containsString("dan was not invited to bid on t2")));
        bid(id, "t2", """
                {"agent_id": "ann", "cost": 4}""").statusCode(200);
        bid(id, "t2", """
                {"agent_id": "ann", "cost": 3}""").statusCode(409).body(jsonPath("error", equalTo("already_bid")));
    }

    /**
     * The chapter's contract-net bid is base cost + availability factor: complexity x 10 + open tasks x 5. Real
     * agents bid their cost; the award adds the load it sees. ann already holds a1 and a2 (priority 5, served
     * before t; only she has z), so when t (complexity 3) is called she has 2 open tasks, bob none. ann bids 25,
     * under the base cost, bob the base cost 3 x 10 = 30: weighed, ann 25 + 2 x 5 = 35 against bob 30 + 0 = 30,
     * so bob wins although ann is cheaper. The ledger lists both bids with their load and weighed cost.
     */
    @Test
    void theAwardWeighsEachBidWithTheLoadOfItsBidderAsTheChaptersBidDoes() {
        String id = uniqueId("cnet-hybrid");
        create(ProjectJson.project(id).title("hybrid").coordination("contract_net")
                .agent(agent("ann").skill("x", 5).skill("z", 5), agent("bob").skill("x", 5))
                .task(task("a1").needs("z", 1).priority(5).coordination("centralized"),
                        task("a2").needs("z", 1).priority(5).coordination("centralized"),
                        task("t").needs("x", 1).priority(3).complexity(3))
                .json(), id);
        api().when().get("/api/projects/{p}/tasks/t", id).then().statusCode(200)
                .body(jsonPath("status", equalTo("ANNOUNCED")))
                .body(jsonPath("contract.invited", equalTo(List.of("ann", "bob"))));
        bid(id, "t", """
                {"agent_id": "ann", "cost": 25}""").statusCode(200);
        bid(id, "t", """
                {"agent_id": "bob", "cost": 30}""").statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("bob")));
        api().when().get("/api/projects/{p}/decisions?kind=AWARDED", id).then().statusCode(200)
                .body(jsonPath("[0].reason",
                        equalTo("lowest weighed cost 30.0 (bid 30.0 + 0 open task(s) x 5) among 2 bid(s) of 2 "
                        + "invited (every invited agent answered)")))
                .body(jsonPath("[0].score", equalTo(30.0)))
                .body(jsonPath("[0].details.weighing",
                        equalTo("bid cost + open tasks x 5 at the award, the lowest wins")))
                .body(jsonPath("[0].details.bids.agent_id", equalTo(List.of("ann", "bob"))))
                .body(jsonPath("[0].details.bids.open_tasks", equalTo(List.of(2, 0))))
                .body(jsonPath("[0].details.bids.weighed_cost", equalTo(List.of(35.0, 30.0))))
                .body(jsonPath("[0].details.bids[0].outcome", equalTo("lost: weighed cost 35.0 against 30.0")))
                .body(jsonPath("[0].details.rejected", equalTo(List.of("ann"))));
        // ann learns why in her inbox: the rejection carries the award's reason
        List<Map<String, Object>> items = AgentInboxTest.items("ann", "project_id", id).stream()
                .filter(i -> "rejection".equals(i.get("kind"))).toList();
        assertEquals(1, items.size(), items.toString());
        assertEquals("bob", ((Map<?, ?>) items.get(0).get("payload")).get("winner"));
    }

    @Test
    void badBidsAreRefusedWithTheJsonPathOfEveryProblem() {
        String id = uniqueId("cnet-bad");
        create(project(id, 60), id);
        bid(id, "t", "{}").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("message", equalTo("2 problem(s) in the request: $.agent_id is required")))
                .body(jsonPath("details.path", equalTo(List.of("$.agent_id", "$.cost"))))
                .body(jsonPath("details.message", equalTo(List.of("is required", "is required (or decline: true)"))));
        bid(id, "t", """
                {"agent_id": "ann", "cost": -1, "confidence": 1.5}""").statusCode(400)
                .body(jsonPath("details.path", equalTo(List.of("$.cost", "$.confidence"))))
                .body(jsonPath("details.message",
                        equalTo(List.of("must be 0 or more, was -1.0", "must be between 0 and 1, was 1.5"))));
        bid(id, "t", """
                {"agent_id": "ann", "cost": "cheap"}""").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.cost")))
                .body(jsonPath("details[0].message", equalTo("must be a number")));
        bid(id, "t", """
                {"agent_id": "ann", "cost": 5, "decline": true}""").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.cost")))
                .body(jsonPath("details[0].message", equalTo("must not be given with decline: true")));
        // zed is no agent of the project: its token is refused before the project is reached
        bid(id, "t", """
                {"agent_id": "zed", "cost": 5}""").statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        bid(id, "nope", """
                {"agent_id": "ann", "cost": 5}""").statusCode(404).body(jsonPath("error", equalTo("task_not_found")));
        // nothing of it was taken: the call still waits for all three
        api().when().get("/api/projects/{p}/tasks/t", id).then().body(jsonPath("contract.bids.size()", equalTo(0)));
    }

    @Test
    void announcingAgainIsForContractNetTasksWithoutAnOpenCall() {
        String id = uniqueId("cnet-ann");
        create(project(id, 60), id);
        api().when().post("/api/projects/{p}/tasks/t/announce", id).then().statusCode(409)
                .body(jsonPath("error", equalTo("already_announced")));
        api().when().post("/api/projects/{p}/tasks/c/announce", id).then().statusCode(409)
                .body(jsonPath("error", equalTo("not_contract_net")))
                .body(jsonPath("message", containsString("task c is coordinated centralized")));
        // two calls (max_announcements 2) declined by everyone -> UNASSIGNABLE; announced again on request
        for (int call = 0; call < 2; call++) {
            for (String a : List.of("ann", "bob", "cid")) {
                bid(id, "t2", "{\"agent_id\": \"" + a + "\", \"decline\": true}").statusCode(200);
            }
        }
        api().when().get("/api/projects/{p}/tasks/t2", id).then().body(jsonPath("status", equalTo("UNASSIGNABLE")));
        api().header("X-Conclave-Actor", "pm").when().post("/api/projects/{p}/tasks/t2/announce", id).then()
                .statusCode(200)
                .body(jsonPath("status", equalTo("ANNOUNCED")))
                .body(jsonPath("contract.round", equalTo(1)))
                .body(jsonPath("contract.outcome", nullValue()));
    }

    @Test
    void theBidDeadlineIsAppliedByTheServiceClock() {
        // a 0.01-minute (600 ms) window: only ann bids; the tick awards her once the window passed
        String id = uniqueId("cnet-tick");
        create(project(id, 0.01), id);
        bid(id, "t", """
                {"agent_id": "ann", "cost": 50}""").statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                api().when().get("/api/projects/{p}/tasks/t", id).then()
                        .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("ann"))));
        api().when().get("/api/projects/{p}/decisions?kind=AWARDED", id).then()
                .body(jsonPath("[0].reason",
                        equalTo("lowest weighed cost 50.0 (bid 50.0 + 0 open task(s) x 5) among 1 bid(s) of 3 "
                        + "invited (the bid window passed)")));
    }

    @Test
    void theInboxListsOpenCallsAndWorkToStart() {
        String id = uniqueId("cnet-inbox");
        create(project(id, 60), id);
        List<Map<String, Object>> items = api().when().get("/api/agents/bob/inbox").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.project_id == '" + id + "' }");
        assertEquals(List.of("t", "t2"), items.stream().map(i -> i.get("task_id")).toList());
        assertEquals(List.of("call_for_proposals", "call_for_proposals"), items.stream().map(i -> i.get("kind")).toList());
        assertEquals(3.0, ((Map<?, ?>) items.get(0).get("payload")).get("complexity"));
        // dan was assigned the centralized c
        api().when().get("/api/agents/dan/inbox").then().statusCode(200)
                .body(jsonPath("findAll { it.project_id == '" + id + "' }.kind", equalTo(List.of("assignment"))));
        bid(id, "t", "{\"agent_id\": \"bob\", \"cost\": 1}").statusCode(200);
        bid(id, "t", "{\"agent_id\": \"ann\", \"cost\": 2}").statusCode(200);
        bid(id, "t", "{\"agent_id\": \"cid\", \"decline\": true}").statusCode(200);
        api().when().get("/api/agents/bob/inbox").then()
                .body(jsonPath("findAll { it.project_id == '" + id + "' }.kind",
                        equalTo(List.of("call_for_proposals", "award"))))
                .body(jsonPath("findAll { it.project_id == '" + id + "' }.task_id", equalTo(List.of("t2", "t"))));
        api().when().get("/api/agents/bad..id/inbox").then().statusCode(400);
    }

    @Test
    void theInboxStreamCarriesCallsAwardsAndRejectionsForTheAgent() throws Exception {
        // an inbox is only for an agent some owner has (404 otherwise): a project of theirs first, so that the class
        // or this test alone passes as well as after the others
        String known = uniqueId("cnet-known");
        create(project(known, 60), known);
        BlockingQueue<EventStreamTest.Received> bob = InboxStreams.listen("bob");
        BlockingQueue<EventStreamTest.Received> ann = InboxStreams.listen("ann");
        String id = uniqueId("cnet-sse");
        create(project(id, 60), id);
        bid(id, "t", "{\"agent_id\": \"bob\", \"cost\": 1}").statusCode(200);
        bid(id, "t", "{\"agent_id\": \"ann\", \"cost\": 2}").statusCode(200);
        bid(id, "t", "{\"agent_id\": \"cid\", \"decline\": true}").statusCode(200);
        // bob: the two calls of the creation, then his award; ann: the two calls, then her rejection
        List<EventStreamTest.Received> got = InboxStreams.take(bob, id, 3);
        assertEquals(List.of("call_for_proposals", "call_for_proposals", "award"),
                got.stream().map(EventStreamTest.Received::name).toList());
        assertEquals("t", got.get(2).data().get("task_id").asText());
        assertEquals("bob", got.get(2).data().get("agent_id").asText());
        assertEquals("/api/projects/" + id + "/tasks/t/start", got.get(2).data().get("answers").get(0).get("path").asText());
        assertEquals(List.of("call_for_proposals", "call_for_proposals", "rejection"),
                InboxStreams.take(ann, id, 3).stream().map(EventStreamTest.Received::name).toList());
    }
}
