package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.RealAgentsSupport.as;
import static io.conclave.api.RealAgentsSupport.operator;
import static io.conclave.api.RealAgentsSupport.project;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An agent's inbox by project: a project deleted and loaded again under the same id gives its agents new items (the
 * earlier project's were acknowledged: an item of the same name would never be delivered), an agent asks for one
 * project's items, and a token limited to some projects never gets another project's. The projects are
 * {@link RealAgentsSupport#project}: cid gets t1 at creation (score 63).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class InboxByProjectTest {

    private static List<Map<String, Object>> inbox(String token, String query) {
        return as(token).get("/api/agents/cid/inbox" + query).then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** cid's items of project {@code p}, picked from its whole inbox (not with the filter: a test of ids alone). */
    private static List<Map<String, Object>> itemsOf(String token, String p) {
        return inbox(token, "").stream().filter(i -> p.equals(i.get("project_id"))).toList();
    }

    private static String token(String body) {
        return api().header("Authorization", "Bearer " + TestTokens.ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/tokens").then().statusCode(201).extract().path("token");
    }

    @Test
    void aProjectLoadedAgainUnderItsIdGivesItsAgentsNewItems() {
        String p = uniqueId("lives");
        String cid = token("{\"role\": \"agent\", \"agent_id\": \"cid\"}");
        create(project(p, false), p);
        List<Map<String, Object>> first = itemsOf(cid, p);
        assertEquals(1, first.size(), first.toString());
        String firstId = (String) first.get(0).get("item_id");
        as(cid).post("/api/agents/cid/inbox/" + firstId + "/ack").then().statusCode(200)
                .body(jsonPath("acked", equalTo(true)));
        // deleted, and loaded again under the same id (a team script run twice): cid is assigned t1 again
        operator("DELETE", "/api/projects/" + p, null).statusCode(204);
        create(project(p, false), p);
        List<Map<String, Object>> second = itemsOf(cid, p);
        assertEquals(1, second.size(), "the new project's assignment waits for cid: " + second);
        assertEquals("t1", second.get(0).get("task_id"));
        String secondId = (String) second.get(0).get("item_id");
        assertNotEquals(firstId, secondId, "an item of the new project is named as the old one's");
        as(cid).post("/api/agents/cid/inbox/" + secondId + "/ack").then().statusCode(200)
                .body(jsonPath("acked", equalTo(true)));
        assertEquals(0, itemsOf(cid, p).size());
    }

    @Test
    void anAgentReadsOneProjectsInboxAndAScopedTokenOnlyItsProjects() throws Exception {
        String p = uniqueId("by-p");
        String q = uniqueId("by-q");
        create(project(p, false), p);
        create(project(q, false), q);
        String cid = token("{\"role\": \"agent\", \"agent_id\": \"cid\"}");
        String cidForP = token("{\"role\": \"agent\", \"agent_id\": \"cid\", \"projects\": [\"" + p + "\"]}");
        // unfiltered, cid's own token gets t1 of both projects (and of other tests' projects)
        List<Object> everywhere = projects(inbox(cid, ""));
        assertTrue(everywhere.contains(p) && everywhere.contains(q), everywhere.toString());
        // asked for p: p's item only
        assertEquals(List.of(p), projects(inbox(cid, "?project_id=" + p)));
        // a token for p: p's items whether it asks or not; q is not its to ask for
        assertEquals(List.of(p), projects(inbox(cidForP, "")));
        as(cidForP).get("/api/agents/cid/inbox?project_id=" + q).then().statusCode(403)
                .body(jsonPath("error", equalTo("not_a_member")));
        // nor to acknowledge
        String qItem = (String) inbox(cid, "?project_id=" + q).get(0).get("item_id");
        as(cidForP).post("/api/agents/cid/inbox/" + qItem + "/ack").then().statusCode(403)
                .body(jsonPath("error", equalTo("not_a_member")));
        assertEquals(1, inbox(cid, "?project_id=" + q).size(), "the refused acknowledgement changed nothing");
        api().get("/api/agents/cid/inbox?project_id=..%2Fx").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("project_id")));
        // the stream, asked for q: its backlog is q's item, nothing of p's
        BlockingQueue<EventStreamTest.Received> stream = EventStreamTest.open("/api/agents/cid/inbox?project_id=" + q,
                null, cid);
        List<String> seen = new ArrayList<>();
        for (EventStreamTest.Received r = stream.poll(10, TimeUnit.SECONDS); r != null; r = stream.poll(1, TimeUnit.SECONDS)) {
            if (r.data() != null) {
                seen.add(r.data().path("project_id").asText());
            }
        }
        assertEquals(List.of(q), seen);
    }

    private static List<Object> projects(List<Map<String, Object>> items) {
        return items.stream().map(i -> i.get("project_id")).distinct().toList();
    }
}
