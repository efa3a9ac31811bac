package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With {@code conclave.projects.allow-unknown-fields=true} (the compatibility switch for files written for other
 * tools) unknown fields are ignored and named as warnings in the answer (and the log); every other problem is still
 * refused.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(DamagedOwnerResourceTest.Seeded.class) // allows unknown fields
public class UnknownFieldsAllowedTest {

    /** The typo'd {@code skills} is ignored: the task needs no skill, so ann (the only agent) is assigned it. */
    @Test
    void unknownFieldsAreIgnoredWithAWarning() {
        String id = uniqueId("lenient");
        api().contentType(ContentType.JSON).body("""
                {"project_id": "%s", "owner": "me",
                 "agents": [{"agent_id": "ann", "skill_levels": {"java": 8}}],
                 "tasks": [{"task_id": "a", "skills": {"java": 5}}]}""".formatted(id))
                .when().post("/api/projects")
                .then().statusCode(201)
                .body(jsonPath("project_id", equalTo(id)))
                .body(jsonPath("warnings.path", contains("$.owner", "$.tasks[0].skills")))
                .body(jsonPath("warnings[1].message",
                        startsWith("unknown field, ignored, did you mean 'required_skills'?")));
        api().when().get("/api/projects/" + id + "/tasks/a").then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("ann")));
    }

    @Test
    void otherProblemsAreStillRefused() {
        api().contentType(ContentType.JSON).body("""
                {"project_id": "%s", "owner": "me", "tasks": [{"task_id": "a", "priority": 9}]}""".formatted(uniqueId("still")))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("details.path", contains("$.tasks[0].priority")));
    }
}
