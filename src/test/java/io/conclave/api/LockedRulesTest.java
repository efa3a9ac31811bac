package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A service whose rules can only be changed on disk ({@code conclave.rules.remote-edit=false}): PUT, DELETE and reload
 * are refused with 403 saying where the policy is changed instead, and nothing changes. It runs in the seeded data
 * folder's application ({@link DamagedOwnerResourceTest.Seeded}), whose rules are the repository's own folder, so that
 * no test there may change them over the API. The compile's time limit has its own class ({@link CompileTimeLimitTest}).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(DamagedOwnerResourceTest.Seeded.class)
public class LockedRulesTest {

    @Test
    void editsOverTheApiAreRefusedAndSayWhereToEditInstead() {
        String folder = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("conclave.rules-dir", String.class)).toAbsolutePath().toString();
        String active = api().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
        api().contentType(ContentType.TEXT).body(HostilePolicyTest.extraRule("Locked out"))
                .when().put("/api/rules/workflow/locked.drl")
                .then().statusCode(403)
                .body(jsonPath("error", equalTo("rule_edits_disabled")))
                .body(jsonPath("message", containsString("conclave.rules.remote-edit=false")))
                .body(jsonPath("message", containsString("change the files in " + folder + " instead")));
        api().when().delete("/api/rules/workflow/workflow.drl").then().statusCode(403)
                .body(jsonPath("error", equalTo("rule_edits_disabled")));
        api().when().post("/api/rules/reload").then().statusCode(403)
                .body(jsonPath("error", equalTo("rule_edits_disabled")));
        api().when().get("/api/rules/workflow/locked.drl").then().statusCode(404);
        api().when().get("/api/rules/workflow/workflow.drl").then().statusCode(200);
        api().when().get("/api/rules").then().body(jsonPath("active_version", equalTo(active)));
    }
}
