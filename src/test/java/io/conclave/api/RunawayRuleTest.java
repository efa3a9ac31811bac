package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.twoAgentProject;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A rule that never stops firing, added through REST: commands that trigger it are cut off at the
 * firing cap with a 422 naming it and leave nothing behind; the service and older projects keep
 * working, and everything recovers once the rule is deleted.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(RuleBudgetTest.Budgeted.class) // caps a command at 5000 firings
// second of the profile's classes (io.conclave.SuiteOrder), after ActivationVisibilityTest, whose projects have no task
// READY or IN_PROGRESS: its rule loops on any such task, and the trial of its edit on every project must find none,
// as in a fresh service; the other classes leave such tasks behind
@org.junit.jupiter.api.Order(2)
public class RunawayRuleTest {

    private static final String LOOP_RULE = "Runaway: flip the status reason of a ready or running task";

    /*
     * Matches any READY or IN_PROGRESS task and rewrites its status reason; it watches that property, so
     * each rewrite makes it match again, forever. Salience 200 puts it ahead of every shipped rule. A task
     * that is only ASSIGNED or PENDING does not trigger it.
     */
    private static final String LOOP_DRL = """
            package conclave.workflow;

            import io.conclave.model.*;

            rule "%s"
                salience 200
            when
                $t : Task( status == TaskStatus.READY || status == TaskStatus.IN_PROGRESS, $r : statusReason ) @watch( statusReason )
            then
                modify($t) { setStatusReason("flip".equals($r) ? "flop" : "flip") }
            end
            """.formatted(LOOP_RULE);

    @Test
    void loopIsCutOffAndTheServiceRecovers() {
        // A project from before the loop: t1 ASSIGNED to alice (45 beats bob's 25), t2 PENDING on t1.
        String older = uniqueId("before-loop");
        create(twoAgentProject(older), older);
        String shipped = api().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
        int decisionsBefore = api().when().get("/api/projects/" + older).then().statusCode(200)
                .extract().path("decisions");

        String looping = api().contentType(ContentType.TEXT).body(LOOP_DRL)
                .when().put("/api/rules/workflow/loop.drl")
                .then().statusCode(200)
                .body(jsonPath("files.name", hasItem("workflow/loop.drl")))
                .extract().path("active_version");
        assertNotEquals(shipped, looping);
        // the older project has no READY or IN_PROGRESS task, so it moved to the looping policy unharmed
        api().when().get("/api/projects/" + older).then().statusCode(200)
                .body(jsonPath("policy_version", equalTo(looping)));

        // Creating a project makes t1 READY: the loop runs into the cap of 5000 firings.
        String newer = uniqueId("during-loop");
        api().contentType(ContentType.JSON).body(twoAgentProject(newer))
                .when().post("/api/projects")
                .then().statusCode(422)
                .body(jsonPath("error", equalTo("rule_loop")))
                .body(jsonPath("message", containsString("'" + LOOP_RULE + "'")))
                .body(jsonPath("message", containsString("more than 5000 rules")));
        api().when().get("/api/projects/" + newer).then().statusCode(404);
        api().when().get("/api/projects").then().statusCode(200).body(jsonPath("project_id", not(hasItem(newer))));

        // On the older project, alice starting t1 makes it IN_PROGRESS: cut off as well, and rolled back.
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + older + "/tasks/t1/start")
                .then().statusCode(422)
                .body(jsonPath("error", equalTo("rule_loop")))
                .body(jsonPath("message", containsString(LOOP_RULE)));
        api().when().get("/api/projects/" + older + "/tasks/t1").then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("alice")))
                .body(jsonPath("status_reason", startsWith("assigned to alice")));
        api().when().get("/api/projects/" + older).then().statusCode(200)
                .body(jsonPath("decisions", equalTo(decisionsBefore)));

        // Deleting the rule brings back the shipped files, hence the shipped version.
        api().when().delete("/api/rules/workflow/loop.drl")
                .then().statusCode(200)
                .body(jsonPath("active_version", equalTo(shipped)))
                .body(jsonPath("files.name", not(hasItem("workflow/loop.drl"))));

        api().contentType(ContentType.JSON).body(twoAgentProject(newer))
                .when().post("/api/projects")
                .then().statusCode(201);
        api().when().get("/api/projects/" + newer + "/tasks/t1").then()
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("alice")));

        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + older + "/tasks/t1/start")
                .then().statusCode(200)
                .body(jsonPath("status", equalTo("IN_PROGRESS")));
        api().when().get("/api/projects/" + older).then().body(jsonPath("policy_version", equalTo(shipped)));
    }
}
