package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Learning over REST: learned levels in GET /agents and the ledger, and a bad skill_development_rate refused. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class LearningResourceTest {

    /** The project with {@code skill_development_rate} set to {@code rate}, given as JSON text. */
    private static String project(String id, String rate) {
        return ProjectJson.project(id).title("learning").setJson("skill_development_rate", rate)
                .agent(agent("ann").name("Ann").skill("java", 7).skill("sql", 4).prefers("backend", 3),
                        agent("ben").name("Ben").skill("java", 5))
                .task(task("api").description("build the API").type("backend").needs("java", 6).needs("sql", 2))
                .json();
    }

    @Test
    void agentsShowTheLevelsLearnedFromACompletedTask() {
        // Only ann has java >= 6 and sql >= 2, so she gets "api". At rate 3 completing it raises java
        // 7 -> 7.3 and sql 4 -> 4.3 (0.1 x 3 each), and her preference for "backend" 3 -> 3.1. Ben did nothing.
        String id = uniqueId("learn");
        create(project(id, "3"), id);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .post("/api/projects/" + id + "/tasks/api/complete").then().statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")));

        api().when().get("/api/projects/" + id + "/agents")
                .then().statusCode(200)
                .body(jsonPath("agent_id", contains("ann", "ben")))
                .body(jsonPath("[0].skill_levels.java", equalTo(7.3)))
                .body(jsonPath("[0].skill_levels.sql", equalTo(4.3)))
                .body(jsonPath("[0].preferences.backend", equalTo(3.1)))
                .body(jsonPath("[1].skill_levels.java", equalTo(5.0)));

        api().when().get("/api/projects/" + id + "/decisions?kind=LEARNED")
                .then().statusCode(200)
                .body(jsonPath("", hasSize(1)))
                .body(jsonPath("[0].rule", equalTo("Agent learns from a task it completed")))
                .body(jsonPath("[0].task_id", equalTo("api")))
                .body(jsonPath("[0].agent_ids", contains("ann")))
                .body(jsonPath("[0].details.agent", equalTo("ann")))
                .body(jsonPath("[0].details.skills.java", contains(7.0, 7.3)))
                .body(jsonPath("[0].details.skills.sql", contains(4.0, 4.3)))
                .body(jsonPath("[0].details.preference.task_type", equalTo("backend")))
                .body(jsonPath("[0].details.preference.before", equalTo(3.0)))
                .body(jsonPath("[0].details.preference.after", equalTo(3.1)));
    }

    @Test
    void aRateOutOfRangeIsRefusedWithItsPath() {
        String id = uniqueId("learnbad");
        api().contentType(ContentType.JSON).body(project(id, "11"))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details.path", contains("$.skill_development_rate")))
                .body(jsonPath("details[0].message", equalTo("must be between 0 and 10, was 11.0")));
        api().contentType(ContentType.JSON).body(project(id, "-0.5"))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("details.path", contains("$.skill_development_rate")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
    }

    @Test
    void aRateThatIsNotANumberIsRefusedWithItsPath() {
        String id = uniqueId("learnbad");
        api().contentType(ContentType.JSON).body(project(id, "\"fast\""))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("details.path", contains("$.skill_development_rate")))
                .body(jsonPath("details[0].message", equalTo("must be a number")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
    }
}
