package io.conclave.app;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;

/** /q/health/ready is UP with the active policy version once the shipped rules compiled. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class HealthTest {

    @Test
    void readyWithTheActivePolicy() {
        String active = given().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body(jsonPath("status", equalTo("UP")))
                .body(jsonPath("checks.name", hasItem("policy")))
                .body(jsonPath("checks.find { it.name == 'policy' }.data.active_version", equalTo(active)))
                .body(jsonPath("checks.find { it.name == 'policy' }.data.active_version",
                        matchesPattern("[0-9a-f]{12}")));
    }
}
