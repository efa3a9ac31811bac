package io.conclave.api.project;

import static io.conclave.api.ApiSupport.COMPRESSED;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** /api/projects/{id}/tasks: agents reporting start/complete/fail, refusals, and explain. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class TaskResourceTest {

    @Test
    void startAndCompleteDriveTheWorkflow() {
        String id = createExample(COMPRESSED, "flow");

        report(id, "kickoff_meeting", "start", "pm").statusCode(200)
                .body(jsonPath("task_id", equalTo("kickoff_meeting")))
                .body(jsonPath("status", equalTo("IN_PROGRESS")))
                .body(jsonPath("status_reason", equalTo("started by pm")));
        // any attendee of a meeting may report on it, not only the one who started it
        report(id, "kickoff_meeting", "complete", "security").statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("status_reason", equalTo("completed by security")));

        // With the kickoff done, architecture_design (needs architecture 7, blockchain 6) and
        // compliance_requirements (hipaa_compliance 7, healthcare_domain 6) become READY. Only cto has
        // architecture >= 7 together with blockchain >= 6 (security has architecture 6, no blockchain);
        // only compliance has hipaa_compliance at all. Everything else still waits on a dependency.
        api().when().get("/api/projects/" + id + "/tasks?status=ASSIGNED")
                .then().statusCode(200)
                .body(jsonPath("task_id", contains("architecture_design", "compliance_requirements")))
                .body(jsonPath("assignee", contains("cto", "compliance")));
        api().when().get("/api/projects/" + id + "/tasks")
                .then().statusCode(200)
                .body(jsonPath("status",
                        contains("COMPLETED", "ASSIGNED", "ASSIGNED", "PENDING", "PENDING", "PENDING")));
        // the meeting's hour was given back to all five; cto now holds 2 h, compliance 1.5 h
        api().when().get("/api/projects/" + id + "/agents")
                .then().statusCode(200)
                .body(jsonPath("open_tasks", contains(0, 1, 0, 1, 0)))
                .body(jsonPath("open_hours", contains(0.0, 2.0, 0.0, 1.5, 0.0)));

        report(id, "architecture_design", "start", "cto").statusCode(200)
                .body(jsonPath("status", equalTo("IN_PROGRESS")));
        report(id, "architecture_design", "complete", "cto").statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")));
        // smart_contract_prototype (smart_contracts 7, blockchain 7): only blockchain_dev has smart contracts
        api().when().get("/api/projects/" + id + "/tasks/smart_contract_prototype")
                .then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("blockchain_dev")));
    }

    @Test
    void failingATaskBlocksItsDependents() {
        String id = createExample(COMPRESSED, "fail");
        report(id, "kickoff_meeting", "complete", "pm").statusCode(200);
        // complete straight from ASSIGNED is allowed; fail from ASSIGNED as well
        report(id, "compliance_requirements", "fail", "compliance").statusCode(200)
                .body(jsonPath("status", equalTo("FAILED")));
        // security_review depends on compliance_requirements, which can no longer complete
        api().when().get("/api/projects/" + id + "/tasks/security_review")
                .then().statusCode(200)
                .body(jsonPath("status", equalTo("BLOCKED")))
                .body(jsonPath("status_reason", equalTo("dependency compliance_requirements is FAILED")));
    }

    @Test
    void wrongAgentIsAConflict() {
        String id = createExample(COMPRESSED, "wrongagent");
        report(id, "kickoff_meeting", "complete", "pm").statusCode(200);
        report(id, "architecture_design", "start", "security").statusCode(409)
                .body(jsonPath("error", equalTo("not_your_task")))
                .body(jsonPath("message", containsString("held by cto, not by security")));
        // nothing changed
        api().when().get("/api/projects/" + id + "/tasks/architecture_design")
                .then().body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("cto")));
    }

    @Test
    void wrongStatusIsAConflict() {
        String id = createExample(COMPRESSED, "wrongstatus");
        // smart_contract_prototype is PENDING (its dependency is not done): it cannot start
        report(id, "smart_contract_prototype", "start", "blockchain_dev").statusCode(409)
                .body(jsonPath("error", equalTo("wrong_status")))
                .body(jsonPath("message", containsString("is PENDING")));
        // a meeting in progress cannot be started again; a completed one cannot be completed again
        report(id, "kickoff_meeting", "start", "pm").statusCode(200);
        report(id, "kickoff_meeting", "start", "cto").statusCode(409)
                .body(jsonPath("error", equalTo("wrong_status")))
                .body(jsonPath("message", containsString("is IN_PROGRESS")));
        report(id, "kickoff_meeting", "complete", "cto").statusCode(200);
        report(id, "kickoff_meeting", "complete", "cto").statusCode(409)
                .body(jsonPath("error", equalTo("wrong_status")))
                .body(jsonPath("message", containsString("is COMPLETED")));
    }

    @Test
    void unknownTaskOrProjectIsNotFound() {
        String id = createExample(COMPRESSED, "unknowntask");
        report(id, "no_such_task", "start", "pm").statusCode(404)
                .body(jsonPath("error", equalTo("task_not_found")))
                .body(jsonPath("message", containsString("no_such_task")));
        api().when().get("/api/projects/" + id + "/tasks/no_such_task")
                .then().statusCode(404).body(jsonPath("error", equalTo("task_not_found")));
        api().when().get("/api/projects/" + id + "/tasks/no_such_task/explain")
                .then().statusCode(404).body(jsonPath("error", equalTo("task_not_found")));
        report("no-such-project-xyz", "kickoff_meeting", "start", "pm").statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));
    }

    @Test
    void anUnknownAgentIsRefusedAtTheProjectsDoor() {
        String id = createExample(COMPRESSED, "unknownagent");
        // ghost's own token: no agent of the project, refused at its door before the report is read
        report(id, "kickoff_meeting", "start", "ghost").statusCode(403)
                .body(jsonPath("error", equalTo("not_a_member")))
                .body(jsonPath("message", containsString("ghost")));
        // an operator's token naming ghost reaches the project, and the report is what is wrong: ghost is unknown
        api().header("X-Conclave-Actor", "ops").contentType(ContentType.JSON).body("{\"agent_id\": \"ghost\"}")
                .post("/api/projects/" + id + "/tasks/kickoff_meeting/start").then().statusCode(403)
                .body(jsonPath("error", equalTo("not_an_agent")));
        report(id, "kickoff_meeting", "start", "../pm").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$.agent_id")));
        api().when().get("/api/projects/" + id + "/tasks/kickoff_meeting").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
    }

    @Test
    void missingAgentIsBadInput() {
        String id = createExample(COMPRESSED, "noagent");
        String url = "/api/projects/" + id + "/tasks/kickoff_meeting/start";
        api().contentType(ContentType.JSON).body("{}")
                .when().post(url)
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$.agent_id")))
                .body(jsonPath("details[0].message", equalTo("is required")));
        // no body at all: the request is missing as a whole
        api().contentType(ContentType.JSON)
                .when().post(url)
                .then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$")))
                .body(jsonPath("details[0].message", equalTo("the request body must be a JSON object")));
        api().contentType(ContentType.JSON).body("{\"agent_id\": 12")
                .when().post(url)
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("malformed_json")));
        // well-formed JSON of the wrong shape: an object where the agent id goes
        api().contentType(ContentType.JSON).body("{\"agent_id\": {\"id\": \"pm\"}}")
                .when().post(url)
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$.agent_id")))
                .body(jsonPath("details[0].message", equalTo("must be a string")));
        api().when().get("/api/projects/" + id + "/tasks/kickoff_meeting").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
    }

    @Test
    void explainSaysWhatAPendingTaskWaitsFor() {
        String id = createExample(COMPRESSED, "waitingfor");
        // Right after loading, security_review depends on smart_contract_prototype and
        // compliance_requirements, both PENDING; nothing has placed it yet.
        api().when().get("/api/projects/" + id + "/tasks/security_review/explain")
                .then().statusCode(200)
                .body(jsonPath("task.status", equalTo("PENDING")))
                .body(jsonPath("waiting_for.task_id", contains("smart_contract_prototype", "compliance_requirements")))
                .body(jsonPath("waiting_for.status", contains("PENDING", "PENDING")))
                .body(jsonPath("waiting_for.relation", contains("dependency", "dependency")))
                .body(jsonPath("placement", org.hamcrest.Matchers.nullValue()));
        // wrap_up_meeting is a follow-up of security_review (not known yet) and also depends on it.
        api().when().get("/api/projects/" + id + "/tasks/wrap_up_meeting/explain")
                .then().statusCode(200)
                .body(jsonPath("task.known", equalTo(false)))
                .body(jsonPath("waiting_for.task_id", contains("security_review", "security_review")))
                .body(jsonPath("waiting_for.relation", contains("dependency", "follow-up of")));
        // the kickoff waits for nothing
        api().when().get("/api/projects/" + id + "/tasks/kickoff_meeting/explain")
                .then().statusCode(200)
                .body(jsonPath("waiting_for", empty()));
    }

    @Test
    void explainShowsThePlacingDecision() {
        String id = createExample(COMPRESSED, "explain");
        String active = api().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
        report(id, "kickoff_meeting", "complete", "pm").statusCode(200);

        // cto: architecture 9 x 7 + blockchain 7 x 6 = 105, plus 0.1 x design preference 9 = 105.9, no open
        // hours (the kickoff was released first). Nobody else qualifies, so there are no runners-up; the four
        // others are rejected, listed in roster (file) order: security has architecture 6 < 7 and no
        // blockchain, the rest lack both or architecture.
        api().when().get("/api/projects/" + id + "/tasks/architecture_design/explain")
                .then().statusCode(200)
                .body(jsonPath("policy_version", equalTo(active)))
                .body(jsonPath("task.status", equalTo("ASSIGNED")))
                .body(jsonPath("task.assignee", equalTo("cto")))
                .body(jsonPath("placement.kind", equalTo("ASSIGNED")))
                .body(jsonPath("placement.rule", equalTo("Assign served task to best-scoring eligible agent")))
                .body(jsonPath("placement.policy_version", equalTo(active)))
                .body(jsonPath("placement.agent_ids", contains("cto")))
                .body(jsonPath("placement.score", equalTo(105.9)))
                .body(jsonPath("placement.from_status", equalTo("READY")))
                .body(jsonPath("placement.to_status", equalTo("ASSIGNED")))
                .body(jsonPath("placement.reason", equalTo("highest score 105.9 among 1 eligible agent(s)")))
                .body(jsonPath("placement.runners_up", empty()))
                .body(jsonPath("placement.rejected_total", equalTo(4)))
                .body(jsonPath("placement.rejected.agent_id",
                        contains("pm", "blockchain_dev", "compliance", "security")))
                .body(jsonPath("placement.rejected.find { it.agent_id == 'security' }.reason",
                        equalTo("lacks architecture (has 6.0, needs 7.0), blockchain (has 0.0, needs 6.0)")))
                .body(jsonPath("placement.rejected.find { it.agent_id == 'blockchain_dev' }.reason",
                        equalTo("lacks architecture (has 0.0, needs 7.0)")))
                // its history: made READY by the kickoff's completion, then assigned
                .body(jsonPath("history.kind", contains("STATUS_CHANGED", "ASSIGNED")))
                .body(jsonPath("history[0].to_status", equalTo("READY")));

        // compliance: hipaa 9 x 7 + healthcare 8 x 6 = 111, plus 0.1 x review preference 8 = 111.8
        api().when().get("/api/projects/" + id + "/tasks/compliance_requirements/explain")
                .then().statusCode(200)
                .body(jsonPath("placement.agent_ids", contains("compliance")))
                .body(jsonPath("placement.score", equalTo(111.8)))
                .body(jsonPath("placement.rejected.find { it.agent_id == 'pm' }.reason",
                        equalTo("lacks hipaa_compliance (has 0.0, needs 7.0)")));

        // the kickoff was placed by the meeting rule, with all five attendees
        api().when().get("/api/projects/" + id + "/tasks/kickoff_meeting/explain")
                .then().statusCode(200)
                .body(jsonPath("placement.kind", equalTo("MEETING_CONVENED")))
                .body(jsonPath("placement.rule",
                        equalTo("Convene a meeting task when all its attendees have capacity")))
                .body(jsonPath("placement.agent_ids", hasSize(5)))
                .body(jsonPath("placement.reason", startsWith("meeting with all 5 attendees")));

        // a task nobody has placed yet has no placement, only its definition
        api().when().get("/api/projects/" + id + "/tasks/security_review/explain")
                .then().statusCode(200)
                .body(jsonPath("task.status", equalTo("PENDING")))
                .body(jsonPath("placement", equalTo(null)))
                .body(jsonPath("history", empty()));
    }

    private static ValidatableResponse report(String projectId, String taskId, String what, String agentId) {
        return api().contentType(ContentType.JSON).body("{\"agent_id\": \"" + agentId + "\"}")
                .when().post("/api/projects/" + projectId + "/tasks/" + taskId + "/" + what)
                .then();
    }
}
