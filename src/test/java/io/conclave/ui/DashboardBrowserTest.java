package io.conclave.ui;

import static io.conclave.api.JsonPaths.jsonPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.api.ApiSupport;
import io.conclave.api.TryItTest;
import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The dashboard in a real headless Chromium: each page opened as a person would, the service changed over
 * REST meanwhile, and the page seen to follow without a reload. Screenshots of every page go to
 * target/dashboard-screenshots/. Skipped (not failed) where chromium or chromedriver is not installed.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
// a first start with the example projects, its admin token generated (TestTokens.admin()), on a private copy of the
// rules: the application of the README's "Try it", which needs what this class needs (one application fewer to build)
@TestProfile(TryItTest.FreshStart.class)
@org.junit.jupiter.api.Order(io.conclave.SuiteOrder.LAST_APPLICATION_REST) // after TryItTest
class DashboardBrowserTest {

    /** One browser for the class, signed in once ({@link #openBrowser}). */
    private static Browser shared;
    /** Whether {@link #shared} holds the dashboard's cookie (a test that signs out clears it until it signs in again). */
    private static boolean signedIn;
    private Browser browser;

    /**
     * Each test is skipped, with the reason, where the browser is not installed (so each is counted as skipped). The
     * browser is signed in once for the class, as a person's stays, and left on a page with no script between tests,
     * so that no page of the test before follows the next one's setting up. Signed in before each test (the login
     * page, then the overview it leads to), Chromium used 59-66 s of CPU over the class; now 45-48 s.
     */
    @BeforeEach
    void openBrowser() {
        assumeTrue(Browser.available(), Browser.MISSING);
        if (shared == null) {
            shared = new Browser("http://localhost:" + RestAssured.port, 1280, 800);
        }
        browser = shared;
        if (signedIn) {
            browser.blank(1280, 800);
        } else {
            browser.reset(1280, 800);
            browser.signIn(io.conclave.api.TestTokens.admin());
            signedIn = true;
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (shared != null) {
            shared.close();
            shared = null;
            signedIn = false;
        }
    }

    @Test
    void theOverviewListsTheExampleProjectsAndFitsANarrowScreen() throws IOException {
        List<String> examples = new ArrayList<>();
        try (var files = Files.list(Path.of("projects"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                examples.add(Json.MAPPER.readTree(f.toFile()).get("project_id").asText());
            }
        }
        assertFalse(examples.isEmpty(), "projects/ holds the examples the service loads at start");

        browser.open("/");
        for (String id : examples) {
            String row = browser.text("tr.project[data-project='" + id + "']");
            assertTrue(row.startsWith(id), "the overview row of " + id + ": " + row);
        }
        String active = RestAssured.get("/api/rules").then().extract().path("active_version");
        assertEquals(active, browser.text("#active-version"));
        browser.screenshot("overview");

        // a phone: the page folds to one column and nothing runs off its right edge
        browser.resize(390, 844);
        browser.awaitFits("the overview on a 390 px screen");
        browser.screenshot("overview-narrow");
    }

    /**
     * The compressed example right after loading: the kickoff meeting occupies its five attendees (ASSIGNED).
     * pm reports it done over REST; the rules make architecture_design and compliance_requirements READY and
     * assign them (to cto and compliance, the only agents with the skills). The open page moves the cards.
     */
    /**
     * Each page keeps one event stream open while it is shown, and none once it is left: a browser holds at most six
     * connections to a site, and pages that kept theirs made the seventh navigation wait 40-58 s for one. Twenty
     * navigations in a row over five pages, each page live on its stream before the next; each navigation (the
     * request sent to the page loaded) well under that stall, 5 s, and their median under a second. (Each under a
     * second failed once beside the cluster test on two cores: one of twenty took 1,238 ms, the others 68-212 ms.)
     */
    @Test
    void twentyNavigationsInARowNoneWaitingForAConnection() {
        String id = loadExample(ApiSupport.COMPRESSED, "navigation");
        List<String> pages = List.of("/", "/projects/" + id, "/policy", "/projects/" + id + "?view=board", "/");
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            browser.open(pages.get(i % pages.size()));
            millis.add((System.nanoTime() - start) / 1_000_000);
            browser.awaitLive();
        }
        List<Long> sorted = millis.stream().sorted().toList();
        assertTrue(sorted.get(sorted.size() - 1) < 5_000 && sorted.get(sorted.size() / 2) < 1_000,
                "navigations took " + millis + " ms");
    }

    /**
     * Signed out (by the page's button, a POST), the sign-in page asks for no event stream (it asked every second and
     * was answered 401 each time) and names the dashboard's icon. Signed in again, the overview is live.
     */
    @Test
    void theSignInPageFollowsNoStream() throws InterruptedException {
        browser.open("/");
        signedIn = false;
        browser.find("#logout-button").click();
        browser.await("the sign-in page", d -> d.getCurrentUrl().contains("/login"));
        Thread.sleep(1_500); // it asked once a second: at least one request in that time
        assertEquals(0L, browser.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/events')).length"));
        assertEquals("/dashboard/favicon.svg", browser.js("return new URL(document.querySelector('link[rel=icon]').href).pathname"));
        io.restassured.RestAssured.given().when().get("/dashboard/favicon.svg").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("svg"));

        browser.signIn(io.conclave.api.TestTokens.admin());
        signedIn = true;
        browser.awaitLive();
        assertEquals(RestAssured.get("/api/rules").then().extract().path("active_version"), browser.text("#active-version"));
    }

    @Test
    void aTaskCompletedOverRestMovesItsCardWithoutAReload() {
        String id = loadExample(ApiSupport.COMPRESSED, "board");
        browser.open("/projects/" + id);
        assertEquals("ASSIGNED", browser.find("#task-kickoff_meeting").getAttribute("data-status"));
        assertEquals("PENDING", browser.find("#task-architecture_design").getAttribute("data-status"));
        browser.js("window.sameDocument = true");
        browser.awaitLive();

        // task ids on one line each: a long one is cut with an ellipsis (the whole id in its title), never broken mid-word
        assertEquals(List.of(), browser.js(MULTI_LINE, ".card b"));

        complete(id, "kickoff_meeting", "pm");

        browser.await("kickoff_meeting's card in the done column",
                d -> browser.all(".column[data-column='COMPLETED'] #task-kickoff_meeting").size() == 1);
        browser.await("architecture_design assigned to cto", d -> browser.text(
                ".column[data-column='ASSIGNED'] #task-architecture_design").contains("cto"));
        assertTrue(browser.text(".column[data-column='ASSIGNED'] #task-compliance_requirements").contains("compliance"));
        assertEquals(Boolean.TRUE, browser.js("return window.sameDocument === true"), "the page was reloaded");
        browser.screenshot("project-board");

        browser.resize(390, 844);  // a phone: the board's columns stack
        browser.awaitFits("the project page on a 390 px screen");
        browser.screenshot("project-narrow");
    }

    /**
     * An incremental run of the compressed example, started with the page's Run button: it stops at
     * checkpoints (after the kickoff meeting, at the daily reviews), where the page shows how far it got; the
     * Resume button sends the resume interrupt until the run completes; then the report's timeline shows each
     * meeting task in the lane of every one of its attendees (from the project file).
     */
    @Test
    void aRunShowsItsProgressThenItsTimeline() throws IOException {
        String id = loadExample(ApiSupport.COMPRESSED, "run");
        browser.open("/projects/" + id);
        browser.awaitLive();
        new Select(browser.find("select[name=mode]")).selectByVisibleText("incremental");
        browser.find("#run-button").click();

        browser.await("the run stops at its first checkpoint",
                d -> browser.text("#run-status").startsWith("PAUSED"));
        String progress = browser.text("#run-progress");
        assertTrue(progress.matches("\\d+%") && Integer.parseInt(progress.replace("%", "")) < 100,
                "progress at the first checkpoint: " + progress);
        browser.screenshot("project-run-paused");

        for (int resumes = 0; !"COMPLETED".equals(runStatus(id)); resumes++) {
            assertTrue(resumes < 40, "the run did not complete after 40 resumes");
            String status = runStatus(id);
            browser.await("the page shows the run " + status, d -> browser.text("#run-status").equals(status));
            int before = interrupts(id);
            browser.find("#resume-button").click();
            browser.await("the resume interrupt was accepted", d -> interrupts(id) > before);
            browser.await("the run stopped again", d -> !"RUNNING".equals(runStatus(id)));
        }
        browser.await("the page shows the completed run", d -> browser.text("#run-status").equals("COMPLETED"));
        assertEquals("100%", browser.text("#run-progress"));
        browser.await("the timeline", d -> !browser.all("#timeline .lane").isEmpty());

        JsonNode project = Json.MAPPER.readTree(Path.of("projects", ApiSupport.COMPRESSED).toFile());
        for (JsonNode task : project.get("tasks")) {
            for (JsonNode attendee : task.path("attendees")) {
                String bar = "#timeline .lane[data-agent='" + attendee.asText() + "'] a.meeting[href$='task_id="
                        + task.get("task_id").asText() + "']";
                assertEquals(1, browser.all(bar).size(), "meeting bar " + bar);
            }
        }
        browser.screenshot("project-timeline");
    }

    /**
     * Clicking architecture_design's card opens its explanation. cto was the only qualified agent: architecture
     * 9 x 7 + blockchain 7 x 6 = 105, plus 0.1 x its design preference 9 = 105.9 (the README's worked example).
     */
    @Test
    void aTasksExplanationShowsTheRuleAndTheScore() {
        String id = loadExample(ApiSupport.COMPRESSED, "why");
        complete(id, "kickoff_meeting", "pm");
        browser.open("/projects/" + id);
        browser.find("#task-architecture_design").click();

        browser.await("the Why page", d -> d.getCurrentUrl().endsWith("/projects/" + id + "/why?task_id=architecture_design"));
        assertEquals("Assign served task to best-scoring eligible agent", browser.text("#explanation .rule"));
        assertEquals("105.9", browser.text("#explanation .score"));
        List<String> rejected = browser.texts("#explanation .rejected b");
        assertEquals(List.of("pm", "blockchain_dev", "compliance", "security"), rejected);
        browser.screenshot("why-task");

        // the ledger filtered by agent and kind: cto's one assignment
        new Select(browser.find("select[name=agent_id]")).selectByVisibleText("cto");
        new Select(browser.find("select[name=kind]")).selectByVisibleText("ASSIGNED");
        browser.find("#ledger button").click();
        browser.await("the filtered ledger", d -> d.getCurrentUrl().contains("agent_id=cto"));
        List<String> rows = browser.texts("#ledger tr.decision-row");
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).contains("architecture_design"), rows.get(0));
    }

    /**
     * On the Why page of architecture_design, asking why security did not get it answers with the two skills worked
     * out in TaskWhyNotResourceTest (architecture 6 to 10, blockchain 0 to 6: 106.6 against cto's 105.9).
     */
    @Test
    void theWhyPageSaysWhatWouldHaveGivenATaskToAnotherAgent() {
        String id = loadExample(ApiSupport.COMPRESSED, "whynot");
        complete(id, "kickoff_meeting", "pm");
        browser.open("/projects/" + id + "/why?task_id=architecture_design");
        new Select(browser.find("select[name=why_not]")).selectByVisibleText("security");
        browser.find("#why-not-form button").click();
        browser.await("the why-not answer", d -> d.getCurrentUrl().contains("why_not=security")
                && !d.findElements(org.openqa.selenium.By.id("why-not-answer")).isEmpty());
        assertEquals("change", browser.find("#why-not-answer").getAttribute("data-answer"));
        assertEquals(List.of("security's skill architecture from 6 to 10", "security gets skill blockchain at level 6"),
                browser.texts("#why-not tr.why-not-edit td:first-child"));
        assertTrue(browser.text("#why-not-answer").contains("highest score 106.6 among 2 eligible agent(s)"));
        browser.screenshot("why-not");
    }

    /**
     * ann, bob and cid join; bob proposes; ann opens the vote. Each vote over REST shows on the open page;
     * the third closes the vote, and the rules count 2 yes of 3 active against majority (3 / 2 + 1 = 2).
     */
    @Test
    void aMeetingsTallyChangesAsVotesArrive() {
        String id = meetingOfThree("vote", "Choose the ledger", List.of("ann", "bob", "cid"));
        post("/api/meetings/" + id + "/messages", """
                {"agent_id": "bob", "message_type": "proposal", "proposal_id": "use-postgres", "title": "Use PostgreSQL"}""", 201);
        RestAssured.given().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"new_state\": \"voting\"}")
                .put("/api/meetings/" + id + "/state").then().statusCode(200);

        browser.open("/meetings/" + id);
        browser.awaitLive();
        assertEquals("0 yes", browser.text("#proposal-use-postgres .yes-count"));
        assertEquals("majority", browser.text("#threshold"));

        vote(id, "ann", "yes");
        browser.await("1 yes", d -> browser.text("#proposal-use-postgres .yes-count").equals("1 yes"));
        vote(id, "bob", "yes");
        browser.await("2 yes", d -> browser.text("#proposal-use-postgres .yes-count").equals("2 yes"));
        vote(id, "cid", "no");
        browser.await("the counted tally", d -> browser.text("#proposal-use-postgres .tally")
                .startsWith("counted: 2 yes, 1 no, 0 abstain, 0 not voted of 3; 2 yes required"));
        assertEquals("accepted", browser.text("#proposal-use-postgres .chip"));
        browser.await("the minutes", d -> browser.text("#minutes pre").contains("Action items:\n- Use PostgreSQL (proposed by bob)"));
        assertEquals("closed", browser.text("#meeting-state"));
        browser.screenshot("meeting");
    }

    /**
     * A burst: two agents post 60 comments as fast as the service takes them, each one event on the page's
     * stream. The page must count every event and end showing every message: a burst is coalesced into
     * fewer fetches, never lost. (The pace the page stays responsive at is measured by
     * DashboardPerformanceTest, a benchmark.)
     */
    @Test
    void aBurstOfEventsEndsWithEveryMessageShown() {
        String id = meetingOfThree("burst", "Burst", List.of("ann", "bob"));  // 2 of 3 joined: the quorum opens the discussion
        browser.open("/meetings/" + id);
        browser.awaitLive();
        int before = RestAssured.get("/api/meetings/" + id + "/messages").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
        int eventsBefore = Integer.parseInt(browser.find("body").getAttribute("data-events"));
        int burst = 60;
        for (int n = 0; n < burst; n++) {
            post("/api/meetings/" + id + "/messages", "{\"agent_id\": \"" + (n % 2 == 0 ? "ann" : "bob")
                    + "\", \"message_type\": \"comment\", \"text\": \"comment " + n + "\"}", 201);
        }
        int expected = before + burst;
        browser.await("the page shows all " + expected + " messages",
                d -> browser.text("#messages h2").startsWith("Messages (" + expected));
        browser.await("every event counted", d -> Integer.parseInt(browser.find("body").getAttribute("data-events"))
                >= eventsBefore + burst);
        assertTrue(browser.text("#messages").contains("comment " + (burst - 1)), "the last comment is shown");
        // each message's type chip on one line, not wrapped letter by letter in its narrow column ("su mm ary")
        assertEquals(List.of(), browser.js(MULTI_LINE, ".chip"));
    }

    /** The texts of the elements matching arguments[0] that take more than one line. */
    static final String MULTI_LINE = "return [...document.querySelectorAll(arguments[0])]"
            + ".filter(e => e.getBoundingClientRect().height > 1.8 * parseFloat(getComputedStyle(e).lineHeight === 'normal'"
            + " ? 1.25 * parseFloat(getComputedStyle(e).fontSize) : getComputedStyle(e).lineHeight))"
            + ".map(e => e.textContent)";

    /** Round robin among a, b, c: a speaks, so b answers (the next eligible agent in join order). */
    @Test
    void aConversationShowsWhoseTurnItIsAndWhy() {
        String id = ApiSupport.uniqueId("talk");
        post("/api/conversations", """
                { "conversation_id": "%s", "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"] } }"""
                .formatted(id), 201);
        for (String agent : List.of("a", "b", "c")) {
            post("/api/conversations/" + id + "/agents",
                    "{\"agent_id\": \"" + agent + "\", \"role\": {\"name\": \"expert\"}}", 201);
        }
        browser.open("/conversations/" + id);
        browser.awaitLive();
        post("/api/conversations/" + id + "/messages", "{\"sender\": \"a\", \"content\": \"hello\"}", 200);
        browser.await("b's turn", d -> browser.text("#turn-holders").equals("b"));
        browser.await("why", d -> browser.text("#transcript").contains("round_robin: b is the next eligible agent in join order"));
        browser.screenshot("conversation");
    }

    /**
     * A rule file that does not compile, sent over REST while the policy page is open: refused (422), and the
     * page shows the same file, line and column as the API's answer, without a reload; the overview says the
     * last edit was refused.
     */
    @Test
    void aPolicyEditThatDoesNotCompileShowsItsErrorOnThePolicyPage() {
        browser.open("/policy");
        browser.awaitLive();
        String broken = """
                package conclave.workflow;

                rule "Broken on purpose"
                when
                    Task( status == )
                then
                end
                """;
        JsonNode error = Json.MAPPER.valueToTree(RestAssured.given().contentType(ContentType.TEXT).body(broken)
                .put("/api/rules/workflow/dashboard_broken.drl").then().statusCode(422)
                .extract().jsonPath().getMap("details[0]"));

        browser.await("the refused edit on the page", d -> browser.text("#refused").contains("PUT workflow/dashboard_broken.drl"));
        List<String> cells = browser.texts("#errors tr.policy-error:first-child td");
        assertEquals(error.get("file").asText(), cells.get(0));
        assertEquals(error.get("line").asText(), cells.get(1));
        assertEquals(error.get("column").asText(), cells.get(2));
        assertEquals(error.get("message").asText(), cells.get(3));
        browser.screenshot("policy-refused");

        browser.open("/");
        assertTrue(browser.text("#last-edit").startsWith("The last edit was refused: PUT workflow/dashboard_broken.drl"),
                browser.text("#last-edit"));
        browser.open("/policy/workflow/workflow.drl");
        assertTrue(browser.text("#file ol").contains("package conclave.workflow;"));
        browser.screenshot("policy-file");
    }

    /**
     * A rule file edited in the browser: a text that does not compile comes back with its error at its line (the
     * line marked in the listing of what was sent); a valid one becomes a candidate whose dry run on a project is
     * shown before anything goes live, with buttons to discard or activate it. The valid edit appends a rule that
     * notes every task once (no constraint on the task: a change of a task does not fire it again), so the dry run
     * must show as many decisions only under the candidate as the project has tasks, and no task ending differently.
     */
    @Test
    void aRuleEditedInTheBrowserShowsItsErrorsThenItsDryRunBeforeItGoesLive() {
        String project = "healthcare_blockchain_compressed";
        String active = RestAssured.given().get("/api/rules").then().statusCode(200).extract().path("active_version");
        String original = RestAssured.given().get("/api/rules/workflow/workflow.drl").then().statusCode(200).extract().asString();
        browser.open("/policy/workflow/workflow.drl");
        browser.find("#edit-link").click();
        browser.await("the editor", d -> browser.all("#edit-text").size() == 1);
        assertEquals(original, browser.js("return document.getElementById('edit-text').value"));

        // line 3 of the sent text holds the constraint with no right-hand side
        String broken = "package conclave.workflow;\nrule \"Broken in the browser\" when\n    Task( status == )\nthen\nend\n";
        send(broken, project);
        browser.await("the refusal", d -> browser.all("#edit-errors tr.edit-error").size() > 0);
        assertEquals("3", browser.text("#edit-errors tr.edit-error td:nth-child(2)"));
        assertEquals(List.of("L3"), browser.all("#sent-text li.error").stream().map(e -> e.getAttribute("id")).toList());
        assertEquals("    Task( status == )", browser.js("return document.querySelector('#sent-text li.error').textContent"));
        assertEquals(broken, browser.js("return document.getElementById('edit-text').value"), "the text as sent, to fix");
        browser.screenshot("policy-edit-refused");

        String probe = original + """

                rule "Dashboard probe: a note for every task"
                when
                    Task( $id : taskId )
                then
                    insert(Decision.note(DecisionKind.START_PLANNED, $id, List.of(), "dashboard probe"));
                end
                """;
        int tasks = RestAssured.given().get("/api/projects/" + project).then().statusCode(200).extract().path("tasks.size()");
        send(probe, project);
        browser.await("the dry run", d -> browser.all("#activate-button").size() == 1);
        assertTrue(browser.text("#dry-run-counts").startsWith("0 of " + tasks + " task(s) differ; 0 decision(s) only now, "
                + tasks + " only under the candidate."), browser.text("#dry-run-counts"));
        String candidate = browser.text("#dry-run-summary h1 code");
        browser.screenshot("policy-edit-dry-run");

        browser.find("#discard-button").click();
        browser.await("back on the policy page", d -> browser.all("#version-list").size() == 1);
        assertEquals("dropped", browser.find("#version-list tr[data-version='" + candidate + "']").getAttribute("data-status"));
        assertEquals(active, browser.text("#active-version"), "nothing went live");

        browser.open("/policy/workflow/workflow.drl/edit");
        send(probe, project);
        browser.await("the dry run again", d -> browser.all("#activate-button").size() == 1);
        browser.find("#activate-button").click();
        browser.await("the candidate live", d -> candidate.equals(browser.text("#active-version")));
        // back to the policy the other tests expect
        RestAssured.given().post("/api/policies/" + active + "/activate").then().statusCode(200);
    }

    private void send(String text, String project) {
        browser.js("document.getElementById('edit-text').value = arguments[0]", text);
        new Select(browser.find("#edit-project")).selectByVisibleText(project);
        browser.find("#edit-propose").click();
    }

    /**
     * A project loaded from the dashboard: a pasted definition with two problems comes back with each at its JSON
     * path, line and column (a field at the first character of its name, an array element at its first character:
     * counted by hand in the text below), the two lines marked; then the example file chosen with the file input
     * (its id changed) is loaded and its page opens.
     */
    @Test
    void aProjectLoadedInTheBrowserShowsItsProblemsAtTheirLinesThenOpens(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        browser.open("/");
        browser.find("#load-link").click();
        browser.await("the loader", d -> browser.all("#load-text").size() == 1);
        String bad = """
                {
                  "project_id": "loaded_in_the_browser",
                  "title": "Loaded in the browser",
                  "agents": [
                    { "agent_id": "ann", "name": "Ann", "occupation": "developer", "priority": 9 }
                  ],
                  "tasks": [
                    { "task_id": "t1", "description": "First", "estimated_hours": 2, "dependencies": ["ghost"] }
                  ]
                }
                """;
        browser.js("document.getElementById('load-text').value = arguments[0]", bad);
        browser.find("#load-button").click();
        browser.await("the problems", d -> browser.all("#load-problems tr.load-problem").size() == 2);
        // line 5: "priority" opens at its 68th character; line 8: "ghost" at its 87th
        assertEquals(List.of("$.agents[0].priority 5 68", "$.tasks[0].dependencies[0] 8 87"),
                browser.all("#load-problems tr.load-problem").stream().map(r -> r.findElements(org.openqa.selenium.By.tagName("td"))
                        .subList(0, 3).stream().map(td -> td.getText().trim()).reduce((a, b) -> a + " " + b).orElse("")).toList());
        assertEquals(List.of("L5", "L8"), browser.all("#sent-text li.error").stream().map(e -> e.getAttribute("id")).toList());
        assertEquals(bad, browser.js("return document.getElementById('load-text').value"), "the text as sent, to fix");
        browser.screenshot("load-refused");

        String id = ApiSupport.uniqueId("loaded");
        Path file = dir.resolve("project.json");
        Files.writeString(file, ApiSupport.example("healthcare_blockchain_compressed.json", id));
        browser.find("#load-file").sendKeys(file.toString());
        browser.await("the file's text in the form", d -> String.valueOf(browser.js(
                "return document.getElementById('load-text').value")).contains(id));
        browser.find("#load-button").click();
        browser.await("the project's page", d -> d.getCurrentUrl().endsWith("/projects/" + id));
        RestAssured.given().get("/api/projects/" + id).then().statusCode(200);
    }

    /**
     * The project page's task graph, drawn by Cytoscape.js (the WebJar): one node per task in its status's colour, the
     * critical path worked out by hand from the example's file (kickoff 1 h, architecture 2, prototype 3, security
     * review 1.5, wrap-up 1: 8.5 h; the chain through compliance adds up to 5 h), and a node that changes colour
     * without a reload when its task completes.
     */
    @Test
    void theTaskGraphShowsEveryTaskAndTheCriticalPathAndFollowsTheTasks() {
        String id = loadExample(ApiSupport.COMPRESSED, "graph");
        browser.open("/projects/" + id);
        browser.await("the graph drawn", d -> "6".equals(browser.find("#task-graph").getAttribute("data-drawn")));
        assertEquals("kickoff_meeting → architecture_design → smart_contract_prototype → security_review → wrap_up_meeting (8.5 h)",
                browser.text("#critical-path"));
        assertEquals(List.of("architecture_design", "kickoff_meeting", "security_review", "smart_contract_prototype",
                "wrap_up_meeting"), browser.js("return document.getElementById('task-graph').cy.nodes('.critical')"
                + ".map(n => n.id()).sort()"));
        assertEquals(4L, browser.js("return document.getElementById('task-graph').cy.edges('.critical').length"));
        String colour = "return document.getElementById('task-graph').cy.$id('kickoff_meeting').data('colour')";
        assertEquals("#2f6fdf", browser.js(colour), "ASSIGNED");
        browser.awaitLive();
        browser.screenshot("project-graph");

        complete(id, "kickoff_meeting", "pm");
        browser.await("kickoff_meeting green", d -> "#2e9d5b".equals(browser.js(colour)));
    }

    /**
     * A project's history page: the creation and pm's completion of the kickoff meeting, each with its decisions;
     * filtered to the ASSIGNED decisions, only the completion is left, with its two assignments (architecture_design
     * to cto, compliance_requirements to compliance: the two tasks the kickoff's completion makes ready).
     */
    @Test
    void theHistoryPageListsTheCommandsWithTheirDecisionsAndFiltersThem() {
        String id = loadExample(ApiSupport.COMPRESSED, "history");
        complete(id, "kickoff_meeting", "pm");
        browser.open("/projects/" + id);
        browser.find("nav a[href='/projects/" + id + "/history']").click();
        browser.await("the history", d -> browser.all("li.history-entry").size() == 2);
        assertEquals(List.of("create", "task_event"), browser.all("li.history-entry").stream()
                .map(e -> e.getAttribute("data-type")).toList());
        assertTrue(browser.text("li.history-entry[data-seq='2']").contains("by pm"), browser.text("li.history-entry[data-seq='2']"));

        new Select(browser.find("#history-kind")).selectByVisibleText("ASSIGNED");
        browser.find("#history-apply").click();
        browser.await("the filtered history", d -> d.getCurrentUrl().contains("kind=ASSIGNED")
                && browser.all("li.history-entry").size() == 1);
        List<String> decisions = browser.texts("li.history-decision");
        assertEquals(2, decisions.size(), decisions.toString());
        assertTrue(decisions.get(0).contains("architecture_design cto"), decisions.get(0));
        assertTrue(decisions.get(1).contains("compliance_requirements compliance"), decisions.get(1));
        browser.screenshot("project-history");
    }

    /**
     * Searching the overview's projects: by words of an id or title (a project loaded here under a unique id is the
     * only one with that id), and by a status one of its tasks is in (right after loading, the compressed example has
     * no COMPLETED task; after pm completes the kickoff meeting it has one).
     */
    @Test
    void theOverviewSearchesProjectsByWordsAndByATaskStatus() {
        String id = loadExample(ApiSupport.COMPRESSED, "search");
        browser.open("/");
        browser.find("#project-q").sendKeys(id);
        browser.find("#project-search-button").click();
        browser.await("one project", d -> d.getCurrentUrl().contains("q=" + id) && browser.all("tr.project").size() == 1);
        assertEquals(id, browser.find("tr.project").getAttribute("data-project"));

        browser.open("/?q=" + id + "&status=COMPLETED");
        assertEquals(0, browser.all("tr.project").size());
        assertEquals("No project matches.", browser.text("#projects tbody td"));
        complete(id, "kickoff_meeting", "pm");
        browser.open("/?q=" + id + "&status=COMPLETED");
        assertEquals(List.of(id), browser.all("tr.project").stream().map(r -> r.getAttribute("data-project")).toList());
        assertTrue(browser.text("#project-count").matches("\\(1 of \\d+\\)"), browser.text("#project-count"));
    }

    /**
     * Opening a meeting and a conversation from the overview: each form creates it over the same REST endpoint any
     * client uses and opens its page; the service then holds what the form said (the participants as a list, the
     * turn strategy nested in the conversation's policy).
     */
    @Test
    void aMeetingAndAConversationOpenedFromTheOverview() {
        String meeting = ApiSupport.uniqueId("opened");
        browser.open("/");
        browser.find("#meeting-id").sendKeys(meeting);
        browser.find("#meeting-topic").sendKeys("Pick a database");
        browser.find("#meeting-creator").sendKeys("ann");
        browser.find("#meeting-participants").sendKeys("ann, bob,cid");
        browser.find("#open-meeting-button").click();
        browser.await("the meeting's page", d -> d.getCurrentUrl().endsWith("/meetings/" + meeting));
        RestAssured.given().get("/api/meetings/" + meeting).then().statusCode(200)
                .body(jsonPath("manifest.topic", org.hamcrest.Matchers.equalTo("Pick a database")))
                .body(jsonPath("manifest.participants", org.hamcrest.Matchers.contains("ann", "bob", "cid")));

        String conversation = ApiSupport.uniqueId("opened");
        browser.open("/");
        browser.find("#conversation-id").sendKeys(conversation);
        new Select(browser.find("#conversation-strategy")).selectByVisibleText("dynamic");
        browser.find("#conversation-roles").sendKeys("expert, reviewer");
        browser.find("#open-conversation-button").click();
        browser.await("the conversation's page", d -> d.getCurrentUrl().endsWith("/conversations/" + conversation));
        RestAssured.given().get("/api/conversations/" + conversation).then().statusCode(200)
                .body(jsonPath("policy.turn_strategy", org.hamcrest.Matchers.equalTo("dynamic")))
                .body(jsonPath("policy.allowed_roles", org.hamcrest.Matchers.contains("expert", "reviewer")));
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static String loadExample(String file, String prefix) {
        String id = ApiSupport.uniqueId(prefix);
        post("/api/projects", ApiSupport.example(file, id), 201);
        return id;
    }

    private static void complete(String projectId, String taskId, String agent) {
        post("/api/projects/" + projectId + "/tasks/" + taskId + "/complete", "{\"agent_id\": \"" + agent + "\"}", 200);
    }

    private static void vote(String meetingId, String agent, String vote) {
        post("/api/meetings/" + meetingId + "/votes", """
                {"agent_id": "%s", "proposal_id": "use-postgres", "vote": "%s"}""".formatted(agent, vote), 201);
    }

    /** A meeting of ann, bob and cid created by ann, which {@code joining} join; its id. */
    static String meetingOfThree(String prefix, String topic, List<String> joining) {
        String id = ApiSupport.uniqueId(prefix);
        post("/api/meetings", """
                { "meeting_id": "%s", "topic": "%s", "creator": "ann", "participants": ["ann", "bob", "cid"] }"""
                .formatted(id, topic), 201);
        for (String agent : joining) {
            post("/api/meetings/" + id + "/join", "{\"agent_id\": \"" + agent + "\"}", 200);
        }
        return id;
    }

    static void post(String path, String body, int status) {
        RestAssured.given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(status);
    }

    private static String runStatus(String projectId) {
        return RestAssured.get("/api/projects/" + projectId + "/runs/run-1").then().statusCode(200)
                .extract().path("status");
    }

    private static int interrupts(String projectId) {
        return RestAssured.get("/api/projects/" + projectId + "/interrupts").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }
}
