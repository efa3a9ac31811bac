package io.conclave.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document describes the API as it really answers: every resource, snake_case fields. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsEveryResourceWithSnakeCaseProperties() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/projects"))
                .body("paths", hasKey("/api/projects/{projectId}/tasks/{taskId}/explain"))
                .body("paths", hasKey("/api/projects/{projectId}/decisions"))
                .body("paths", hasKey("/api/rules/validate"))
                // TaskView is written as task_id, status_reason... (Json.MAPPER is snake_case)
                .body("components.schemas.TaskView.properties", hasKey("task_id"))
                .body("components.schemas.TaskView.properties", hasKey("status_reason"))
                .body("components.schemas.TaskView.properties", not(hasKey("taskId")));
    }
}
