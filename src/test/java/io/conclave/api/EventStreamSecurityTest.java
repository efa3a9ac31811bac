package io.conclave.api;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The event stream honours who is listening: an agent receives the events of what it belongs to and not
 * another project's; and when its token is revoked the stream ends at once.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class EventStreamSecurityTest {

    private static String createProject(String agent) {
        String id = "evs-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.given().header("Authorization", "Bearer " + TestTokens.ADMIN).contentType(ContentType.JSON)
                .body(project(id).agent(agent(agent).skill("x", 5)).task(task("t").needs("x", 1)).json())
                .post("/api/projects").then().statusCode(201);
        return id;
    }

    @Test
    void anAgentsStreamCarriesItsProjectsAndEndsWhenItsTokenIsRevoked() throws Exception {
        String token = RestAssured.given().header("Authorization", "Bearer " + TestTokens.ADMIN)
                .contentType(ContentType.JSON).body("{\"role\": \"agent\", \"agent_id\": \"dora\"}")
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        String mine = createProject("dora");
        BlockingQueue<EventStreamTest.Received> dora = EventStreamTest.open("/api/events", null, token);
        BlockingQueue<EventStreamTest.Received> admin = EventStreamTest.open("/api/events", null, TestTokens.ADMIN);
        String other = createProject("eve");
        // dora completes her task: TASK_STARTED, TASK_COMPLETED and their decisions reach her stream
        RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"agent_id\": \"dora\"}").post("/api/projects/" + mine + "/tasks/t/start").then().statusCode(200);
        List<String> seen = new ArrayList<>();
        for (EventStreamTest.Received r = dora.poll(10, TimeUnit.SECONDS); r != null; r = dora.poll(2, TimeUnit.SECONDS)) {
            seen.add(r.data() == null ? r.name() : r.data().path("project_id").asText() + ":" + r.name());
            if (r.name().equals("TASK_STARTED")) {
                break;
            }
        }
        assertTrue(seen.contains(mine + ":TASK_STARTED"), seen.toString());
        // the other project's creation went to the admin's stream, never to dora's
        assertTrue(seen.stream().noneMatch(s -> s.startsWith(other)), seen.toString());
        boolean adminSawOther = false;
        for (EventStreamTest.Received r = admin.poll(10, TimeUnit.SECONDS); r != null && !adminSawOther;
             r = admin.poll(2, TimeUnit.SECONDS)) {
            adminSawOther = other.equals(r.data() == null ? null : r.data().path("project_id").asText());
        }
        assertTrue(adminSawOther, "the admin's stream carries every project");
        // revoked: her stream ends, without waiting for a heartbeat or a new event
        RestAssured.given().header("Authorization", "Bearer " + TestTokens.ADMIN)
                .delete("/api/tokens/" + token.split("_")[1]).then().statusCode(200);
        EventStreamTest.Received last = null;
        for (EventStreamTest.Received r = dora.poll(5, TimeUnit.SECONDS); r != null; r = dora.poll(5, TimeUnit.SECONDS)) {
            last = r;
            if (r == EventStreamTest.END) {
                break;
            }
        }
        assertEquals(EventStreamTest.END, last, "the revoked token's stream was closed by the service");
    }

    @Test
    void aTokenForOneProjectHearsNothingOfAnother() throws Exception {
        String a = "evs-a-" + UUID.randomUUID().toString().substring(0, 6);
        String scoped = RestAssured.given().header("Authorization", "Bearer " + TestTokens.ADMIN)
                .contentType(ContentType.JSON).body("{\"role\": \"agent\", \"agent_id\": \"fay\", \"projects\": [\""
                        + a + "\"]}").post("/api/tokens").then().statusCode(201).extract().path("token");
        BlockingQueue<EventStreamTest.Received> fay = EventStreamTest.open("/api/events", null, scoped);
        // fay is the one agent of both projects: b's assignment is addressed to her, but her token is for a only.
        // b is created first, so its events would come before a's on her stream
        String b = createProject("fay");
        RestAssured.given().header("Authorization", "Bearer " + TestTokens.ADMIN).contentType(ContentType.JSON)
                .body(project(a).agent(agent("fay").skill("x", 5)).task(task("t").needs("x", 1)).json())
                .post("/api/projects").then().statusCode(201);
        List<String> seen = new ArrayList<>();
        for (EventStreamTest.Received r = fay.poll(10, TimeUnit.SECONDS); r != null; r = fay.poll(2, TimeUnit.SECONDS)) {
            String project = r.data() == null ? "" : r.data().path("project_id").asText();
            seen.add(project + ":" + r.name());
            if (project.equals(a) && r.name().equals("TASK_ASSIGNED")) {
                break;
            }
        }
        assertTrue(seen.contains(a + ":TASK_ASSIGNED"), seen.toString());
        assertTrue(seen.stream().noneMatch(s -> s.startsWith(b)), seen.toString());
    }
}
