package io.conclave.api.roster;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.conclave.api.ProjectJson;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * /api/roster/agents: an agent registered once in the organisation's roster serves several projects, its open work
 * counted across them by each project's assignment rules (the orchestrator guide's "multi-project orchestration:
 * manage agent allocation across projects"). The roster agent here can hold 2 open tasks in all; project one has
 * two tasks and project two one task, all needing skill x that only the roster agent has.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class RosterResourceTest {

    private static String project(String id, String... tasks) {
        ProjectJson p = ProjectJson.project(id).title("a project of the organisation")
                .agent(agent("local").skill("y", 5));
        for (String t : tasks) {
            p.task(task(t).needs("x", 1).hours(2));
        }
        return p.create();
    }

    private static ValidatableResponse put(String agent, String body) {
        return api().contentType(ContentType.JSON).body(body).when().put("/api/roster/agents/" + agent).then();
    }

    private static ValidatableResponse join(String agent, String project) {
        return api().when().post("/api/roster/agents/" + agent + "/projects/" + project).then();
    }

    /**
     * Worked out by hand. ro joins one: o1 and o2 go to ro (2 of 2). ro joins two: two is first told ro's 2 open
     * tasks (4 h) in one, journaled there, then ro is registered: counted 2 of 2, t1 waits. ro completes o1 in one:
     * 1 task (2 h) left there; the roster reads it and tells two (1 elsewhere), where ro's freed place goes to t1.
     * Now ro holds o2 in one and t1 in two: each project counts the other's task, 2 of 2 in both.
     */
    @Test
    void anAgentRegisteredOnceServesTwoProjectsAndItsWorkIsCountedAcrossThem() {
        String agent = uniqueId("ro");
        String one = project(uniqueId("roster-one"), "o1", "o2");
        String two = project(uniqueId("roster-two"), "t1");
        put(agent, """
                { "name": "Roster agent", "skill_levels": { "x": 5 }, "max_open_tasks": 2 }""").statusCode(200)
                .body(jsonPath("agent_id", equalTo(agent))).body(jsonPath("max_open_tasks", equalTo(2)))
                .body(jsonPath("open_tasks", equalTo(0)));
        join(agent, one).statusCode(200).body(jsonPath("projects.project_id", contains(one)));
        api().get("/api/projects/" + one).then().body(jsonPath("tasks.assignee", contains(agent, agent)));
        join(agent, two).statusCode(200);
        api().get("/api/projects/" + two + "/tasks/t1").then().body(jsonPath("status", equalTo("READY")))
                .body(jsonPath("waiting", equalTo(true)));
        api().get("/api/projects/" + two + "/decisions?kind=WORK_ELSEWHERE").then().statusCode(200)
                .body(jsonPath("reason[0]", equalTo(agent + " has 2 open task(s), 4.0 h in its other projects {" + one
                        + "=2 task(s), 4.0 h}: counted here, open 2/2 task(s), 4.0 h")));
        api().get("/api/projects/" + two + "/history").then().statusCode(200)
                .body(jsonPath("type", org.hamcrest.Matchers.hasItem("work_elsewhere")));

        api().contentType(ContentType.JSON).body("{ \"agent_id\": \"" + agent + "\" }")
                .when().post("/api/projects/" + one + "/tasks/o1/complete").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                api().get("/api/projects/" + two + "/tasks/t1").then().body(jsonPath("status", equalTo("ASSIGNED")))
                        .body(jsonPath("assignee", equalTo(agent))));
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                api().get("/api/roster/agents/" + agent).then().statusCode(200)
                        .body(jsonPath("open_tasks", equalTo(2)))
                        .body(jsonPath("projects.project_id", contains(one, two)))
                        .body(jsonPath("projects.open_tasks", contains(1, 1)))
                        .body(jsonPath("projects.counted_elsewhere", contains(1, 1))));
    }

    @Test
    void badDefinitionsAndUnknownsAreRefused() {
        put(uniqueId("ro-bad"), """
                { "skill_levels": { "x": 11 }, "max_open_tasks": 0, "manager": "boss" }""").statusCode(400)
                .body(jsonPath("details.path",
                        org.hamcrest.Matchers.hasItems("$.skill_levels.x", "$.max_open_tasks", "$.manager")));
        api().get("/api/roster/agents/nobody-here").then().statusCode(404)
                .body(jsonPath("error", equalTo("roster_agent_not_found")));
        join("nobody-here", "any").statusCode(404);
        String one = project(uniqueId("roster-taken"), "o1");
        put("local", """
                { "skill_levels": { "x": 5 } }""").statusCode(200);
        join("local", one).statusCode(409).body(jsonPath("error", equalTo("agent_exists")))
                .body(jsonPath("message", containsString("has an agent 'local' of its own")));
    }
}
