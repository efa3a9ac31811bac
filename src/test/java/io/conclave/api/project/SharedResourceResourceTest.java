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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.conclave.api.ProjectJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * /api/projects/{id}/resources: shared resources real agents ask for over REST, the chapter's resource conflicts
 * (granted to the agent of highest priority, the others denied) and its time slicing (windows in turn), the grants,
 * denials and windows in the agents' inboxes. Agents and priorities: ann 2, bob 5, cid 5, dan 3; each holds its own
 * task from the start: ta (priority 1), tb (2), tc (4), td (5).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class SharedResourceResourceTest {

    private static String project() {
        return ProjectJson.project(uniqueId("resources")).title("shared resources").set("time_slice_hours", 1)
                .agent(agent("ann").priority(2).skill("a", 5), agent("bob").priority(5).skill("b", 5),
                        agent("cid").priority(5).skill("c", 5), agent("dan").priority(3).skill("d", 5))
                .task(task("ta").priority(1).needs("a", 1), task("tb").priority(2).needs("b", 1),
                        task("tc").priority(4).needs("c", 1), task("td").priority(5).needs("d", 1))
                .create();
    }

    private static ValidatableResponse ask(String id, String body) {
        return api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects/" + id + "/resources/gpu/requests").then();
    }

    private static List<Map<String, Object>> inbox(String agent, String project, String kind) {
        return items(agent, "project_id", project).stream().filter(i -> kind.equals(i.get("kind"))).toList();
    }

    /**
     * ann asks for the free gpu and holds it; dan, bob and cid ask while she does and wait. When ann lets go (with
     * the release her inbox item offers), the chapter's resolver ranks the agents by priority: bob and cid (5) before
     * dan (3), although dan's task td has the highest task priority; bob and cid tie, so the task breaks it: tc (4)
     * before tb (2). cid gets gpu; bob and dan are denied, each told why, and keep waiting in that order.
     */
    @Test
    void theResourceGoesToTheAgentOfHighestPriorityAndTheOthersAreDenied() {
        String id = project();
        ask(id, """
                { "agent_id": "ann", "task_id": "ta" }""").statusCode(200)
                .body(jsonPath("resource", equalTo("gpu"))).body(jsonPath("mode", equalTo("alone")))
                .body(jsonPath("holder", equalTo("ann")));
        for (String[] a : new String[][] {{"dan", "td"}, {"bob", "tb"}, {"cid", "tc"}}) {
            ask(id, "{ \"agent_id\": \"" + a[0] + "\", \"task_id\": \"" + a[1] + "\" }").statusCode(200);
        }
        api().when().get("/api/projects/" + id + "/resources/gpu").then().statusCode(200)
                .body(jsonPath("holder", equalTo("ann")))
                .body(jsonPath("requests.agent_id", contains("ann", "dan", "bob", "cid")))
                .body(jsonPath("requests.status", contains("holds", "waits", "waits", "waits")));
        Map<String, Object> granted = inbox("ann", id, "resource_granted").get(0);
        Map<?, ?> release = (Map<?, ?>) ((List<?>) granted.get("answers")).get(0);
        assertEquals("/api/projects/" + id + "/resources/gpu/release", release.get("path"));
        api().contentType(ContentType.JSON).body(release.get("body")).when().post((String) release.get("path")).then()
                .statusCode(200).body(jsonPath("holder", equalTo("cid"))).body(jsonPath("grants", equalTo(2)));
        assertEquals(0, inbox("ann", id, "resource_granted").size(), "ann no longer holds it");
        assertEquals(1, inbox("cid", id, "resource_granted").size());
        Map<?, ?> bob = (Map<?, ?>) inbox("bob", id, "resource_denied").get(0).get("payload");
        assertEquals("cid", bob.get("winner"));
        assertEquals(List.of(Map.of("agent_id", "bob", "position", 1, "why",
                        "equal agent priority 5; task tc has priority 4, task tb 2"),
                Map.of("agent_id", "dan", "position", 2, "why", "cid has priority 5, dan 3")), bob.get("denied"));
        assertEquals(1, inbox("dan", id, "resource_denied").size());
        api().when().get("/api/projects/" + id + "/conflicts/resource.gpu.2").then().statusCode(200)
                .body(jsonPath("type", equalTo("resource"))).body(jsonPath("status", equalTo("resolved")))
                .body(jsonPath("winner", equalTo("cid")))
                .body(jsonPath("decisions.kind", contains("CONFLICT_DETECTED", "CONFLICT_DETECTED", "CONFLICT_DETECTED",
                        "CONFLICT_RESOLVED")));
        api().when().get("/api/projects/" + id + "/decisions?kind=RESOURCE_GRANTED").then().statusCode(200)
                .body(jsonPath("agent_ids", contains(List.of("ann"), List.of("cid"))))
                .body(jsonPath("[1].details.ranking", contains("cid", "bob", "dan")))
                .body(jsonPath("[1].rule",
                        equalTo("Give a free resource to the first-ranked request to use it alone")));
    }

    /**
     * Time slicing for real agents, 1 h slices. ann asks for 2 h: round 1 is hers, one window of 1 h from the moment
     * she asked. bob asks for 1.5 h and cid for 2 h during it: they wait for round 2. ann lets go of her window early,
     * which ends round 1 then: round 2 starts at once, a window each in ranked order, back to back: cid (5, tc 4),
     * bob (5, tb 2), ann (2), at +0 h, +1 h, +2 h from the round's start. Each window is in its agent's inbox.
     */
    @Test
    void anAgentAsksForWindowsAndTheRoundsReachTheInboxes() {
        String id = project();
        ask(id, """
                { "agent_id": "ann", "task_id": "ta", "hours": 2 }""").statusCode(200)
                .body(jsonPath("mode", equalTo("windows"))).body(jsonPath("round", equalTo(1)))
                .body(jsonPath("requests[0].hours_given", equalTo(1.0)))
                .body(jsonPath("requests[0].hours_left", equalTo(1.0)));
        ask(id, """
                { "agent_id": "bob", "task_id": "tb", "hours": 1.5 }""").statusCode(200);
        ask(id, """
                { "agent_id": "cid", "task_id": "tc", "hours": 2 }""").statusCode(200)
                .body(jsonPath("requests.agent_id", contains("ann", "bob", "cid")))
                .body(jsonPath("requests.waited", contains(false, true, true)));
        Map<?, ?> first = (Map<?, ?>) inbox("ann", id, "execution_window").get(0).get("payload");
        assertEquals(1, first.get("round"));
        ValidatableResponse after = api().contentType(ContentType.JSON).body("{ \"agent_id\": \"ann\" }")
                .when().post("/api/projects/" + id + "/resources/gpu/release").then().statusCode(200)
                .body(jsonPath("round", equalTo(2)));
        Instant start = Instant.parse(after.extract().path("round_start"));
        Map<String, Instant> starts = new java.util.TreeMap<>();
        for (String agent : List.of("ann", "bob", "cid")) {
            List<Map<String, Object>> windows = inbox(agent, id, "execution_window");
            Map<?, ?> last = (Map<?, ?>) windows.get(windows.size() - 1).get("payload");
            assertEquals(2, last.get("round"), agent);
            starts.put(agent, Instant.parse((String) last.get("window_start")));
        }
        assertEquals(start, starts.get("cid"));
        assertEquals(start.plus(Duration.ofHours(1)), starts.get("bob"));
        assertEquals(start.plus(Duration.ofHours(2)), starts.get("ann"));
        api().when().get("/api/projects/" + id + "/resources/gpu").then()
                .body(jsonPath("round_end", equalTo(start.plus(Duration.ofHours(3)).toString())))
                .body(jsonPath("next_round_at", equalTo(start.plus(Duration.ofHours(3)).toString())));
        api().when().get("/api/projects/" + id + "/conflicts/windows.gpu.2").then().statusCode(200)
                .body(jsonPath("type", equalTo("priority"))).body(jsonPath("winner", equalTo("cid")))
                .body(jsonPath("decisions[-1].details.parties", contains("cid", "bob", "ann")));
    }

    @Test
    void badRequestsAre400WithTheirPathsAndTheRulesRefusalsAre409() {
        String id = project();
        ask(id, """
                { "agent_id": "ann", "hours": -1, "colour": "red" }""").statusCode(400)
                .body(jsonPath("details.path", contains("$.colour", "$.hours")));
        ask(id, """
                { "agent_id": "ann", "task_id": "tb" }""").statusCode(409)
                        .body(jsonPath("error", equalTo("not_holder")))
                .body(jsonPath("message", containsString("ann does not hold task tb")));
        ask(id, """
                { "agent_id": "ann", "task_id": "nothing" }""").statusCode(404)
                        .body(jsonPath("error", equalTo("unknown_task")));
        ask(id, """
                { "agent_id": "ann" }""").statusCode(200);
        ask(id, """
                { "agent_id": "bob", "hours": 2 }""").statusCode(409)
                        .body(jsonPath("error", equalTo("resource_in_use_alone")));
        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"bob\" }")
                .when().post("/api/projects/" + id + "/resources/gpu/release").then().statusCode(409)
                .body(jsonPath("error", equalTo("nothing_to_release")));
        api().when().get("/api/projects/" + id + "/resources/none").then().statusCode(404)
                .body(jsonPath("error", equalTo("resource_not_found")));
        api().when().get("/api/projects/" + id + "/resources").then().statusCode(200)
                .body(jsonPath("resource", contains("gpu"))).body(jsonPath("[0].next_round_at", nullValue()));
    }
}
