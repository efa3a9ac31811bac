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

    /**
     * The Why page asks why a task did not go to another agent. t1 needs x 5: alice (9) scores 45, bob (5) 25. A tie
     * would go to alice (the same open hours, and her id first), so bob needs more than 45: x 10 (50); his capacity
     * does not matter. Asking about alice, who got it, says so instead of answering; the explanation's live refresh
     * (its fragment) does not ask at all.
     */
    @Test
    void theWhyPageAnswersWhyNotAnotherAgent() {
        String id = ApiSupport.uniqueId("pages");
        DashboardBrowserTest.post("/api/projects", ApiSupport.twoAgentProject(id), 201);
        page("/projects/" + id + "/why?task_id=t1").body(containsString("<form method=\"get\" class=\"ops\" id=\"why-not-form\">"))
                // alice holds t1: only bob can be asked about
                .body(containsString("<select name=\"why_not\" aria-label=\"why not agent\"><option>bob</option></select>"));
        page("/projects/" + id + "/why?task_id=t1&why_not=bob")
                .body(containsString("<h2>Why not bob?</h2>"))
                .body(containsString("<p id=\"why-not-answer\" data-answer=\"change\">"))
                .body(containsString("<tr class=\"why-not-edit\"><td>bob&#39;s skill x from 5 to 10</td><td>5.0</td><td>10</td></tr>"))
                .body(containsString("highest score 50.0 among 2 eligible agent(s)"))
                .body(containsString("<code>POST /api/projects</code>"));
        page("/projects/" + id + "/why?task_id=t1&why_not=alice")
                .body(containsString("<p id=\"why-not-refusal\">alice got task t1 (ASSIGNED by rule"));
        page("/projects/" + id + "/why?task_id=t1&why_not=bob&fragment=explanation")
                .body(not(containsString("why-not-answer")));
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

    /**
     * A conversation's page says, beside every message it shows, who answers it and why, though memory keeps only
     * the newest decisions. Round robin between a and b, joined in that order; a and b take turns to speak, 70
     * messages (under limits of turns they do not reach): each grants the other the turn ("the next eligible agent in
     * join order"). With the two joins that is
     * 72 decisions, more than twice the 32 memory keeps, so the decision about message 1 (the third) is read back from
     * the history on disk. The last, from b (message 70), gave a the turn: the page's "why".
     */
    @Test
    void aLongConversationsPageSaysWhyEachMessageShownWasAnswered() {
        String id = ApiSupport.uniqueId("talk");
        DashboardBrowserTest.post("/api/conversations", """
                { "conversation_id": "%s", "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"],
                  "max_total_turns": 1000, "max_turns_per_agent": 1000 } }"""
                .formatted(id), 201);
        for (String agent : new String[] {"a", "b"}) {
            DashboardBrowserTest.post("/api/conversations/" + id + "/agents",
                    "{\"agent_id\": \"" + agent + "\", \"role\": {\"name\": \"expert\"}}", 201);
        }
        for (int n = 1; n <= 70; n++) {
            DashboardBrowserTest.post("/api/conversations/" + id + "/messages",
                    "{\"sender\": \"" + (n % 2 == 1 ? "a" : "b") + "\", \"content\": \"m" + n + "\"}", 200);
        }
        page("/conversations/" + id)
                .body(matchesPattern("(?s).*<tr><td>1</td><td>a</td>\\s*<td>m1</td>\\s*<td class=\"small\"><div><b>b</b> via "
                        + "strategy: round_robin: b is the next eligible agent in join order.*"))
                .body(matchesPattern("(?s).*<tr><td>70</td><td>b</td>\\s*<td>m70</td>\\s*<td class=\"small\"><div><b>a</b> "
                        + "via strategy: round_robin: a is the next eligible agent in join order.*"))
                .body(containsString("<dd>via <b>strategy</b>: round_robin: a is the next eligible agent in join order"));
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
