package io.conclave.api.project;

import static io.conclave.api.ApiSupport.COMPRESSED;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * /api/projects/{id}/interrupts on the compressed example: kickoff_meeting (5 attendees) is convened at
 * load; architecture_design and compliance_requirements wait for it; the rest wait further down.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class InterruptResourceTest {

    private static ValidatableResponse post(String id, String body) {
        return api().contentType(ContentType.JSON).header("X-Conclave-Actor", "ceo").body(body)
                .when().post("/api/projects/" + id + "/interrupts").then();
    }

    @Test
    void statusIsAcknowledgedWithTheSnapshotAndKeptInTheTrail() {
        String id = createExample(COMPRESSED, "int-status");
        post(id, "{\"action\": \"status\", \"reason\": \"weekly check\"}").statusCode(202)
                .body(jsonPath("interrupt_id", equalTo("i-1")))
                .body(jsonPath("action", equalTo("status")))
                .body(jsonPath("requested_by", equalTo("ceo")))
                .body(jsonPath("requested_at", notNullValue()))
                .body(jsonPath("reason", equalTo("weekly check")))
                .body(jsonPath("change", equalTo("nothing: status reported")))
                .body(jsonPath("decisions.kind", contains("STATUS_REPORTED")))
                .body(jsonPath("decisions[0].rule", equalTo("Report the project's status on a CEO interrupt")))
                // at load: the kickoff convened (ASSIGNED), the other five PENDING; no run, nothing in progress
                .body(jsonPath("snapshot.tasks_total", equalTo(6)))
                .body(jsonPath("snapshot.tasks_by_status.ASSIGNED", equalTo(1)))
                .body(jsonPath("snapshot.tasks_by_status.PENDING", equalTo(5)))
                .body(jsonPath("snapshot.in_progress", hasSize(0)));
        api().when().get("/api/projects/" + id + "/interrupts").then().statusCode(200)
                .body(jsonPath("interrupt_id", contains("i-1")));
    }

    @Test
    void skippingTheMeetingInProgressFreesItsAttendeesAndLetsItsDependentsProceed() {
        String id = createExample(COMPRESSED, "int-skip");
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                .when().post("/api/projects/" + id + "/tasks/kickoff_meeting/start").then().statusCode(200);
        // no task_id: the one task in progress, the kickoff
        post(id, "{\"action\": \"skip\"}").statusCode(202)
                .body(jsonPath("interrupt_id", equalTo("i-1")))
                .body(jsonPath("task_id", equalTo("kickoff_meeting")))
                .body(jsonPath("change", equalTo("kickoff_meeting IN_PROGRESS -> SKIPPED")))
                .body(jsonPath("decisions[0].kind", equalTo("TASK_SKIPPED")))
                .body(jsonPath("decisions[0].agent_ids",
                        contains("blockchain_dev", "compliance", "cto", "pm", "security")))
                .body(jsonPath("decisions.findAll { it.kind == 'CAPACITY_RELEASED' }", hasSize(5)))
                // its two dependents proceed as if it had completed, and are assigned as after a completion
                .body(jsonPath("decisions.findAll { it.kind == 'STATUS_CHANGED' }.task_id",
                        containsInAnyOrder("architecture_design", "compliance_requirements")))
                .body("decisions.findAll { it.kind == 'ASSIGNED' }.agent_ids.flatten()", containsInAnyOrder("cto", "compliance"));
        api().when().get("/api/projects/" + id + "/tasks/kickoff_meeting").then()
                .body(jsonPath("status", equalTo("SKIPPED")))
                .body(jsonPath("status_reason", equalTo("skipped by ceo (the task in progress)")));
        // over now: cannot be skipped again; nothing else is in progress
        post(id, "{\"action\": \"skip\", \"task_id\": \"kickoff_meeting\"}").statusCode(409)
                .body(jsonPath("error", equalTo("task_over")));
        post(id, "{\"action\": \"skip\"}").statusCode(409).body(jsonPath("error", equalTo("no_current_task")));
        post(id, "{\"action\": \"skip\", \"task_id\": \"nope\"}").statusCode(404)
                .body(jsonPath("error", equalTo("task_not_found")));
        api().when().get("/api/projects/" + id + "/interrupts").then().body(jsonPath("interrupt_id", contains("i-1")));
    }

    @Test
    void reprioritiseAndItsBadInput() {
        String id = createExample(COMPRESSED, "int-prio");
        post(id, "{\"action\": \"reprioritise\", \"task_id\": \"wrap_up_meeting\", \"priority\": 5}").statusCode(202)
                .body(jsonPath("change", equalTo("wrap_up_meeting priority 3 -> 5")))
                .body(jsonPath("decisions[0].kind", equalTo("REPRIORITISED")))
                .body(jsonPath("decisions[0].details.before", equalTo(3)))
                .body(jsonPath("decisions[0].details.after", equalTo(5)));
        api().when().get("/api/projects/" + id + "/tasks/wrap_up_meeting").then()
                .body(jsonPath("priority", equalTo(5)));
        post(id, "{\"action\": \"reprioritise\", \"task_id\": \"wrap_up_meeting\", \"priority\": 5}").statusCode(409)
                .body(jsonPath("error", equalTo("priority_unchanged")));
        post(id, "{\"action\": \"reprioritise\", \"priority\": 9}").statusCode(400)
                .body(jsonPath("details.path", contains("$.task_id", "$.priority")))
                .body(jsonPath("details[1].message", containsString("from 1 to 5")));
        post(id, "{\"action\": \"reprioritise\", \"task_id\": \"wrap_up_meeting\"}").statusCode(400)
                .body(jsonPath("details.path", contains("$.priority")));
        post(id, "{\"action\": \"reprioritise\", \"task_id\": \"ghost\", \"priority\": 2}").statusCode(404);
    }

    @Test
    void addTaskIsCheckedLikeAFileTaskThenAssignedByTheRules() {
        String id = createExample(COMPRESSED, "int-add");
        post(id, "{\"action\": \"add_task\", \"task\": {\"task_id\": \"architecture_design\", \"priority\": 7, "
                + "\"required_skills\": {\"x\": 12}, \"dependencies\": [\"nope\"]}}").statusCode(400)
                .body(jsonPath("details.path", containsInAnyOrder("$.task.priority", "$.task.required_skills.x",
                        "$.task.dependencies[0]", "$.task.task_id")));
        post(id, "{\"action\": \"add_task\", \"task\": {\"task_id\": \"t\", \"estimated_hours\": \"lots\"}}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.task.estimated_hours")));
        post(id, "{\"action\": \"add_task\"}").statusCode(400).body(jsonPath("details.path", contains("$.task")));
        // no dependencies, needs hipaa_compliance 5: READY at once, and only compliance (9) has it
        post(id, "{\"action\": \"add_task\", \"task\": {\"task_id\": \"privacy_audit\", \"priority\": 2, "
                + "\"required_skills\": {\"hipaa_compliance\": 5}, \"estimated_hours\": 2}}").statusCode(202)
                .body(jsonPath("task_id", equalTo("privacy_audit")))
                .body(jsonPath("decisions.kind", contains("TASK_ADDED", "STATUS_CHANGED", "ASSIGNED")))
                .body(jsonPath("decisions[2].agent_ids", contains("compliance")));
        api().when().get("/api/projects/" + id + "/tasks").then().body(jsonPath("task_id", hasSize(7)));
    }

    @Test
    void pauseAndResumeNeedARunAndBadInputIsNamed() {
        String id = createExample(COMPRESSED, "int-run");
        post(id, "{\"action\": \"pause\"}").statusCode(409).body(jsonPath("error", equalTo("run_not_running")))
                .body(jsonPath("message", containsString("the project has no run")));
        post(id, "{\"action\": \"resume\"}").statusCode(409).body(jsonPath("error", equalTo("run_not_paused")));
        post(id, "{\"action\": \"fly\"}").statusCode(400).body(jsonPath("details[0].path", equalTo("$.action")));
        post(id, "{}").statusCode(400).body(jsonPath("details[0].path", equalTo("$.action")));
        post(id, "{\"action\": \"pause\", \"task_id\": \"x\", \"colour\": 1}").statusCode(400)
                .body(jsonPath("details.path", containsInAnyOrder("$.task_id", "$.colour")));
        post(id, "[1]").statusCode(400);
        post("no-such-project", "{\"action\": \"status\"}").statusCode(404);
        api().when().get("/api/projects/" + id + "/interrupts").then().statusCode(200).body(jsonPath("$", hasSize(0)));
        api().when().get("/api/projects/no-such-project/interrupts").then().statusCode(404);
    }
}
