package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A service whose rules can only be changed on disk ({@code conclave.rules.remote-edit=false}), and
 * whose compiles may take at most 50 ms: PUT, DELETE and reload are refused with 403 saying where the
 * policy is changed instead; a validation still compiles, and one that takes longer than the limit is
 * refused with 422 naming the limit, leaving the service able to compile again.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(LockedRulesTest.Locked.class)
public class LockedRulesTest {

    public static class Locked implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ApiSupport.profile(Map.of(
                    "conclave.rules-dir", ApiSupport.copyOfShippedRules("locked-rules").toString(),
                    "conclave.data-dir", ApiSupport.freshFolder("locked-data").toString(),
                    "conclave.watch-rules", "false",
                    "conclave.rules.remote-edit", "false",
                    "conclave.rules.compile-timeout", "PT0.05S"));
        }
    }

    @Test
    void editsOverTheApiAreRefusedAndSayWhereToEditInstead() {
        String active = api().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
        api().contentType(ContentType.TEXT).body(HostilePolicyTest.extraRule("Locked out"))
                .when().put("/api/rules/workflow/locked.drl")
                .then().statusCode(403)
                .body(jsonPath("error", equalTo("rule_edits_disabled")))
                .body(jsonPath("message", containsString("conclave.rules.remote-edit=false")))
                .body(jsonPath("message", containsString("locked-rules")));
        api().when().delete("/api/rules/workflow/workflow.drl").then().statusCode(403)
                .body(jsonPath("error", equalTo("rule_edits_disabled")));
        api().when().post("/api/rules/reload").then().statusCode(403)
                .body(jsonPath("error", equalTo("rule_edits_disabled")));
        api().when().get("/api/rules/workflow/locked.drl").then().statusCode(404);
        api().when().get("/api/rules/workflow/workflow.drl").then().statusCode(200);
        api().when().get("/api/rules").then().body(jsonPath("active_version", equalTo(active)));
    }

    /** Compiling the workflow chapter takes far more than 50 ms: refused, named, and the next one is not blocked. */
    @Test
    void aCompileOverItsTimeLimitIsRefusedNamingTheLimit() {
        for (int i = 0; i < 2; i++) {
            api().contentType(ContentType.TEXT).body(HostilePolicyTest.extraRule("Slow " + i))
                    .when().post("/api/rules/validate?file=workflow/slow.drl")
                    .then().statusCode(422)
                    .body(jsonPath("error", equalTo("invalid_policy")))
                    .log().ifValidationFails()
                    .body(jsonPath("details[0].file", equalTo("workflow/slow.drl")))
                    .body(jsonPath("details[0].message", containsString("conclave.rules.compile-timeout")));
        }
    }
}
