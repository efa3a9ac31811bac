package io.conclave.api;

import static io.conclave.api.JsonPaths.jsonPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.api.EventStreamTest.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.conclave.api.conversation.ConversationResourceTest;
import io.conclave.api.meeting.MeetingResourceTest;

/**
 * Every lifecycle event of a project, its runs, a meeting and a conversation, as a subscriber of GET /api/events
 * filtered to that owner sees them, driven through the REST API (the table of docs/operations.md, "The event
 * stream"). Task, vote and turn events are checked by the tests of their own resources; here only the lifecycle.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class LifecycleEventsTest {

    /** What one filtered subscriber has received so far, in order. */
    private static final class Subscriber {
        final BlockingQueue<Received> queue;
        final List<Received> seen = new ArrayList<>();

        Subscriber(String query) throws Exception {
            queue = EventStreamTest.listen(query, null);
        }

        /** Reads events until one of type {@code type} arrives (10 s at most between two events); returns it. */
        Received until(String type) throws InterruptedException {
            while (true) {
                Received r = queue.poll(10, TimeUnit.SECONDS);
                assertTrue(r != null, "no " + type + " among " + types());
                seen.add(r);
                if (r.name().equals(type)) {
                    return r;
                }
            }
        }

        List<String> types() {
            return seen.stream().map(Received::name).toList();
        }
    }

    private static ValidatableResponse send(String method, String path, String actor, String body) {
        var req = ApiSupport.api().contentType(ContentType.JSON).header("X-Conclave-Actor", actor);
        if (body != null) {
            req.body(body);
        }
        return req.request(method, path).then();
    }

    /**
     * A project from creation to deletion: an agent registered, updated and retired by an operator; the project
     * pinned to the version it runs and unpinned; an incremental run of the compressed example, which stops at
     * its checkpoint after the kick-off meeting, is resumed by an interrupt and runs to the end (on its calendar,
     * the daily review its ceo_oversight asks for is the next stop, resumed the same way); a saved state
     * restored; then the deletion, naming who deleted it.
     */
    @Test
    void aProjectsLifecycleFromCreationToDeletionIsOnItsStream() throws Exception {
        String id = ApiSupport.uniqueId("lifecycle");
        String p = "/api/projects/" + id;
        Subscriber s = new Subscriber("?project_id=" + id);
        ApiSupport.create(ApiSupport.example(ApiSupport.COMPRESSED, id), id);
        assertEquals(id, s.until("PROJECT_CREATED").data().get("project_id").asText());

        send("POST", p + "/agents", "ops", "{\"agent_id\": \"dan\", \"skill_levels\": {\"testing\": 5}}").statusCode(201);
        assertEquals("dan", s.until("AGENT_REGISTERED").data().get("agent_id").asText());
        send("PUT", p + "/agents/dan", "ops", "{\"agent_id\": \"dan\", \"skill_levels\": {\"testing\": 6}}").statusCode(200);
        s.until("AGENT_UPDATED");
        send("POST", p + "/agents/dan/retire", "ops", "{\"reason\": \"not needed\"}").statusCode(200);
        s.until("AGENT_RETIRED");

        String version = ApiSupport.api().get(p + "/pin").then().statusCode(200).extract().path("policy_version");
        send("PUT", p + "/pin", "admin", "{\"version\": \"" + version + "\", \"reason\": \"audit\"}").statusCode(200);
        Received pinned = s.until("POLICY_PINNED");
        assertEquals(version, pinned.data().path("data").path("policy_version").asText(), pinned.data().toString());
        send("DELETE", p + "/pin", "admin", null).statusCode(200);
        s.until("POLICY_UNPINNED");

        send("POST", p + "/run", "ops", "{\"mode\": \"incremental\"}").statusCode(202);
        s.until("RUN_STARTED");
        s.until("RUN_PROGRESS");
        s.until("RUN_CHECKPOINT");
        String status = report(p);
        assertEquals("PAUSED_AT_CHECKPOINT", status);
        for (int resumes = 0; !status.equals("COMPLETED"); resumes++) {
            assertTrue(resumes < 10, "still " + status + " after 10 resumes: " + s.types());
            send("POST", p + "/interrupts", "ceo", "{\"action\": \"resume\"}").statusCode(202);
            s.until("RUN_RESUMED");
            status = report(p);
        }
        s.until("RUN_COMPLETED");
        assertTrue(s.types().contains("RUN_PAUSED"), "the daily review paused the run: " + s.types());

        send("POST", p + "/checkpoints/cp-1/restore", "ops", null).statusCode(200);
        s.until("RUN_RESTORED");

        send("DELETE", p, "ceo", null).statusCode(204);
        Received deleted = s.until("PROJECT_DELETED");
        assertEquals(id, deleted.data().get("project_id").asText());
        assertEquals("ceo", deleted.data().get("agent_id").asText());
    }

    /** The latest run's report once it stopped running: its status. */
    private static String report(String project) {
        String runId = ApiSupport.api().get(project + "/runs").then().statusCode(200).extract().path("[-1].run_id");
        return ApiSupport.api().get(project + "/runs/" + runId + "/report?wait_seconds=30").then().statusCode(200)
                .extract().path("status");
    }

    /**
     * A meeting from creation to its archive: created (MEETING_CREATED), two of its three invitees join (more than
     * half: the discussion opens by rule), the chair closes it and archives it. A conversation: created, and
     * terminated by its one member's final word.
     */
    @Test
    void aMeetingAndAConversationFromCreationToTheirEndAreOnTheirStreams() throws Exception {
        String meeting = ApiSupport.uniqueId("mtg");
        Subscriber m = new Subscriber("?meeting_id=" + meeting);
        send("POST", "/api/meetings", "ops", """
                { "meeting_id": "%s", "topic": "Choose the ledger", "creator": "ann", "participants": ["ann", "bob", "cid"] }"""
                .formatted(meeting)).statusCode(201);
        assertEquals(meeting, m.until("MEETING_CREATED").data().get("meeting_id").asText());
        MeetingResourceTest.join(meeting, "ann").statusCode(200);
        MeetingResourceTest.join(meeting, "bob").statusCode(200);
        m.until("DISCUSSION_STARTED");
        MeetingResourceTest.state(meeting, "ann", "closed").statusCode(200);
        m.until("MEETING_CLOSED");
        MeetingResourceTest.state(meeting, "ann", "archived").statusCode(200);
        m.until("MEETING_ARCHIVED");

        String conversation = ApiSupport.uniqueId("conv");
        Subscriber c = new Subscriber("?conversation_id=" + conversation);
        ConversationResourceTest.create("{\"conversation_id\": \"" + conversation
                + "\", \"policy\": {\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}}").statusCode(201);
        assertEquals(conversation, c.until("CONVERSATION_CREATED").data().get("conversation_id").asText());
        ConversationResourceTest.joinExpert(conversation, "a", 1, "db");
        ConversationResourceTest.say(conversation, "{\"sender\": \"a\", \"content\": \"that is all\", \"final\": true}")
                .statusCode(200).body(jsonPath("terminated", org.hamcrest.Matchers.equalTo(true)));
        c.until("CONVERSATION_TERMINATED");
    }
}
