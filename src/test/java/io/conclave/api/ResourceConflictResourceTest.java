package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.runToStop;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Conflicts and load balancing over REST: a waiting task says which resource it waits for, and who holds it. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ResourceConflictResourceTest {

    // Load balanced, two idle agents. deploy (priority 5) and migrate (priority 2) both need "prod_db":
    // deploy is served first and goes to alice (roster order at equal load); migrate waits for prod_db
    // although bob is idle. report (no resource) goes to bob, the least loaded.
    private static String project(String id) {
        return ProjectJson.project(id).title("conflicts").coordination("load_balancing")
                .agent(agent("alice").name("Alice"), agent("bob").name("Bob"))
                .task(task("migrate").priority(2).hours(1).resources("prod_db"),
                        task("deploy").priority(5).hours(2).resources("prod_db"),
                        task("report").priority(3).hours(1))
                .json();
    }

    @Test
    void aWaitingTaskNamesTheResourceAndItsHolderAndRunsWhenTheHolderEnds() {
        String id = uniqueId("conflict");
        create(project(id), id);
        api().when().get("/api/projects/" + id + "/tasks/migrate")
                .then().statusCode(200)
                .body(jsonPath("status", equalTo("READY")))
                .body(jsonPath("waiting", equalTo(true)))
                .body(jsonPath("status_reason", equalTo("waiting for resource prod_db held by task deploy")));
        api().when().get("/api/projects/" + id + "/tasks/deploy").then().body(jsonPath("assignee", equalTo("alice")));
        api().when().get("/api/projects/" + id + "/tasks/report").then().body(jsonPath("assignee", equalTo("bob")));
        api().when().get("/api/projects/" + id + "/decisions?kind=CONFLICT_DETECTED")
                .then().statusCode(200)
                .body(jsonPath("$", hasSize(1)))
                .body(jsonPath("[0].task_id", equalTo("migrate")))
                .body(jsonPath("[0].details.type", equalTo("resource")))
                .body(jsonPath("[0].details.resource", equalTo("prod_db")))
                .body(jsonPath("[0].details.parties", contains("deploy", "migrate")))
                .body(jsonPath("[0].details.winner", equalTo("deploy")));

        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + id + "/tasks/deploy/complete").then().statusCode(200);
        // deploy's 2 h are given back: alice 0 h, bob 1 h (report) -> migrate goes to alice.
        api().when().get("/api/projects/" + id + "/tasks/migrate")
                .then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("alice")));
        api().when().get("/api/projects/" + id + "/decisions?kind=CONFLICT_RESOLVED")
                .then().statusCode(200)
                .body(jsonPath("task_id", contains("migrate")))
                .body(jsonPath("[0].details.why", equalTo("deploy is COMPLETED and let go of prod_db")));
        // the conflict listing joins the detection and the resolution into one resolved resource conflict
        api().when().get("/api/projects/" + id + "/conflicts")
                .then().statusCode(200)
                .body(jsonPath("$", hasSize(1)))
                .body(jsonPath("[0].conflict_id", equalTo("resource.prod_db.deploy.migrate")))
                .body(jsonPath("[0].type", equalTo("resource")))
                .body(jsonPath("[0].status", equalTo("resolved")))
                .body(jsonPath("[0].winner", equalTo("deploy")))
                .body(jsonPath("[0].decisions.kind", contains("CONFLICT_DETECTED", "CONFLICT_RESOLVED")));
    }

    @Test
    void aTimeSlicedRunGivesEqualTasksWindowsInTurn() {
        // One agent, three 2 h tasks of priority 3, slices of 1 h: windows a, b, c, a, b, c from 08:00, so
        // the tasks start at 08:00, 09:00, 10:00 and end at 12:00, 13:00, 14:00 (see TimeSlicingTest).
        String id = uniqueId("slices");
        create(ProjectJson.project(id).title("slices").set("time_slice_hours", 1).startDate("2024-03-04T08:00:00")
                .agent(agent("solo").name("Solo"))
                .task(task("a").hours(2), task("b").hours(2), task("c").hours(2))
                .json(), id);
        runToStop(id, "{}")
                .body(jsonPath("task_summary.completed_tasks", equalTo(3)))
                .body(jsonPath("tasks.simulated_start",
                        contains("2024-03-04T08:00", "2024-03-04T09:00", "2024-03-04T10:00")))
                .body(jsonPath("tasks.simulated_end",
                        contains("2024-03-04T12:00", "2024-03-04T13:00", "2024-03-04T14:00")));
        api().when().get("/api/projects/" + id + "/decisions?kind=CONFLICT_DETECTED")
                .then().statusCode(200)
                .body(jsonPath("details.type", contains("priority")))
                .body(jsonPath("[0].details.parties", contains("a", "b", "c")));
    }
}
