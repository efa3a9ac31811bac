package io.conclave.api;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Who may call: tokens, roles, and an agent acting only as itself. */
@QuarkusTest
class SecurityTest {

    @Test
    void aCallWithoutATokenIs401AndWithTheAdminTokenIsAnswered() {
        RestAssured.given().header("Authorization", "none").when().get("/api/projects").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        RestAssured.given().header("Authorization", "Bearer " + TestTokens.ADMIN).when().get("/api/projects").then()
                .statusCode(200);
    }
}
