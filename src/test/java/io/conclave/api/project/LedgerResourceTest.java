package io.conclave.api.project;

import static io.conclave.api.ApiSupport.COMPRESSED;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** GET /api/projects/{id}/decisions: the ledger with its filters and paging. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class LedgerResourceTest {

    @Test
    void ledgerRecordsEveryDecisionInOrder() {
        String id = createExample(COMPRESSED, "ledger");
        String decisions = "/api/projects/" + id + "/decisions";

        // Creation (command 1): the kickoff, the only task without dependencies, becomes READY, then the
        // meeting is convened. Nothing else is decided.
        api().when().get(decisions)
                .then().statusCode(200)
                .body(jsonPath("seq", contains(1, 2)))
                .body(jsonPath("kind", contains("STATUS_CHANGED", "MEETING_CONVENED")))
                .body(jsonPath("task_id", everyItem(equalTo("kickoff_meeting"))))
                .body(jsonPath("command_seq", everyItem(equalTo(1))))
                .body(jsonPath("[0].rule", equalTo("Task becomes ready when all its dependencies are completed")))
                .body(jsonPath("[0].reason", equalTo("no dependencies")));

        api().contentType(ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                .post("/api/projects/" + id + "/tasks/kickoff_meeting/start").then().statusCode(200);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                .post("/api/projects/" + id + "/tasks/kickoff_meeting/complete").then().statusCode(200);

        // paging: the one decision after seq 2 is pm's start (command 2)
        api().when().get(decisions + "?after=2&limit=1")
                .then().statusCode(200)
                .body(jsonPath("seq", contains(3)))
                .body(jsonPath("[0].kind", equalTo("STATUS_CHANGED")))
                .body(jsonPath("[0].agent_ids", contains("pm")))
                .body(jsonPath("[0].to_status", equalTo("IN_PROGRESS")))
                .body(jsonPath("[0].command_seq", equalTo(2)));

        // completing the meeting gives each of the five attendees its capacity back
        api().when().get(decisions + "?task_id=kickoff_meeting&kind=capacity_released")
                .then().statusCode(200)
                .body(jsonPath("", hasSize(5)))
                .body(jsonPath("command_seq", everyItem(equalTo(3))))
                .body("agent_ids.flatten()", containsInAnyOrder("pm", "cto", "blockchain_dev", "compliance", "security"));

        // then the two tasks that depended on it are assigned, in serving order (priority 5 before 4)
        api().when().get(decisions + "?kind=ASSIGNED")
                .then().statusCode(200)
                .body(jsonPath("task_id", contains("architecture_design", "compliance_requirements")))
                .body("agent_ids.flatten()", contains("cto", "compliance"));
        api().when().get(decisions + "?agent_id=cto&kind=assigned")
                .then().statusCode(200)
                .body(jsonPath("task_id", contains("architecture_design")));

        // the kickoff's own story: READY, convened, started, completed, five attendees learning (its type
        // "coordination" raises each one's preference by 0.1; it requires no skill), five releases
        api().when().get(decisions + "?task_id=kickoff_meeting")
                .then().statusCode(200)
                .body(jsonPath("", hasSize(14)));
    }

    @Test
    void badLimitAndUnknownProject() {
        String id = createExample(COMPRESSED, "ledgerbad");
        api().when().get("/api/projects/" + id + "/decisions?limit=0")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("limit")));
        // not a number at all: still a 400 naming the parameter, not JAX-RS's 404 for an unconvertible param
        api().when().get("/api/projects/" + id + "/decisions?after=abc")
                .then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("after")))
                .body(jsonPath("details[0].message", equalTo("was 'abc'")));
        api().when().get("/api/projects/no-such-ledger/decisions")
                .then().statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));
    }
}
