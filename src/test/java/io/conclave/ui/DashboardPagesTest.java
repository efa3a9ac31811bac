package io.conclave.ui;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.api.ApiSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The dashboard's pages over plain HTTP (no browser): each answers HTML at its URL, a fragment answers just
 * that part of its page (what the page's script fetches on an event), and what does not exist is a 404 page.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class DashboardPagesTest {

    @Test
    void eachPageAnswersHtmlAtItsUrl() {
        String id = ApiSupport.uniqueId("pages");
        DashboardBrowserTest.post("/api/projects", ApiSupport.twoAgentProject(id), 201);
        // t1 needs x 5: alice (9) scores 45, bob (5) 25, so alice has it
        page("/").body(containsString("<tr class=\"project\" data-project=\"" + id + "\">"));
        page("/projects/" + id).body(containsString("id=\"task-t1\" data-status=\"ASSIGNED\""))
                .body(containsString("data-stream=\"?project_id=" + id + "\""));
        page("/projects/" + id + "/why?task_id=t1").body(containsString("<dd class=\"score\">45</dd>"));
        page("/projects/" + id + "/why?agent_id=bob&kind=ASSIGNED").body(containsString("No decision matches."));
        page("/policy").body(containsString("id=\"active-version\""))
                .body(containsString("<section id=\"versions\""))
                .body(containsString("data-status=\"active\""));
        // the active version against itself: nothing differs
        String active = RestAssured.get("/api/rules").then().extract().path("active_version");
        page("/policy/dry-run?project_id=" + id + "&version=" + active)
                .body(containsString("0 of 2 task(s) differ")).body(containsString("No task would end differently."));
        page("/policy/workflow/workflow.drl").body(containsString("package conclave.workflow;"));
    }

    @Test
    void aFragmentIsOnlyThatPartOfThePage() {
        String id = ApiSupport.uniqueId("pages");
        DashboardBrowserTest.post("/api/projects", ApiSupport.twoAgentProject(id), 201);
        page("/projects/" + id + "?fragment=board")
                .body(matchesPattern("(?s)\\s*<section id=\"board\".*</section>\\s*"))
                .body(not(containsString("<html")))
                .body(containsString("id=\"task-t2\" data-status=\"PENDING\""));
    }

    @Test
    void whatDoesNotExistIsA404Page() {
        RestAssured.get("/projects/no-such-project").then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("project_not_found"));
        RestAssured.get("/meetings/no-such-meeting").then().statusCode(404).contentType(startsWith("text/html"));
        RestAssured.get("/conversations/no-such-conversation").then().statusCode(404).contentType(startsWith("text/html"));
        RestAssured.get("/policy/workflow/none.drl").then().statusCode(404).contentType(startsWith("text/html"));
        RestAssured.get("/?fragment=nothing").then().statusCode(404).body(containsString("fragment_not_found"));
        String id = ApiSupport.uniqueId("pages");
        DashboardBrowserTest.post("/api/projects", ApiSupport.twoAgentProject(id), 201);
        RestAssured.get("/projects/" + id + "/why?decision=999").then().statusCode(404)
                .body(containsString("has no decision 999"));
    }

    private static io.restassured.response.ValidatableResponse page(String path) {
        return RestAssured.get(path).then().statusCode(200).contentType(startsWith("text/html"));
    }
}
