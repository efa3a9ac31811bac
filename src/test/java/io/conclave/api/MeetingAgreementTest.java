package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.meeting.MeetingResourceTest.createMeeting;
import static io.conclave.api.meeting.MeetingResourceTest.join;
import static io.conclave.api.meeting.MeetingResourceTest.json;
import static io.conclave.api.meeting.MeetingResourceTest.post;
import static io.conclave.api.meeting.MeetingResourceTest.state;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A meeting and what it decides agree with what happened: a meeting closed without a vote decides
 * nothing (its proposals are not decided, not rejected), and a meeting task that ends without its
 * meeting closes the meeting, whether an attendee reported it or a simulated run held it.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class MeetingAgreementTest {

    /** The chair moves a meeting with a proposal on the table from discussion straight to archived. */
    @Test
    void aJumpPastTheVoteLeavesTheProposalsNotDecided() {
        String id = createMeeting("");
        join(id, "ann").statusCode(200);
        join(id, "bob").statusCode(200).body(jsonPath("manifest.state", equalTo("discussion")));
        post(id, """
                {"agent_id": "bob", "message_type": "proposal", "proposal_id": "pg", "title": "Use PostgreSQL"}""")
                .statusCode(201);
        state(id, "ann", "archived").statusCode(200);
        json().get("/api/meetings/" + id).then().statusCode(200)
                .body(jsonPath("manifest.state", equalTo("archived")))
                .body(jsonPath("agenda.proposals[0].status", equalTo("not_decided")))
                .body(jsonPath("agenda.proposals[0].tally", nullValue()));
        json().get("/api/meetings/" + id + "/messages?type=summary").then().statusCode(200)
                .body(jsonPath("[0].summary_text",
                        containsString("pg \"Use PostgreSQL\": not_decided (the meeting closed without voting on it)")))
                .body(jsonPath("[0].summary_text", containsString("Action items: none")));
        json().get("/api/meetings/" + id + "/decisions").then()
                .body(jsonPath("find { it.kind == 'PROPOSAL_DECIDED' }.rule",
                        equalTo("A meeting closed without a vote leaves its open proposals not decided")));
    }

    /** An attendee reports the kickoff task done while its meeting is in discussion: the meeting closes. */
    @Test
    void aMeetingTaskReportedDoneClosesItsMeeting() {
        String project = ApiSupport.createExample(ApiSupport.COMPRESSED, "reported");
        String meeting = project + ".kickoff_meeting";
        MeetingTaskTest.awaitOrDumpThreads(() -> json().get("/api/meetings/" + meeting).then().statusCode(200));
        join(meeting, "pm").statusCode(200);
        join(meeting, "cto").statusCode(200);
        join(meeting, "security").statusCode(200).body(jsonPath("manifest.state", equalTo("discussion")));
        post(meeting, """
                {"agent_id": "cto", "message_type": "proposal", "proposal_id": "scope", "title": "Consent records only"}""")
                .statusCode(201);

        api().contentType(ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                .when().post("/api/projects/" + project + "/tasks/kickoff_meeting/complete").then().statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                json().get("/api/meetings/" + meeting).then()
                        .body(jsonPath("manifest.state", equalTo("closed")))
                        .body(jsonPath("agenda.proposals[0].status", equalTo("not_decided"))));
        json().get("/api/meetings/" + meeting + "/decisions").then()
                .body(jsonPath("find { it.kind == 'STATE_CHANGED' && it.to_state == 'closed' }.reason",
                        containsString("meeting task kickoff_meeting of project " + project + " is completed")));
        // the task stays as the attendee reported it
        json().get("/api/projects/" + project + "/tasks/kickoff_meeting").then()
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("status_reason", equalTo("completed by pm")));
    }

    /** The kickoff's meeting is open when a simulated run starts; the run holds the task: the meeting closes. */
    @Test
    void aMeetingTaskHeldByASimulatedRunClosesItsMeeting() {
        String project = ApiSupport.createExample(ApiSupport.COMPRESSED, "simulated");
        String meeting = project + ".kickoff_meeting";
        MeetingTaskTest.awaitOrDumpThreads(() -> json().get("/api/meetings/" + meeting).then().statusCode(200)
                .body(jsonPath("manifest.state", equalTo("open"))));
        ApiSupport.runToStop(project, "{\"seed\": 3}").body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("tasks.find { it.task_id == 'kickoff_meeting' }.status", equalTo("COMPLETED")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                json().get("/api/meetings/" + meeting).then().body(jsonPath("manifest.state", equalTo("closed"))));
        json().get("/api/meetings/" + meeting + "/decisions").then()
                .body(jsonPath("reason",
                        hasItem(containsString("meeting task kickoff_meeting of project " + project + " is completed"))));
    }
}
