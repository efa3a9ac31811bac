package io.conclave.api;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static io.conclave.api.meeting.MeetingResourceTest.json;
import static io.conclave.api.meeting.MeetingResourceTest.join;
import static io.conclave.api.meeting.MeetingResourceTest.post;
import static io.conclave.api.meeting.MeetingResourceTest.state;
import static io.conclave.api.meeting.MeetingResourceTest.vote;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;

/** A project's meeting task is held as a real meeting, and completes when that meeting closes. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
public class MeetingTaskTest {

    /** Waits for the worker's meeting; when it does not come, says what the service's threads were doing. */
    public static void awaitOrDumpThreads(org.awaitility.core.ThrowingRunnable assertion) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder dump = new StringBuilder();
            Thread.getAllStackTraces().forEach((t, stack) -> {
                if (t.getName().startsWith("conclave") || t.getName().startsWith("executor")) {
                    dump.append(t.getName()).append(' ').append(t.getState()).append('\n');
                    for (StackTraceElement f : stack) {
                        dump.append("    at ").append(f).append('\n');
                    }
                }
            });
            throw new AssertionError(e.getMessage() + "\nthreads:\n" + dump, e);
        }
    }

    @Test
    void a_theKickoffTaskIsHeldAsAMeetingAndCompletesWhenItCloses() {
        String project = ApiSupport.createExample(ApiSupport.COMPRESSED, "held");
        String meeting = project + ".kickoff_meeting";
        // kickoff_meeting has no dependencies: the rules convene it at once, and the service opens its meeting
        // (asynchronous: the service's worker creates it after the project's command was journaled)
        awaitOrDumpThreads(() ->
                json().get("/api/meetings/" + meeting).then().statusCode(200)
                        .body(jsonPath("manifest.project_id", equalTo(project)))
                        .body(jsonPath("manifest.task_id", equalTo("kickoff_meeting")))
                        .body(jsonPath("manifest.chair", equalTo("pm")))   // the first attendee chairs
                        // availability on 2024-01-15: pm 9-12, cto 10-13 and 15-17, blockchain_dev 9-17,
                        // compliance 11-16.5, security nothing declared (free). All five for 1 h: only 11-12.
                        .body(jsonPath("manifest.slot.date", equalTo("2024-01-15")))
                        .body(jsonPath("manifest.slot.start_time", equalTo("11:00")))
                        .body(jsonPath("manifest.slot.end_time", equalTo("12:00")))
                        .body(jsonPath("participants.agent_id",
                                contains("pm", "cto", "blockchain_dev", "compliance", "security"))));
        json().get("/api/meetings?project_id=" + project).then().body(jsonPath("meeting_id", contains(meeting)));

        // 5 invited: 3 joins are a quorum
        join(meeting, "pm").statusCode(200);
        join(meeting, "cto").statusCode(200);
        join(meeting, "security").statusCode(200).body(jsonPath("manifest.state", equalTo("discussion")));
        post(meeting, """
                {"agent_id": "cto", "message_type": "proposal", "proposal_id": "scope", "title": "Consent records only"}""")
                .statusCode(201);
        state(meeting, "pm", "voting").statusCode(200);
        json().get("/api/projects/" + project + "/tasks/kickoff_meeting").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
        vote(meeting, "pm", "scope", "yes");
        vote(meeting, "cto", "scope", "yes");
        vote(meeting, "security", "scope", "no").statusCode(201);   // the last vote owed closes the meeting

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                json().get("/api/projects/" + project + "/tasks/kickoff_meeting").then()
                        .body(jsonPath("status", equalTo("COMPLETED")))
                        .body(jsonPath("status_reason", equalTo("completed by pm"))));
        // the chair acted for the meeting, and the journal says so
        json().get("/api/projects/" + project + "/decisions?task=kickoff_meeting&kind=STATUS_CHANGED").then()
                .body("agent_ids.flatten()", contains("pm", "pm"));
    }

    /**
     * A meeting task completed in its project before its meeting met closes the meeting, and the minutes say what
     * happened: nobody attended, and the quorum (3 of 5 invited: more than half) was never reached. They said
     * "Attended: nobody" beside a quorum of 3, as if a meeting had been held.
     */
    @Test
    void d_aMeetingClosedByItsTasksEndSaysItNeverMet() {
        String project = ApiSupport.createExample(ApiSupport.COMPRESSED, "unmet");
        String meeting = project + ".kickoff_meeting";
        awaitOrDumpThreads(() -> json().get("/api/meetings/" + meeting).then().statusCode(200)
                .body(jsonPath("manifest.quorum_needed", equalTo(3))));
        ApiSupport.api().contentType(io.restassured.http.ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                .post("/api/projects/" + project + "/tasks/kickoff_meeting/complete").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                json().get("/api/meetings/" + meeting + "/decisions").then()
                        .body(jsonPath("find { it.kind == 'SUMMARY_WRITTEN' }.text",
                                org.hamcrest.Matchers.containsString(
                                "Attended: nobody (quorum of 3 never reached: the meeting closed before it met)\n"))));
    }

    /**
     * Deleting a project deletes the meetings of its meeting tasks, so a project created again under the same id
     * holds a meeting of its own: the deleted one's meeting, closing later, would otherwise report its outcome and
     * complete the new project's task (a run of the new project then started from a task done by another).
     */
    @Test
    void c_aDeletedProjectsMeetingGoesWithItAndTheSameIdAgainHoldsItsOwn() {
        String project = ApiSupport.createExample(ApiSupport.COMPRESSED, "reborn");
        String meeting = project + ".kickoff_meeting";
        awaitOrDumpThreads(() -> json().get("/api/meetings/" + meeting).then().statusCode(200));
        join(meeting, "pm").statusCode(200);
        ApiSupport.api().when().delete("/api/projects/" + project).then().statusCode(204);
        json().get("/api/meetings/" + meeting).then().statusCode(404);

        ApiSupport.create(ApiSupport.example(ApiSupport.COMPRESSED, project), project);
        // a new meeting: pm, who joined the deleted project's, is invited again
        awaitOrDumpThreads(() -> json().get("/api/meetings/" + meeting).then().statusCode(200)
                .body(jsonPath("manifest.project_id", equalTo(project)))
                .body(jsonPath("participants.find { it.agent_id == 'pm' }.status", equalTo("invited"))));
        json().get("/api/projects/" + project + "/tasks/kickoff_meeting").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
    }

    @Test
    void b_whenTheAttendeesShareNoTimeTheMeetingSaysWhy() {
        String project = ApiSupport.uniqueId("noslot");
        // ann is free 9-10, bob 14-16 on the meeting's day, and neither declares another day:
        // no hour holds both, so the meeting is opened without a time and with the reason
        ApiSupport.create(project(project)
                .agent(agent("ann").available("2024-03-04", 9, 10),
                        agent("bob").available("2024-03-04", "14:00", "16:00"))
                .task(task("sync").date("2024-03-04T08:00:00").hours(1).meeting("ann", "bob"))
                .json(), project);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                json().get("/api/meetings/" + project + ".sync").then().statusCode(200)
                        .body(jsonPath("manifest.slot.date", org.hamcrest.Matchers.nullValue()))
                        .body(jsonPath("manifest.slot.note", org.hamcrest.Matchers.containsString("2 participants"))));
    }
}
