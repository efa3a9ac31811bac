package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.twoAgentProject;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With the size limits raised out of the way, hostile files reach the compiler itself: a rule name too
 * long for a class file ("UTF8 string too large") and brackets nested thousands deep (the parser's
 * stack). Whatever the compiler throws comes back as 422 naming the file, never a 500 or a hang, and
 * the service compiles and takes commands as before.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(RuleBudgetTest.Budgeted.class) // the limits checked before compiling raised out of the way
public class CompilerCrashTest {

    @Test
    void whatTheCompilerThrowsIsA422NamingTheFile() {
        String longName = "package conclave.workflow;\n\nimport io.conclave.model.*;\n\nrule \"" + "n".repeat(70_000)
                + "\"\nwhen\n    Task()\nthen\nend\n";
        String nested = "package conclave.workflow;\n\nimport io.conclave.model.*;\n\nrule \"deep\"\nwhen\n    Task( priority > "
                + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " )\nthen\nend\n";
        for (String drl : new String[] {longName, nested}) {
            api().contentType(ContentType.TEXT).body(drl).when().post("/api/rules/validate?file=workflow/crash.drl")
                    .then().statusCode(422)
                    .body(jsonPath("error", equalTo("invalid_policy")))
                    .body(jsonPath("details[0].file", equalTo("workflow/crash.drl")));
            api().contentType(ContentType.TEXT).body(drl).when().put("/api/rules/workflow/crash.drl")
                    .then().statusCode(422);
            api().when().get("/api/rules/workflow/crash.drl").then().statusCode(404);
        }
        // the compiler and the engine still work
        api().contentType(ContentType.TEXT).body(HostilePolicyTest.extraRule("After the crash"))
                .when().post("/api/rules/validate?file=workflow/after.drl").then().statusCode(200);
        String id = uniqueId("after-crash");
        create(twoAgentProject(id), id);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + id + "/tasks/t1/complete").then().statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")));
    }

    @Test
    void theMessageSaysWhatWentWrong() {
        String nested = "package conclave.workflow;\n\nimport io.conclave.model.*;\n\nrule \"deeper\"\nwhen\n    Task( priority > "
                + "(".repeat(20_000) + "2" + ")".repeat(20_000) + " )\nthen\nend\n";
        api().contentType(ContentType.TEXT).body(nested).when().post("/api/rules/validate?file=workflow/crash2.drl")
                .then().statusCode(422)
                .body(jsonPath("details[0].message",
                        either(containsString("StackOverflowError")).or(containsString("ERR"))));
    }
}
