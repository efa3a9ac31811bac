package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A policy goes live on every owner or on none. It is tried on each project, meeting and conversation
 * first (each moves to it, journaled); when one cannot take it, because a rule deletes what a command put
 * in, loops, or runs past the command's wall-time bound ({@link RuleBudgetTest}), every owner goes back and the
 * edit is refused with 422 naming the owners and the rules. The active version reported is then still the one
 * that decides, and nothing of the projects was lost.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(RuleBudgetTest.Budgeted.class) // its own rules folder, not watched; a command fires 5000 rules at most
public class PolicySwitchSafetyTest {

    /** One agent, two tasks: t1 assigned at once, t2 waiting for t1. */
    private static String project() {
        return ProjectJson.project(uniqueId("safe")).agent(agent("ann").skill("x", 5))
                .task(task("t1").needs("x", 1), task("t2").needs("x", 1).after("t1"))
                .create();
    }

    private static String active() {
        return api().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
    }

    private static List<String> tasks(String id) {
        return api().when().get("/api/projects/" + id + "/tasks").then().statusCode(200).extract().path("task_id");
    }

    @Test
    void aRuleThatDeletesWhatCommandsPutInNeverGoesLive() {
        String id = project();
        String before = active();
        api().contentType(ContentType.TEXT).body("""
                package conclave.workflow;
                import io.conclave.model.*;
                rule "delete every task"
                when
                    $t : Task()
                then
                    delete($t);
                end
                """).when().put("/api/rules/workflow/purge.drl").then().statusCode(422)
                .body(jsonPath("details.message", hasItem(containsString("project '" + id + "'"))))
                .body(jsonPath("details.message", hasItem(containsString("rule 'delete every task' deleted task"))));
        // nothing changed: the version that decides is the one reported, the file was not written, no task lost
        assertEquals(before, active());
        api().when().get("/api/rules").then().body(jsonPath("files.name", not(hasItem("workflow/purge.drl"))));
        assertEquals(List.of("t1", "t2"), tasks(id));
        api().when().get("/api/projects/" + id).then().body(jsonPath("policy_version", equalTo(before)));
        // and the project takes commands under that version
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .when().post("/api/projects/" + id + "/tasks/t1/start").then().statusCode(200)
                .body(jsonPath("status", equalTo("IN_PROGRESS")));
    }

    @Test
    void aRuleThatLoopsNeverGoesLive() {
        String id = project();
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .when().post("/api/projects/" + id + "/tasks/t1/start").then().statusCode(200);
        String before = active();
        // each firing rewrites t1's priority, which the rule watches: it never stops by itself, and the application's
        // cap of 5000 firings a command stops it in milliseconds (a rule that runs past the wall-time bound in a trial:
        // RuleBudgetTest's bombs)
        api().contentType(ContentType.TEXT).body("""
                package conclave.workflow;
                import io.conclave.model.*;
                rule "bump the priority forever"
                when
                    $t : Task( priority > 0, status == TaskStatus.IN_PROGRESS )
                then
                    modify($t) { setPriority($t.getPriority() % 5 + 1) }
                end
                """).when().put("/api/rules/workflow/bump.drl").then().statusCode(422)
                .body(jsonPath("details.message", hasItem(containsString("project '" + id + "'"))))
                .body(jsonPath("details.message", hasItem(containsString("fired more than 5000"))));
        assertEquals(before, active());
        api().when().get("/api/projects/" + id + "/tasks/t1").then().body(jsonPath("status", equalTo("IN_PROGRESS")))
                .body(jsonPath("priority", equalTo(3)));
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .when().post("/api/projects/" + id + "/tasks/t1/complete").then().statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")));
    }
}
