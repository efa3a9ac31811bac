package io.conclave.cli;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The JSON report of {@code conclave run --json} is the same bytes as the REST report of the same run.
 * They once differed in key order: Quarkus REST generated its own serializers for the resources' return
 * types at build time, which wrote record components alphabetically, while Jackson (the CLI, the journal)
 * writes them in declaration order. With those generated serializers off, one serializer writes both:
 * Jackson configured by {@code io.conclave.model.Json}.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class CliRestParityTest {
    private static final String FILE = "projects/healthcare_blockchain_compressed.json";
    private static final String ID = "healthcare_blockchain_compressed";

    @Test
    void theCliJsonReportIsTheRestReportByteForByte() throws Exception {
        given().delete("/api/projects/" + ID); // 204, or 404 when this app never loaded it
        given().contentType("application/json").body(Files.readString(Path.of(FILE)))
                .post("/api/projects").then().statusCode(201);
        given().contentType("application/json").body("{\"seed\": 1, \"timeline\": \"continuous\"}")
                .post("/api/projects/" + ID + "/run").then().statusCode(202);
        String rest = given().get("/api/projects/" + ID + "/runs/run-1/report?wait_seconds=60")
                .then().statusCode(200).extract().asString();

        CliTest.Result cli = CliTest.cli("--seed", "1", "--timeline", "continuous", "--json", FILE);
        assertEquals(0, cli.code(), cli.err());
        assertEquals(rest + "\n", cli.out());
        given().delete("/api/projects/" + ID).then().statusCode(204);
    }
}
