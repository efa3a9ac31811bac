package io.conclave.api.policy;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.conclave.api.HotReloadTest;

/**
 * /api/rules, read-only against the real rules folder: this class never PUTs, DELETEs or reloads, so
 * the shipped {@code rules/} stay untouched. Writing is covered by HotReloadTest on a copy.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class RuleResourceTest {

    /** Line 7 has a comparison without a right-hand side: the compiler must point there. */
    public static final String BROKEN = """
            package conclave.workflow;

            import io.conclave.model.*;

            rule "Broken on purpose"
            when
                $t : Task( status == )
            then
            end
            """;

    public static final String GOOD_EXTRA = """
            package conclave.workflow;

            import io.conclave.model.*;

            rule "Extra: notice tasks that need no skills"
            when
                Task( requiredSkills.isEmpty() )
            then
            end
            """;

    @Test
    void listsTheActivePolicy() {
        api().when().get("/api/rules")
                .then().statusCode(200)
                .body(jsonPath("active_version", matchesPattern("[0-9a-f]{12}")))
                .body(jsonPath("activated_at", notNullValue()))
                .body(jsonPath("files.name",
                        hasItems("assignment/assignment.drl", "assignment/meetings_assignment.drl", "common/scoring.drl", "workflow/workflow.drl")))
                .body(jsonPath("files.find { it.name == 'assignment/assignment.drl' }.lines", greaterThan(50)))
                .body(jsonPath("last_attempt.activated", equalTo(true)));
    }

    @Test
    void readsOneFile() {
        String text = api().when().get("/api/rules/assignment/assignment.drl")
                .then().statusCode(200).contentType(containsString("text/plain")).extract().asString();
        assertTrue(
                text.contains("rule \"Assign served task to best-scoring eligible agent\""), text);
        api().when().get("/api/rules/workflow/no_such_file.drl")
                .then().statusCode(404)
                .body(jsonPath("error", equalTo("rule_file_not_found")));
    }

    @Test
    void brokenTextIsRejectedWithItsPosition() {
        String active = activeVersion();
        api().contentType(ContentType.TEXT).body(BROKEN)
                .when().post("/api/rules/validate?file=workflow/broken.drl")
                .then().statusCode(422)
                .body(jsonPath("error", equalTo("invalid_policy")))
                .body(jsonPath("details", not(hasSize(0))))
                .body(jsonPath("details[0].file", equalTo("workflow/broken.drl")))
                .body(jsonPath("details[0].line", equalTo(7)))
                // the ')' that has no right-hand operand is the 26th character of line 7: column 26, counted from 1
                // as editors count (Drools counts from 0)
                .body(jsonPath("details[0].column", equalTo(26)))
                .body(jsonPath("details[0].path", equalTo("workflow/broken.drl:7:26")));
        // nothing was activated
        assertEquals(active, activeVersion());
    }

    @Test
    void goodExtraRuleValidatesToANewVersionWithoutActivating() {
        String active = activeVersion();
        String version = api().contentType(ContentType.TEXT).body(GOOD_EXTRA)
                .when().post("/api/rules/validate?file=workflow/extra.drl")
                .then().statusCode(200)
                .body(jsonPath("valid", equalTo(true)))
                .body(jsonPath("version", matchesPattern("[0-9a-f]{12}")))
                .body(jsonPath("version", not(equalTo(active))))
                // laid over the current folder: the four shipped files plus the candidate
                .body(jsonPath("files",
                        hasItems("assignment/assignment.drl", "assignment/meetings_assignment.drl", "common/scoring.drl", "workflow/workflow.drl", "workflow/extra.drl")))
                .extract().path("version");
        assertEquals(active, activeVersion());
        api().when().get("/api/rules/workflow/extra.drl").then().statusCode(404);

        // the version is a hash of the file set: the same candidate validates to the same version again
        api().contentType(ContentType.TEXT).body(GOOD_EXTRA)
                .when().post("/api/rules/validate?file=workflow/extra.drl")
                .then().statusCode(200).body(jsonPath("version", equalTo(version)));
    }

    @Test
    void validatingAnUnchangedFileGivesTheActiveVersion() {
        // laying the current assignment/assignment.drl over the folder changes nothing: same files, same hash
        String current = api().when().get("/api/rules/assignment/assignment.drl").then().statusCode(200).extract().asString();
        api().contentType(ContentType.TEXT).body(current)
                .when().post("/api/rules/validate?file=assignment/assignment.drl")
                .then().statusCode(200)
                .body(jsonPath("version", equalTo(activeVersion())));
    }

    @Test
    void validatesAFileSetAsJson() {
        api().contentType(ContentType.JSON).body(Map.of("files", Map.of("workflow/solo.drl", GOOD_EXTRA), "standalone", true))
                .when().post("/api/rules/validate")
                .then().statusCode(200)
                .body(jsonPath("valid", equalTo(true)))
                .body(jsonPath("files", equalTo(List.of("workflow/solo.drl"))));
        api().contentType(ContentType.JSON)
                .body(Map.of("files", Map.of("workflow/extra.drl", GOOD_EXTRA, "workflow/broken.drl", BROKEN)))
                .when().post("/api/rules/validate")
                .then().statusCode(422)
                .body(jsonPath("error", equalTo("invalid_policy")))
                .body(jsonPath("details.file", hasItems("workflow/broken.drl")));
        api().contentType(ContentType.JSON).body(Map.of("files", Map.of()))
                .when().post("/api/rules/validate")
                .then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.files")));
    }

    @Test
    void invalidFileNamesAreRejected() {
        for (String name : List.of("workflow/rules.txt", "workflow/-dash.drl", "workflow/two..dots.drl", "Workflow/x.drl")) {
            api().when().get("/api/rules/" + name)
                    .then().statusCode(400)
                    .body(jsonPath("error", equalTo("invalid_rule_file_name")))
                    .body(jsonPath("details[0].path", equalTo("file")));
        }
        api().contentType(ContentType.TEXT).body(GOOD_EXTRA)
                .when().post("/api/rules/validate?file=../escape.drl")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_rule_file_name")))
                .body(jsonPath("message", containsString("../escape.drl")));
        api().contentType(ContentType.JSON).body(Map.of("files", Map.of("../escape.drl", GOOD_EXTRA)))
                .when().post("/api/rules/validate")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_rule_file_name")))
                .body(jsonPath("details.path", containsInAnyOrder("$.files.../escape.drl")));
    }

    private static String activeVersion() {
        return api().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
    }
}
