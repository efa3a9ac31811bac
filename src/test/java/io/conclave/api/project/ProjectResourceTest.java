package io.conclave.api.project;

import static io.conclave.api.ApiSupport.COMPRESSED;
import static io.conclave.api.ApiSupport.FULL;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.ApiSupport.example;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** POST/GET/DELETE /api/projects and /agents: creation from the shipped files, reads, conflicts, bad input. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ProjectResourceTest {

    private static final List<String> KICKOFF_ATTENDEES = List.of("pm", "cto", "blockchain_dev", "compliance", "security");

    @Test
    void createFromShippedFileAssignsTheKickoffMeetingAndNothingElse() {
        String id = uniqueId("proj");
        api().contentType(ContentType.JSON).body(example(COMPRESSED, id))
                .when().post("/api/projects")
                .then().statusCode(201)
                .header("Location", endsWith("/api/projects/" + id))
                .body(jsonPath("project_id", equalTo(id)));

        // The kickoff is the only task without dependencies and it is a meeting: it is convened at once with
        // all five attendees (no single assignee). Every other task waits on a dependency (PENDING); the
        // wrap-up is listed as a follow-up of security_review, so it is not known until that completes.
        api().when().get("/api/projects/" + id)
                .then().statusCode(200)
                .body(jsonPath("project_id", equalTo(id)))
                .body(jsonPath("title", equalTo("Healthcare Blockchain Pilot (compressed)")))
                .body(jsonPath("policy_version", matchesPattern("[0-9a-f]{12}")))
                .body(jsonPath("tasks.task_id",
                        contains("kickoff_meeting", "architecture_design", "compliance_requirements",
                        "smart_contract_prototype", "security_review", "wrap_up_meeting")))
                .body(jsonPath("tasks.status",
                        contains("ASSIGNED", "PENDING", "PENDING", "PENDING", "PENDING", "PENDING")))
                .body(jsonPath("tasks[0].assignee", nullValue()))
                .body(jsonPath("tasks[0].attendees", equalTo(KICKOFF_ATTENDEES)))
                .body(jsonPath("tasks.find { it.task_id == 'wrap_up_meeting' }.known", equalTo(false)))
                .body(jsonPath("tasks.find { it.task_id == 'architecture_design' }.known", equalTo(true)))
                .body(jsonPath("tasks_by_status.ASSIGNED", equalTo(1)))
                .body(jsonPath("tasks_by_status.PENDING", equalTo(5)))
                // PENDING->READY of the kickoff, then the meeting convened: two decisions
                .body(jsonPath("decisions", equalTo(2)))
                // each attendee holds the one-hour meeting: 1 open task, 1.0 open hours
                .body(jsonPath("agents.agent_id", equalTo(KICKOFF_ATTENDEES)))
                .body(jsonPath("agents.open_tasks", everyItem(equalTo(1))))
                .body(jsonPath("agents.open_hours", everyItem(equalTo(1.0))))
                // no max_open_tasks in the file: the default of 3
                .body(jsonPath("agents.max_open_tasks", everyItem(equalTo(3))));

        api().when().get("/api/projects/" + id + "/agents")
                .then().statusCode(200)
                .body(jsonPath("agent_id", equalTo(KICKOFF_ATTENDEES)))
                .body(jsonPath("find { it.agent_id == 'cto' }.skill_levels.architecture", equalTo(9.0)))
                .body(jsonPath("find { it.agent_id == 'cto' }.open_tasks", equalTo(1)))
                .body(jsonPath("find { it.agent_id == 'cto' }.open_hours", equalTo(1.0)));
    }

    @Test
    void listShowsTheProjectWithItsCounts() {
        String id = createExample(COMPRESSED, "list");
        api().when().get("/api/projects")
                .then().statusCode(200)
                .body(jsonPath("project_id", hasItem(id)))
                .body(jsonPath("find { it.project_id == '" + id + "' }.tasks", equalTo(6)))
                .body(jsonPath("find { it.project_id == '" + id + "' }.tasks_by_status.ASSIGNED", equalTo(1)))
                .body(jsonPath("find { it.project_id == '" + id + "' }.tasks_by_status.PENDING", equalTo(5)))
                .body(jsonPath("find { it.project_id == '" + id + "' }.title",
                        equalTo("Healthcare Blockchain Pilot (compressed)")));
    }

    @Test
    void duplicateIdIsAConflict() {
        String id = createExample(COMPRESSED, "dup");
        api().contentType(ContentType.JSON).body(example(COMPRESSED, id))
                .when().post("/api/projects")
                .then().statusCode(409)
                .body(jsonPath("error", equalTo("project_exists")))
                .body(jsonPath("message", containsString(id)));
    }

    @Test
    void unknownProjectIsNotFound() {
        String id = uniqueId("nobody");
        api().when().get("/api/projects/" + id)
                .then().statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")))
                .body(jsonPath("message", containsString(id)));
        api().when().get("/api/projects/" + id + "/agents").then().statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));
        api().when().delete("/api/projects/" + id).then().statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));
    }

    @Test
    void deleteRemovesTheProject() {
        String id = createExample(COMPRESSED, "del");
        api().when().delete("/api/projects/" + id).then().statusCode(204);
        api().when().get("/api/projects/" + id).then().statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));
        api().when().get("/api/projects").then().statusCode(200).body(jsonPath("project_id", not(hasItem(id))));
        api().when().delete("/api/projects/" + id).then().statusCode(404);
    }

    @Test
    void fileWithAnAcceptedAndIgnoredFieldLoads() {
        // the full example carries "stakeholders", which Conclave does not read: the schema lists it as accepted and
        // ignored (ProjectDefinitions.IGNORED_FIELDS), so the file loads unchanged
        String id = createExample(FULL, "full");
        api().when().get("/api/projects/" + id)
                .then().statusCode(200)
                .body(jsonPath("title", equalTo("Healthcare Blockchain Consent Platform")))
                .body(jsonPath("tasks", hasSize(12)))
                .body(jsonPath("agents", hasSize(6)))
                // data_engineer sets max_open_tasks 2 in the file
                .body(jsonPath("agents.find { it.agent_id == 'data_engineer' }.max_open_tasks", equalTo(2)))
                .body(jsonPath("tasks.find { it.task_id == 'project_kickoff' }.status", equalTo("ASSIGNED")));
    }

    @Test
    void malformedJsonIsRejected() {
        List<String> before = projectIds();
        api().contentType(ContentType.JSON).body("{\"project_id\": \"broken\", \"tasks\": [")
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("malformed_json")))
                .body(jsonPath("details[0].path", equalTo("$")));
        assertEquals(before, projectIds());
    }

    @Test
    void definitionThatIsNotAnObjectIsRejected() {
        api().contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$")))
                .body(jsonPath("details[0].message", containsString("JSON object")));
    }

    @Test
    void wrongTypeIsReportedWithItsPath() {
        String id = uniqueId("wrongtype");
        String body = example(COMPRESSED, id).replaceFirst("\"priority\":5", "\"priority\":\"high\"");
        List<String> before = projectIds();
        api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                // the first task (kickoff) is the first with priority 5
                .body(jsonPath("details.path", contains("$.tasks[0].priority")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
        assertEquals(before, projectIds());
    }

    @Test
    void everyProblemIsListedWithItsPath() {
        String id = uniqueId("many");
        // tasks[1] repeats the id "a"; tasks[2] depends on a task that does not exist and has priority 9;
        // a and b (tasks[0], tasks[3]) depend on each other: a cycle entered at a, i.e. tasks[0].
        String body = """
                {
                  "project_id": "%s",
                  "agents": [{"agent_id": "ann", "skill_levels": {"x": 5}}],
                  "tasks": [
                    {"task_id": "a", "dependencies": ["b"]},
                    {"task_id": "a"},
                    {"task_id": "c", "priority": 9, "dependencies": ["ghost"]},
                    {"task_id": "b", "dependencies": ["a"]}
                  ]
                }
                """.formatted(id);
        List<String> before = projectIds();
        api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details", hasSize(4)))
                .body(jsonPath("details.path", containsInAnyOrder("$.tasks[1].task_id", "$.tasks[2].priority",
                        "$.tasks[2].dependencies[0]", "$.tasks[0].dependencies")))
                .body(jsonPath("details.find { it.path == '$.tasks[1].task_id' }.message",
                        containsString("duplicate task_id 'a'")))
                .body(jsonPath("details.find { it.path == '$.tasks[2].priority' }.message",
                        containsString("between 1 and 5, was 9")))
                .body(jsonPath("details.find { it.path == '$.tasks[2].dependencies[0]' }.message",
                        containsString("unknown task id 'ghost'")))
                .body(jsonPath("details.find { it.path == '$.tasks[0].dependencies' }.message",
                        containsString("a -> b -> a")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
        assertEquals(before, projectIds());
    }

    @Test
    void unsafeProjectIdsAreRejected() {
        List<String> before = projectIds();
        for (String unsafe : List.of("../evil", "a/b", ".hidden", "")) {
            api().contentType(ContentType.JSON).body(example(COMPRESSED, unsafe))
                    .when().post("/api/projects")
                    .then().statusCode(400)
                    .body(jsonPath("error", equalTo("invalid_request")))
                    .body(jsonPath("details.path", contains("$.project_id")));
        }
        assertEquals(before, projectIds());
    }

    private static List<String> projectIds() {
        return api().when().get("/api/projects").then().statusCode(200).extract().jsonPath().getList("project_id");
    }

    /**
     * The graph's critical path of the compressed example, worked out by hand from its file: kickoff_meeting (1 h) ->
     * architecture_design (2) -> smart_contract_prototype (3) -> security_review (1.5) -> wrap_up_meeting (1) adds up
     * to 8.5 h; the other chain into security_review, through compliance_requirements (1.5), to 5 h.
     */
    @Test
    void theGraphNamesTheCriticalPath() {
        String id = uniqueId("critical");
        api().contentType(ContentType.JSON).body(example(COMPRESSED, id)).when().post("/api/projects").then().statusCode(201);
        api().when().get("/api/projects/" + id + "/graph").then().statusCode(200)
                .body(jsonPath("critical_path",
                        contains("kickoff_meeting", "architecture_design", "smart_contract_prototype",
                        "security_review", "wrap_up_meeting")))
                .body(jsonPath("critical_hours", equalTo(8.5)))
                .body(jsonPath("nodes.find { it.task_id == 'compliance_requirements' }.estimated_hours", equalTo(1.5)));
    }

    /**
     * The history of the compressed example after pm completes the kickoff meeting, worked out from its file: the
     * creation (by the admin) makes kickoff_meeting ready and convenes it with its five attendees; pm's completion
     * makes both of its dependants ready and assigns them (architecture_design to cto, compliance_requirements to
     * compliance), and each attendee learns from it. The filters keep the entries with a matching decision.
     */
    @Test
    void theHistoryListsEachCommandWithTheDecisionsItCaused() {
        String id = uniqueId("history");
        api().contentType(ContentType.JSON).body(example(COMPRESSED, id)).when().post("/api/projects").then().statusCode(201);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                .when().post("/api/projects/" + id + "/tasks/kickoff_meeting/complete").then().statusCode(200);
        String history = "/api/projects/" + id + "/history";
        api().when().get(history).then().statusCode(200)
                .body(jsonPath("seq", contains(1, 2)))
                .body(jsonPath("type", contains("create", "task_event")))
                .body(jsonPath("actor", contains("admin", "pm")))
                .body(jsonPath("[0].decisions.kind", contains("STATUS_CHANGED", "MEETING_CONVENED")));
        // every decision under the entry that caused it, as the ledger says
        List<Integer> ledger = api().when().get("/api/projects/" + id + "/decisions").then().extract().path("seq");
        List<Integer> listed = api().when().get(history).then().extract().path("decisions.seq.flatten()");
        assertEquals(ledger, listed);
        api().when().get(history + "?kind=assigned").then().statusCode(200)
                .body(jsonPath("seq", contains(2)))
                .body(jsonPath("[0].decisions.task_id", contains("architecture_design", "compliance_requirements")))
                .body("[0].decisions.agent_ids.flatten()", contains("cto", "compliance"));
        api().when().get(history + "?rule=LEARNS").then().statusCode(200)
                .body(jsonPath("seq", contains(2)))
                .body("[0].decisions.agent_ids.flatten()", contains("pm", "cto", "blockchain_dev", "compliance", "security"));
        api().when().get(history + "?agent_id=cto").then().statusCode(200).body(jsonPath("seq", contains(1, 2)));
        api().when().get(history + "?after=1").then().statusCode(200).body(jsonPath("seq", contains(2)));
        api().when().get("/api/projects/no-such-" + id + "/history").then().statusCode(404);
    }
}
