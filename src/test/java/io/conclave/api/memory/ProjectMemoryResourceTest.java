package io.conclave.api.memory;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.twoAgentProject;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A project's agents' memory over REST, as the coordination-patterns chapter describes it: the agent working memory
 * (short- and long-term stores, a capacity, importance-based eviction of the least important fifth, promotion of an
 * item accessed more than five times) and the agent state manager (beliefs, goals, metrics, the last five checkpoints).
 * Every expected answer is worked out by hand below.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class ProjectMemoryResourceTest {

    private static String memory(String project, String agent) {
        return "/api/projects/" + project + "/memory/agents/" + agent;
    }

    private static ValidatableResponse send(String method, String path, String body) {
        return api().contentType(ContentType.JSON).body(body).when().request(method, path).then().log().ifValidationFails();
    }

    private static ValidatableResponse store(String project, String agent, String key, double importance) {
        return send("POST", memory(project, agent) + "/items", """
                {"agent_id": "%s", "key": "%s", "value": {"note": "%s"}, "importance": %s}"""
                .formatted(agent, key, key, importance));
    }

    private static ValidatableResponse retrieve(String project, String agent, String key) {
        return send("POST", memory(project, agent) + "/items/" + key + "/retrieve", "{\"agent_id\": \"" + agent + "\"}");
    }

    /** The value of {@code conclave_memory_decisions_total{kind="<kind>"}} in a scrape of /q/metrics (0 when absent). */
    private static double memoryDecisions(String kind) {
        String text = io.restassured.RestAssured.given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^conclave_memory_decisions_total\\{[^}]*kind=\""
                + kind + "\"[^}]*\\} (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /*
     * alice opens her working memory with capacity 4 and stores a (importance 0.01), b (10), c (2), d (3): four items,
     * within the capacity, all in short-term memory. She retrieves a five times: 1 + 5 = 6 accesses.
     * She stores e (importance 1): five items in short-term memory, over the capacity 4, so the least important fifth
     * (5 // 5 = 1 item) moves to long-term memory. The chapter's score is importance x accesses / (seconds since the
     * last access + 1): a at most 0.01 x 6 / 1 = 0.06; e = 1 x 1 / 1 = 1; b, c, d at least 10, 2, 3 divided by
     * (seconds since their store + 1), more than 0.06 unless this test took over 30 s between two calls: a moves.
     * She retrieves a from long-term memory: its 7th access, more than 5, so it comes back to short-term memory (the
     * chapter moves nothing else then: it evicts only when a store goes over the capacity, so five items stay).
     * The project page shows her memory, and /q/metrics counts the decisions by kind: 5 stores, 1 eviction, 1 promotion more than before the test (the app is
     * shared with other test classes, so the figures are differences; events are counted as published, hence the wait).
     */
    @Test
    void aStorePastTheCapacityMovesTheLeastImportantFifthAndAFrequentItemComesBack() {
        double storedBefore = memoryDecisions("MEMORY_STORED");
        double evictedBefore = memoryDecisions("MEMORY_EVICTED");
        double promotedBefore = memoryDecisions("MEMORY_PROMOTED");
        String p = uniqueId("mem");
        create(twoAgentProject(p), p);
        send("PUT", memory(p, "alice"), "{\"agent_id\": \"alice\", \"capacity\": 4}").statusCode(200)
                .body(jsonPath("capacity", equalTo(4)))
                .body(jsonPath("short_term", empty()));
        store(p, "alice", "a", 0.01).statusCode(200).body(jsonPath("moved_to_long_term", empty()));
        store(p, "alice", "b", 10).statusCode(200);
        store(p, "alice", "c", 2).statusCode(200);
        store(p, "alice", "d", 3).statusCode(200)
                .body(jsonPath("memory.short_term.key", contains("a", "b", "c", "d")));
        for (int i = 2; i <= 6; i++) {
            retrieve(p, "alice", "a").statusCode(200)
                    .body(jsonPath("tier", equalTo("short")))
                    .body(jsonPath("access_count", equalTo(i)))
                    .body(jsonPath("value.note", equalTo("a")));
        }
        store(p, "alice", "e", 1).statusCode(200)
                .body(jsonPath("item.key", equalTo("e")))
                .body(jsonPath("moved_to_long_term", contains("a")))
                .body(jsonPath("memory.short_term.key", contains("b", "c", "d", "e")))
                .body(jsonPath("memory.long_term.key", contains("a")))
                .body(jsonPath("memory.long_term[0].access_count", equalTo(6)));
        retrieve(p, "alice", "a").statusCode(200)
                .body(jsonPath("tier", equalTo("short")))
                .body(jsonPath("access_count", equalTo(7)))
                .body(jsonPath("promoted", equalTo(true)));
        api().get(memory(p, "alice")).then().statusCode(200)
                .body(jsonPath("short_term.key", contains("a", "b", "c", "d", "e")))
                .body(jsonPath("long_term", empty()));

        api().get("/api/projects/" + p + "/decisions").then().statusCode(200)
                .body(jsonPath("findAll { it.kind == 'MEMORY_STORED' }", hasSize(5)))
                .body(jsonPath("find { it.kind == 'MEMORY_EVICTED' }.rule",
                        equalTo("A store past the capacity moves the least important fifth to long-term memory")))
                .body(jsonPath("find { it.kind == 'MEMORY_EVICTED' }.agent_ids", contains("alice")))
                .body(jsonPath("find { it.kind == 'MEMORY_EVICTED' }.details.moved", contains("a")))
                .body(jsonPath("find { it.kind == 'MEMORY_EVICTED' }.details.kept", hasSize(4)))
                .body(jsonPath("find { it.kind == 'MEMORY_EVICTED' }.reason",
                        startsWith("short-term memory held 5 items, over its "
                        + "capacity 4: the 1 least important moved to long-term memory: a (score ")))
                .body(jsonPath("find { it.kind == 'MEMORY_PROMOTED' }.reason",
                        equalTo("'a' accessed 7 times (more than 5): back in short-term memory")));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                () -> memoryDecisions("MEMORY_PROMOTED") - promotedBefore == 1);
        org.junit.jupiter.api.Assertions.assertEquals(5, memoryDecisions("MEMORY_STORED") - storedBefore);
        org.junit.jupiter.api.Assertions.assertEquals(1, memoryDecisions("MEMORY_EVICTED") - evictedBefore);

        // the project page's memory fragment: alice's five short-term items over her capacity 4 (the chapter evicts
        // only on a store), none long-term, no state saved, no checkpoint; bob has no memory, so no row; a strong write
        // of a shared key is version 1 in every copy at once, nothing on its way
        send("PUT", "/api/projects/" + p + "/memory/shared/plan", """
                {"agent_id": "alice", "value": "ship", "consistency": "strong"}""").statusCode(200);
        io.restassured.RestAssured.given().get("/projects/" + p + "?fragment=memory").then().statusCode(200)
                .body(containsString("<tr id=\"memory-alice\"><td>alice</td>"))
                .body(containsString("5 of 4 short-term, 0 long-term"))
                .body(containsString("not saved"))
                .body(org.hamcrest.Matchers.not(containsString("memory-bob")))
                .body(containsString("<tr id=\"shared-plan\"><td>plan</td><td>1</td><td>by alice (strong)</td>"))
                .body(containsString("every copy current"));

        // an item never stored: 404, and nothing journaled
        retrieve(p, "alice", "zzz").statusCode(404)
                .body(jsonPath("error", equalTo("not_in_memory")))
                .body(jsonPath("message",
                        containsString("'zzz' is in neither the short-term nor the long-term memory of alice")));
    }

    /*
     * bob saves his state (beliefs, goals, metrics), stores x, then checkpoints six times, each with only his metrics
     * {"tasks_done": n} (his beliefs and goals stay as saved), storing y between checkpoints 3 and 4. The rule "An agent
     * keeps its last five checkpoints" lets checkpoint 1 go when checkpoint 6 is taken: 2..6 are kept. Restoring 1 is
     * refused (404); restoring 3 brings back tasks_done 3 and the working memory of then: x only (y came later).
     */
    @Test
    void theStateManagerKeepsTheLastFiveCheckpointsAndRestoresOne() {
        String p = uniqueId("mem");
        create(twoAgentProject(p), p);
        send("PUT", memory(p, "bob") + "/state", """
                {"agent_id": "bob", "beliefs": {"market": "growing"}, "goals": ["launch"], "metrics": {"tasks_done": 0}}""")
                .statusCode(200)
                .body(jsonPath("state.beliefs.market", equalTo("growing")))
                .body(jsonPath("state.goals", contains("launch")))
                .body(jsonPath("state.saves", equalTo(1)));
        store(p, "bob", "x", 1).statusCode(200);
        for (int n = 1; n <= 6; n++) {
            if (n == 4) {
                store(p, "bob", "y", 1).statusCode(200);
            }
            send("POST", memory(p, "bob") + "/checkpoints", "{\"agent_id\": \"bob\", \"metrics\": {\"tasks_done\": "
                    + n + "}}").statusCode(200);
        }
        api().get(memory(p, "bob")).then().statusCode(200)
                .body(jsonPath("checkpoints.checkpoint", contains(2, 3, 4, 5, 6)))
                .body(jsonPath("checkpoints[1].metrics.tasks_done", equalTo(3)))
                .body(jsonPath("checkpoints[1].beliefs.market", equalTo("growing")))
                .body(jsonPath("checkpoints[1].short_term.key", contains("x")))
                .body(jsonPath("checkpoints[2].short_term.key", contains("x", "y")))
                .body(jsonPath("state.metrics.tasks_done", equalTo(6)));
        send("POST", memory(p, "bob") + "/checkpoints/1/restore", "{\"agent_id\": \"bob\"}").statusCode(404)
                .body(jsonPath("error", equalTo("checkpoint_not_kept")))
                .body(jsonPath("message",
                        startsWith("bob keeps no checkpoint 1 (it keeps its last five: [2, 3, 4, 5, 6])")));
        send("POST", memory(p, "bob") + "/checkpoints/3/restore", "{\"agent_id\": \"bob\"}").statusCode(200)
                .body(jsonPath("state.metrics.tasks_done", equalTo(3)))
                .body(jsonPath("state.goals", contains("launch")))
                .body(jsonPath("short_term.key", contains("x")))
                .body(jsonPath("checkpoints.checkpoint", contains(2, 3, 4, 5, 6)));
        api().get("/api/projects/" + p + "/decisions").then().statusCode(200)
                .body(jsonPath("find { it.kind == 'AGENT_STATE_RESTORED' }.rule",
                        equalTo("A restore loads a kept checkpoint back")))
                .body(jsonPath("findAll { it.kind == 'AGENT_CHECKPOINTED' && it.rule == 'An agent keeps its last five checkpoints' }"
                        + ".details.checkpoint", contains(1)));
    }

    @Test
    void badMemoryCommandsAreRefusedAtTheirPathAndAgentsActOnlyAsThemselves() {
        String p = uniqueId("mem");
        create(twoAgentProject(p), p);
        send("PUT", memory(p, "alice"), "{\"agent_id\": \"alice\", \"capacity\": 0}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.capacity")))
                .body(jsonPath("details[0].message", equalTo("must be at least 1")));
        send("POST", memory(p, "alice") + "/items", "{\"agent_id\": \"alice\", \"key\": \"bad key\", \"importance\": -1}")
                .statusCode(400)
                .body(jsonPath("details.path", contains("$.key", "$.value", "$.importance")));
        send("PUT", memory(p, "alice") + "/state", "{\"agent_id\": \"alice\", \"beliefs\": [1], \"goals\": {}}")
                .statusCode(400)
                .body(jsonPath("details.path", contains("$.beliefs", "$.goals")))
                .body(jsonPath("details[0].message", equalTo("must be a JSON object")));
        // the body names another agent than the path
        send("POST", memory(p, "bob") + "/items", "{\"agent_id\": \"alice\", \"key\": \"k\", \"value\": 1}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.agent_id")));
        // without an agent in the body the tests send the admin's token: an admin never acts as an agent
        send("POST", memory(p, "bob") + "/items", "{\"key\": \"k\", \"value\": 1}").statusCode(403)
                .body(jsonPath("error", equalTo("not_an_agent")));
        api().get(memory(p, "alice")).then().statusCode(200)
                .body(jsonPath("capacity", nullValue()))
                .body(jsonPath("short_term", empty()))
                .body(jsonPath("state", nullValue()));
        api().get("/api/projects/" + p + "/history").then().statusCode(200)
                .body(jsonPath("type", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(startsWith("memory")))))
                .body(jsonPath("type",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(startsWith("agent_state")))));
    }
}
