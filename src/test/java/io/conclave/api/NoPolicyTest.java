package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A service started on an empty rules folder with no archived policy has nothing to decide with: it
 * says so (GET /api/rules, readiness DOWN) and refuses commands with 503 instead of guessing.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(NoPolicyTest.EmptyRules.class)
public class NoPolicyTest {

    /**
     * An empty rules folder and a fresh data folder (so no archived version to fall back to); and a compile limit of a
     * millisecond, for {@link CompileTimeLimitTest}: nothing else compiles here.
     */
    public static class EmptyRules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ApiSupport.profile(Map.of(
                    "conclave.rules-dir", ApiSupport.freshFolder("empty-rules").toString(),
                    "conclave.data-dir", ApiSupport.freshFolder("empty-rules-data").toString(),
                    "conclave.watch-rules", "false",
                    "conclave.rules.compile-timeout", "PT0.001S"));
        }
    }

    @Test
    void reportsTheMissingPolicyAndRefusesCommands() {
        api().when().get("/api/rules")
                .then().statusCode(200)
                .body(jsonPath("active_version", nullValue()))
                .body(jsonPath("last_attempt.activated", equalTo(false)))
                .body(jsonPath("last_attempt.errors.message", hasItem("a policy needs at least one .drl file")));
        api().when().get("/q/health/ready")
                .then().statusCode(503)
                .body(jsonPath("status", equalTo("DOWN")));
        api().contentType(ContentType.JSON).body("{\"project_id\":\"nopolicy\"}")
                .when().post("/api/projects")
                .then().statusCode(503)
                .body(jsonPath("error", equalTo("no_policy")));
        api().when().get("/api/projects/nopolicy").then().statusCode(404);
    }
}
