package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Conflicts and load balancing over REST: a waiting task says which resource it waits for, and who holds it. */
@QuarkusTest
class ConflictResourceTest {

    // Load balanced, two idle agents. deploy (priority 5) and migrate (priority 2) both need "prod_db":
    // deploy is served first and goes to alice (roster order at equal load); migrate waits for prod_db
    // although bob is idle. report (no resource) goes to bob, the least loaded.
    private static String project(String id) {
        return """
                {
                  "project_id": "%s",
                  "title": "conflicts",
                  "coordination": "load_balancing",
                  "agents": [
                    {"agent_id": "alice", "name": "Alice"},
                    {"agent_id": "bob", "name": "Bob"}
                  ],
                  "tasks": [
                    {"task_id": "migrate", "priority": 2, "estimated_hours": 1, "resources": ["prod_db"]},
                    {"task_id": "deploy", "priority": 5, "estimated_hours": 2, "resources": ["prod_db"]},
                    {"task_id": "report", "priority": 3, "estimated_hours": 1}
                  ]
                }
                """.formatted(id);
    }

    @Test
    void aWaitingTaskNamesTheResourceAndItsHolderAndRunsWhenTheHolderEnds() {
        String id = uniqueId("conflict");
        create(project(id), id);
        api().when().get("/api/projects/" + id + "/tasks/migrate")
                .then().statusCode(200)
                .body("status", equalTo("READY"))
                .body("waiting", equalTo(true))
                .body("status_reason", equalTo("waiting for resource prod_db held by task deploy"));
        api().when().get("/api/projects/" + id + "/tasks/deploy").then().body("assignee", equalTo("alice"));
        api().when().get("/api/projects/" + id + "/tasks/report").then().body("assignee", equalTo("bob"));
        api().when().get("/api/projects/" + id + "/decisions?kind=CONFLICT_DETECTED")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].task_id", equalTo("migrate"))
                .body("[0].details.type", equalTo("resource"))
                .body("[0].details.resource", equalTo("prod_db"))
                .body("[0].details.parties", contains("deploy", "migrate"))
                .body("[0].details.winner", equalTo("deploy"));

        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + id + "/tasks/deploy/complete").then().statusCode(200);
        // deploy's 2 h are given back: alice 0 h, bob 1 h (report) -> migrate goes to alice.
        api().when().get("/api/projects/" + id + "/tasks/migrate")
                .then().statusCode(200)
                .body("status", equalTo("ASSIGNED"))
                .body("assignee", equalTo("alice"));
        api().when().get("/api/projects/" + id + "/decisions?kind=CONFLICT_RESOLVED")
                .then().statusCode(200)
                .body("task_id", contains("migrate"))
                .body("[0].details.why", equalTo("deploy is COMPLETED and let go of prod_db"));
    }
}
