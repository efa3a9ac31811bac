package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.app.EventHub;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.conclave.api.policy.RuleResourceTest;

/**
 * The policy lifecycle over REST, on a private copy of the shipped rules and a data folder of its own:
 * versions as objects, a candidate proposed without going live, the dry run's decision diff, pin, activate
 * and roll back, and the bad input of each. Every test starts from the shipped version active again.
 * <p>
 * The project: alice (x 5, likes design 10) and bob (x 5.3, y 6). t1 (design, x 5, priority 5) is served
 * first, then t2 (y 4, priority 3), both ready at once. The shipped score is skill x required level + 0.1 x
 * preference - open hours. t1: alice 25 + 1.0 = 26.0, bob 26.5: bob. t2: only bob has y: 24 - 2 open hours
 * (t1) = 22.0: bob. The candidate weighs preferences 0.2 (and names its assignment rule for it): t1 alice
 * 25 + 2.0 = 27.0 over bob 26.5; t2 bob 24.0 (t1 is not his). So exactly t1 moves.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(PolicyFolders.class)
public class PolicyLifecycleResourceTest {
    public static final String PREFERENCE = "s += 0.1 * a.preference(t.getTaskType()) - a.getOpenHours();";
    public static final String RULE = "rule \"Assign served task to best-scoring eligible agent\"";
    public static final String RENAMED = "Assign served task to best-scoring eligible agent, preferences weighing double";

    @Inject
    EventHub hub;

    private String shipped;

    public static String project(String id) {
        return ProjectJson.project(id).title("preferences")
                .agent(agent("alice").name("Alice").skill("x", 5).prefers("design", 10),
                        agent("bob").name("Bob").skill("x", 5.3).skill("y", 6))
                .task(task("t1").hours(2).priority(5).needs("x", 5).type("design"),
                        task("t2").hours(1).priority(3).needs("y", 4).type("review"))
                .json();
    }

    /**
     * The candidate's body: the doubled weight in common/scoring.drl, the assignment rule named for it, and a last
     * comment line in the assignment file naming {@code tag}, so each test proposes a version of its own.
     */
    public static String candidate(String note, String tag) throws Exception {
        ObjectNode files = Json.MAPPER.createObjectNode();
        files.put("common/scoring.drl", Files.readString(Path.of("rules/common/scoring.drl"))
                .replace(PREFERENCE, PREFERENCE.replace("0.1 *", "0.2 *")));
        files.put("assignment/assignment.drl", Files.readString(Path.of("rules/assignment/assignment.drl"))
                .replace(RULE, "rule \"" + RENAMED + "\"") + "// " + tag + "\n");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("files", files);
        body.put("note", note);
        return Json.MAPPER.writeValueAsString(body);
    }

    /** Proposes a candidate of this test's own (201) and returns its version. */
    public static String proposeCandidate() throws Exception {
        return api().contentType(ContentType.JSON).body(candidate("preferences weigh double",
                        java.util.UUID.randomUUID().toString())).when()
                .post("/api/policies").then().statusCode(201).body(jsonPath("created", equalTo(true)))
                .extract().path("version.version");
    }

    @BeforeEach
    void shippedIsActive() {
        shipped = PolicyFolders.shippedIsLive();
    }

    @Test
    void theDryRunShowsExactlyTheTaskThatMovesAndChangesNothing() throws Exception {
        String id = ApiSupport.uniqueId("dry");
        ApiSupport.create(project(id), id);
        String c = proposeCandidate();
        api().when().get("/api/policies").then().statusCode(200)
                .body(jsonPath("find { it.version == '" + c + "' }.status", equalTo("candidate")))
                .body(jsonPath("find { it.version == '" + c + "' }.note", equalTo("preferences weigh double")))
                .body(jsonPath("find { it.version == '" + c + "' }.predecessor", equalTo(shipped)))
                .body(jsonPath("find { it.version == '" + c + "' }.changes.changed",
                        contains("assignment/assignment.drl", "common/scoring.drl")))
                .body(jsonPath("find { it.version == '" + c + "' }.changes.chapters", contains("assignment", "common")))
                .body(jsonPath("find { it.version == '" + shipped + "' }.status", equalTo("active")))
                .body(jsonPath("find { it.version == '" + shipped + "' }.runs_on.projects", hasItem(id)));

        Path journal = PolicyFolders.DATA.resolve("projects").resolve(id).resolve("journal.jsonl");
        byte[] journalBefore = Files.readAllBytes(journal);
        String ledgerBefore = api().when().get("/api/projects/" + id + "/decisions").then().statusCode(200)
                .extract().asString();
        List<ServiceEvent> published = new CopyOnWriteArrayList<>();
        Runnable stop = hub.subscribe(0, e -> true, published::add);
        JsonPath diff;
        try {
            diff = api().header("X-Conclave-Actor", "ops").contentType(ContentType.JSON)
                    .body("{\"version\": \"" + c + "\", \"simulate\": {\"seed\": 5}}")
                    .when().post("/api/projects/" + id + "/dry-run").then().statusCode(200).extract().jsonPath();
        } finally {
            stop.run();
        }
        // nothing journaled, nothing published, the ledger as it was
        assertEquals(new String(journalBefore), Files.readString(journal));
        assertEquals(ledgerBefore, api().when().get("/api/projects/" + id + "/decisions").then().extract().asString());
        assertEquals(List.of(), published);

        assertEquals(true, diff.getBoolean("complete"));
        assertEquals(List.of(shipped), diff.getList("now_versions"));
        assertEquals(c, diff.getString("candidate_version"));
        assertEquals(List.of("t1"), diff.getList("tasks.task_id"), "exactly the task that moves");
        assertEquals(List.of("ASSIGNED", "bob", "Assign served task to best-scoring eligible agent", shipped,
                "highest score 26.5 among 2 eligible agent(s)"), List.of(diff.getString("tasks[0].now.status"),
                diff.getString("tasks[0].now.assignee"), diff.getString("tasks[0].now.rule"),
                diff.getString("tasks[0].now.policy_version"), diff.getString("tasks[0].now.reason")));
        assertEquals(List.of("ASSIGNED", "alice", RENAMED, c, "highest score 27.0 among 2 eligible agent(s)"),
                List.of(diff.getString("tasks[0].candidate.status"), diff.getString("tasks[0].candidate.assignee"),
                        diff.getString("tasks[0].candidate.rule"), diff.getString("tasks[0].candidate.policy_version"),
                        diff.getString("tasks[0].candidate.reason")));
        // the decisions only one side made: t1's assignment; t2's (bob on both sides) and both READY are shared
        assertEquals(List.of("ASSIGNED t1 [bob]"), lines(diff, "only_now"));
        assertEquals(List.of("ASSIGNED t1 [alice]"), lines(diff, "only_candidate"));
        assertEquals(List.of(), diff.getList("replay.candidate.refused"));
        // the same simulated run (seed 5) on both sides: both complete the two tasks
        assertEquals(5, diff.getInt("simulation.request.seed"));
        for (String side : List.of("now", "candidate")) {
            assertEquals("COMPLETED", diff.getString("simulation." + side + ".status"), side);
            assertEquals(2, diff.getInt("simulation." + side + ".task_summary.completed_tasks"), side);
        }
    }

    private static List<String> lines(JsonPath diff, String list) {
        return diff.<Map<String, Object>>getList(list).stream()
                .map(d -> d.get("kind") + " " + d.get("task_id") + " " + d.get("agent_ids")).toList();
    }

    /**
     * The dashboard's policy page (plain HTTP, no browser, as DashboardPagesTest): the versions with their status,
     * and a dry run's page with the task that moves, both assignees and both rules.
     */
    @Test
    void thePolicyPageShowsTheVersionsAndADryRunsDiff() throws Exception {
        String id = ApiSupport.uniqueId("page");
        ApiSupport.create(project(id), id);
        String c = proposeCandidate();
        page("/policy").body(containsString("<tr class=\"version\" data-version=\"" + c + "\" data-status=\"candidate\">"))
                .body(containsString("<tr class=\"version\" data-version=\"" + shipped + "\" data-status=\"active\">"))
                .body(containsString("<option value=\"" + c + "\">"));
        page("/policy?fragment=versions").body(org.hamcrest.Matchers.matchesPattern(
                "(?s)\\s*<section id=\"versions\".*</section>\\s*"));
        String html = page("/policy/dry-run?project_id=" + id + "&version=" + c).extract().asString();
        String row = html.substring(html.indexOf("<tr class=\"task-change\" data-task=\"t1\">"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains("<span class=\"assignee\">bob</span>") && row.contains("<span class=\"assignee\">alice</span>")
                && row.contains("<b class=\"rule\">Assign served task to best-scoring eligible agent</b>")
                && row.contains("<b class=\"rule\">" + RENAMED + "</b>"), row);
        assertTrue(!html.contains("data-task=\"t2\""), "t2 ends the same on both sides");
        io.restassured.RestAssured.get("/policy/dry-run?project_id=" + id + "&version=0123456789ab").then()
                .statusCode(404).contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .body(containsString("policy_not_found"));
    }

    private static io.restassured.response.ValidatableResponse page(String path) {
        return io.restassured.RestAssured.get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html"));
    }

    @Test
    void aVersionItsFilesAndTheDiffOfTwo() throws Exception {
        String c = proposeCandidate();
        api().when().get("/api/policies/" + c).then().statusCode(200)
                .body(jsonPath("version.status", equalTo("candidate")))
                .body(jsonPath("files.find { it.name == 'common/scoring.drl' }.content",
                        containsString("0.2 * a.preference")));
        JsonPath diff = api().when().get("/api/policies/" + shipped + "/diff/" + c).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("assignment/assignment.drl", "common/scoring.drl"), diff.getList("files.file"));
        // the renamed rule and the tag line; the weight
        assertEquals(List.of(2, 1), diff.getList("files.lines_added"));
        assertEquals(List.of(1, 1), diff.getList("files.lines_removed"));
        String scoring = diff.getString("files[1].unified");
        assertTrue(scoring.startsWith("--- " + shipped + "/common/scoring.drl\n+++ " + c + "/common/scoring.drl\n@@ "),
                scoring);
        assertTrue(scoring.contains("\n-    " + PREFERENCE + "\n+    " + PREFERENCE.replace("0.1 *", "0.2 *") + "\n"),
                scoring);
    }

    @Test
    void pinActivateAndRollBack() throws Exception {
        String pinned = ApiSupport.uniqueId("pinned");
        String free = ApiSupport.uniqueId("free");
        ApiSupport.create(project(pinned), pinned);
        ApiSupport.create(project(free), free);
        String c = proposeCandidate();
        // a candidate that never went live cannot be pinned to
        api().contentType(ContentType.JSON).body("{\"version\": \"" + c + "\"}").when()
                .put("/api/projects/" + pinned + "/pin").then().statusCode(409)
                .body(jsonPath("error", equalTo("policy_never_live")));
        api().contentType(ContentType.JSON).body("{\"version\": \"" + shipped + "\", \"reason\": \"audit\"}").when()
                .put("/api/projects/" + pinned + "/pin").then().statusCode(200)
                .body(jsonPath("pinned.version", equalTo(shipped))).body(jsonPath("policy_version", equalTo(shipped)));

        api().when().post("/api/policies/" + c + "/activate").then().statusCode(200)
                .body(jsonPath("status", equalTo("active")));
        assertTrue(Files.readString(PolicyFolders.RULES.resolve("common/scoring.drl")).contains("0.2 * a.preference"));
        // the free project moves (in the background, or before its next command); the pinned one stays
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> c.equals(
                api().when().get("/api/projects/" + free + "/pin").then().extract().path("policy_version")));
        api().when().get("/api/projects/" + pinned + "/pin").then().body(jsonPath("policy_version", equalTo(shipped)));
        api().when().get("/api/policies").then()
                .body(jsonPath("find { it.version == '" + shipped + "' }.runs_on.pinned_projects", contains(pinned)));
        // the dry run of the pinned project still works with the candidate live: its journal (created, pinned,
        // all under the shipped version) decides t1 for bob (26.5); under the candidate the pin is a move to it,
        // and t1 goes to alice (27.0), both rules named. t2 is bob's on both sides (only he has y)
        JsonPath diff = api().contentType(ContentType.JSON).body("{\"version\": \"" + c + "\"}").when()
                .post("/api/projects/" + pinned + "/dry-run").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(true, 1, 2), List.of(diff.getBoolean("complete"), diff.getInt("first_seq"),
                diff.getInt("entries")));
        assertEquals(List.of(shipped), diff.getList("now_versions"));
        assertEquals(List.of("t1"), diff.getList("tasks.task_id"));
        assertEquals(List.of("bob", "Assign served task to best-scoring eligible agent", "alice", RENAMED),
                List.of(diff.getString("tasks[0].now.assignee"), diff.getString("tasks[0].now.rule"),
                        diff.getString("tasks[0].candidate.assignee"), diff.getString("tasks[0].candidate.rule")));
        // and against the version it is pinned to, nothing differs
        api().contentType(ContentType.JSON).body("{\"version\": \"" + shipped + "\"}").when()
                .post("/api/projects/" + pinned + "/dry-run").then().statusCode(200)
                .body(jsonPath("tasks", hasSize(0))).body(jsonPath("counts.only_candidate", equalTo(0)));
        api().when().get("/api/projects/" + pinned + "/pin").then().body(jsonPath("policy_version", equalTo(shipped)));

        // a version that went live stays archived: journals replay under it
        api().when().delete("/api/policies/" + c).then().statusCode(409)
                .body(jsonPath("error", equalTo("policy_went_live")));

        // roll back: the shipped version again, journaled as a switch in the free project
        api().when().post("/api/policies/" + shipped + "/activate").then().statusCode(200)
                .body(jsonPath("status", equalTo("active")))
                .body(jsonPath("history.event", hasItem("activated")));
        assertEquals(Files.readString(Path.of("rules/common/scoring.drl")),
                Files.readString(PolicyFolders.RULES.resolve("common/scoring.drl")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> shipped.equals(
                api().when().get("/api/projects/" + free + "/pin").then().extract().path("policy_version")));
        List<String> types = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(PolicyFolders.DATA.resolve("projects").resolve(free).resolve("journal.jsonl"))) {
            var entry = Json.MAPPER.readTree(line);
            types.add(entry.path("type").asText() + "@" + entry.path("policy_version").asText());
        }
        assertEquals(List.of("create@" + shipped, "policy_switch@" + c, "policy_switch@" + shipped), types);

        api().when().delete("/api/projects/" + pinned + "/pin").then().statusCode(200)
                .body(jsonPath("pinned", nullValue()));
        api().when().delete("/api/projects/" + pinned + "/pin").then().statusCode(409)
                .body(jsonPath("error", equalTo("project_not_pinned")));
    }

    /**
     * A candidate that never went live is dropped over REST (its files leave the archive, its history stays);
     * a project whose run is open is dry-run on a snapshot of its journal (run_open), and a simulation beside the
     * open run is refused. The run is one of real agents, which stays open until they finish; nothing has
     * happened in it yet, so the same project under the candidate differs in t1 only, as in the first test.
     */
    @Test
    void aCandidateIsDroppedAndAProjectWithAnOpenRunIsDryRunOnASnapshot() throws Exception {
        String id = ApiSupport.uniqueId("open-run");
        ApiSupport.create(project(id), id);
        String c = proposeCandidate();
        api().header("X-Conclave-Actor", "ops").contentType(ContentType.JSON).body("{\"agents\": \"real\"}").when()
                .post("/api/projects/" + id + "/run").then().statusCode(202);
        JsonPath diff = api().contentType(ContentType.JSON).body("{\"version\": \"" + c + "\"}").when()
                .post("/api/projects/" + id + "/dry-run").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(true, true), List.of(diff.getBoolean("run_open"), diff.getBoolean("complete")));
        assertEquals(List.of("t1"), diff.getList("tasks.task_id"));
        api().contentType(ContentType.JSON).body("{\"version\": \"" + c + "\", \"simulate\": {\"seed\": 1}}").when()
                .post("/api/projects/" + id + "/dry-run").then().statusCode(409)
                .body(jsonPath("error", equalTo("run_in_progress")));

        api().when().delete("/api/policies/" + c).then().statusCode(200).body(jsonPath("status", equalTo("dropped")))
                .body(jsonPath("history.event", contains("proposed", "dropped")));
        api().when().get("/api/policies/" + c).then().statusCode(404)
                .body(jsonPath("error", equalTo("policy_not_found")));
        api().contentType(ContentType.JSON).body("{\"version\": \"" + c + "\"}").when()
                .post("/api/projects/" + id + "/dry-run").then().statusCode(404);
    }

    @Test
    void unknownVersionsAre404AndACandidateThatDoesNotCompileIs422WithPositions() throws Exception {
        String id = ApiSupport.uniqueId("bad");
        ApiSupport.create(project(id), id);
        String none = "0123456789ab";
        api().when().get("/api/policies/" + none).then().statusCode(404)
                .body(jsonPath("error", equalTo("policy_not_found")));
        api().when().get("/api/policies/" + shipped + "/diff/" + none).then().statusCode(404);
        api().when().post("/api/policies/" + none + "/activate").then().statusCode(404);
        api().when().delete("/api/policies/" + none).then().statusCode(404);
        api().contentType(ContentType.JSON).body("{\"version\": \"" + none + "\"}").when()
                .post("/api/projects/" + id + "/dry-run").then().statusCode(404)
                .body(jsonPath("error", equalTo("policy_not_found")));
        api().contentType(ContentType.JSON).body("{\"version\": \"" + none + "\"}").when()
                .put("/api/projects/" + id + "/pin").then().statusCode(404);
        api().contentType(ContentType.JSON).body("{\"version\": \"" + shipped + "\"}").when()
                .post("/api/projects/no-such-project/dry-run").then().statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));

        // the broken file of RuleResourceTest: the ')' without a right-hand operand is the 26th character of line
        // 7 (column 26); nothing is archived
        int archived = api().when().get("/api/policies").then().extract().path("size()");
        api().contentType(ContentType.JSON).body(Json.MAPPER.writeValueAsString(Map.of("files",
                        Map.of("workflow/broken.drl", RuleResourceTest.BROKEN)))).when().post("/api/policies").then()
                .statusCode(422)
                .body(jsonPath("error", equalTo("invalid_policy")))
                .body(jsonPath("details[0].file", equalTo("workflow/broken.drl")))
                .body(jsonPath("details[0].line", equalTo(7)))
                .body(jsonPath("details[0].column", equalTo(26)));
        assertEquals(archived, (int) api().when().get("/api/policies").then().extract().path("size()"));
        // input problems, every one with its JSON path
        api().contentType(ContentType.JSON).body("{\"files\": {\"../x.drl\": \"\"}, \"remove\": [\"nope\"], \"bsae\": 1}")
                .when().post("/api/policies").then().statusCode(400)
                .body(jsonPath("details.path", contains("$.bsae", "$.files.../x.drl", "$.remove[0]")));
        api().contentType(ContentType.JSON).body("{\"remove\": [\"workflow/none.drl\"]}")
                .when().post("/api/policies").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.remove[0]")));
        api().contentType(ContentType.JSON).body("{}").when().post("/api/projects/" + id + "/dry-run").then()
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.version")));
        api().contentType(ContentType.JSON).body("{\"version\": \"" + shipped + "\", \"simulate\": {\"mode\": \"incremental\"}}")
                .when().post("/api/projects/" + id + "/dry-run").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.simulate.mode")));
    }

    @Test
    void operatorsMayDryRunButNotChangeThePolicyAndAgentsMayDoNeither() throws Exception {
        String id = ApiSupport.uniqueId("roles");
        ApiSupport.create(project(id), id);
        String body = "{\"version\": \"" + shipped + "\"}";
        api().header("X-Conclave-Actor", "ops").contentType(ContentType.JSON).body(body).when()
                .post("/api/projects/" + id + "/dry-run").then().statusCode(200)
                .body(jsonPath("tasks", org.hamcrest.Matchers.empty()));
        api().header("X-Conclave-Actor", "ops").when().get("/api/policies").then().statusCode(200);
        api().header("X-Conclave-Actor", "ops").contentType(ContentType.JSON).body(candidate("x", "roles")).when()
                .post("/api/policies").then().statusCode(403);
        api().header("X-Conclave-Actor", "ops").when().post("/api/policies/" + shipped + "/activate").then().statusCode(403);
        api().header("X-Conclave-Actor", "ops").contentType(ContentType.JSON).body(body).when()
                .put("/api/projects/" + id + "/pin").then().statusCode(403);
        String agent = api().contentType(ContentType.JSON).body("{\"role\": \"agent\", \"agent_id\": \"alice\"}")
                .when().post("/api/tokens").then().statusCode(201).extract().path("token");
        api().header("Authorization", "Bearer " + agent).contentType(ContentType.JSON).body(body).when()
                .post("/api/projects/" + id + "/dry-run").then().statusCode(403);
        api().header("Authorization", "Bearer " + agent).when().get("/api/policies").then().statusCode(403);
    }
}
