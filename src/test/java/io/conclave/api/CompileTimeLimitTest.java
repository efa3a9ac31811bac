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
 * A compile may take at most {@code conclave.rules.compile-timeout}: one that takes longer is refused with 422 naming
 * the limit, and leaves the service able to compile again. In the empty rules folder's application
 * ({@link NoPolicyTest.EmptyRules}), whose limit is a millisecond: it compiles nothing else.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(NoPolicyTest.EmptyRules.class)
public class CompileTimeLimitTest {

    /** Compiling a chapter, even of one rule, takes far more than a millisecond: refused, named, and the next one is not blocked. */
    @Test
    void aCompileOverItsTimeLimitIsRefusedNamingTheLimit() {
        for (int i = 0; i < 2; i++) {
            api().contentType(ContentType.TEXT).body(HostilePolicyTest.extraRule("Slow " + i))
                    .when().post("/api/rules/validate?file=workflow/slow.drl")
                    .then().statusCode(422)
                    .body(jsonPath("error", equalTo("invalid_policy")))
                    .body(jsonPath("details[0].file", equalTo("workflow/slow.drl")))
                    .body(jsonPath("details[0].message", containsString("conclave.rules.compile-timeout")));
        }
    }
}
