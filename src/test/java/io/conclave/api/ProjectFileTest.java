package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.app.ProjectSchemaCheck;
import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A project file is read strictly: a field the format does not have is refused with the field it was probably
 * meant to be, together with every other problem; enumerated fields take only their values; the file's
 * {@code $schema} is accepted, and the schema itself is served to anyone.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ProjectFileTest {

    /**
     * The typos a new user makes: {@code skills} for {@code required_skills} (contained in it) and {@code prority}
     * for {@code priority} (one letter off), reported first and each with its suggestion, then the validator's
     * problem of the third task (priority 9). Nothing is created.
     */
    @Test
    void typosAreRefusedWithTheFieldMeantAndEveryOtherProblem() {
        String id = uniqueId("typos");
        String body = """
                {"project_id": "%s",
                 "agents": [{"agent_id": "ann", "skill_levels": {"java": 8}}],
                 "tasks": [{"task_id": "a", "skills": {"java": 5}},
                           {"task_id": "b", "prority": 4},
                           {"task_id": "c", "priority": 9}]}""".formatted(id);
        api().contentType(ContentType.JSON).body(body).when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details.path",
                        contains("$.tasks[0].skills", "$.tasks[1].prority", "$.tasks[2].priority")))
                .body(jsonPath("details[0].message", startsWith("unknown field, did you mean 'required_skills'?")))
                .body(jsonPath("details[1].message", startsWith("unknown field, did you mean 'priority'?")))
                .body(jsonPath("details[2].message", equalTo("must be between 1 and 5, was 9")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
    }

    /** An unknown execution mode used to run as fully_automated; now it is refused with the modes there are. */
    @Test
    void anUnknownExecutionModeIsRefused() {
        api().contentType(ContentType.JSON)
                .body("{\"project_id\": \"%s\", \"execution_mode\": \"bogus\"}".formatted(uniqueId("mode")))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("details.path", contains("$.execution_mode")))
                .body(jsonPath("details[0].message",
                        equalTo("unknown mode 'bogus': use one of [fully_automated, incremental, "
                        + "simulation]")));
    }

    /** Inside inline subtasks and the oversight block too, although the project record keeps both as JSON. */
    @Test
    void unknownFieldsAreFoundInSubtasksAndTheOversightBlock() {
        api().contentType(ContentType.JSON).body("""
                {"project_id": "%s",
                 "tasks": [{"task_id": "p", "subtasks": [{"task_id": "p1", "estimated_hour": 2}]}],
                 "ceo_oversight": {"enabled": true, "review_frequncy": "daily"}}""".formatted(uniqueId("nested")))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("details.path",
                        contains("$.tasks[0].subtasks[0].estimated_hour", "$.ceo_oversight.review_frequncy")))
                .body(jsonPath("details[0].message", startsWith("unknown field, did you mean 'estimated_hours'?")))
                .body(jsonPath("details[1].message", startsWith("unknown field, did you mean 'review_frequency'?")));
    }

    /** The schema a file names is for its editor: accepted and ignored. */
    @Test
    void theSchemaKeyIsAccepted() {
        String id = uniqueId("schema-key");
        api().contentType(ContentType.JSON)
                .body("{\"$schema\": \"http://localhost/api/schemas/project.json\", \"project_id\": \"%s\"}".formatted(id))
                .when().post("/api/projects")
                .then().statusCode(201).body(jsonPath("project_id", equalTo(id)))
                .body(jsonPath("$", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("warnings"))));
    }

    /** The schema is public (an editor fetches it without a token) and is the copy kept in docs/. */
    @Test
    void theSchemaIsServedToAnyone() throws Exception {
        String served = api().header(TestTokens.ANONYMOUS, "yes").when().get("/api/schemas/project.json")
                .then().statusCode(200).contentType(containsString("application/schema+json"))
                .extract().asString();
        assertEquals(Json.MAPPER.readTree(Files.readString(ProjectSchemaCheck.DOCS_COPY)), Json.MAPPER.readTree(served));
    }
}
