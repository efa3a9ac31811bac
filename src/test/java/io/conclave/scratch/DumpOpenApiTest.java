package io.conclave.scratch;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DumpOpenApiTest {
    @Test
    void dump() throws Exception {
        String doc = given().accept("application/json").when().get("/q/openapi").then().extract().asString();
        Files.writeString(Path.of("target/openapi-dump.json"), doc);
    }
}
