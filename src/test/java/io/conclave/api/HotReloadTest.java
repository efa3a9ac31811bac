package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.read;
import static io.conclave.api.ApiSupport.twoAgentProject;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.ApiSupport.writeAtomically;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.conclave.api.policy.RuleResourceTest;

/**
 * Live rule editing on a private copy of the shipped rules, watched with a short quiet time ({@link PolicyFolders}):
 * edits on disk, broken files, PUT and POST /reload. Every test starts from the shipped files again.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(PolicyFolders.class)
public class HotReloadTest {

    /** The score line of the shipped common/scoring.drl: skill level times required level, summed. */
    private static final String SCORE_LINE = "s += a.skill(skills[i]) * levels[i];";
    /**
     * The same line subtracting instead: the agent with the LOWER matching skill scores higher. In the
     * two-agent project (x: alice 9, bob 5; tasks need x 5) the shipped score gives alice 45 over bob 25,
     * this one gives bob -25 over alice -45.
     */
    private static final String REVERSED_LINE = SCORE_LINE.replace("s += ", "s -= ");

    private static final Duration WITHIN = Duration.ofSeconds(30); // a rebuild of 40-odd rule files on 2 busy cores

    private Path rulesDir;
    private String shippedAssignment;
    private String shippedVersion;

    @BeforeEach
    void startFromTheShippedRules() {
        rulesDir = Path.of(rules().getString("rules_dir"));
        ApiSupport.restoreShippedRules(rulesDir);
        shippedVersion = api().when().post("/api/rules/reload")
                .then().statusCode(200).extract().path("active_version");
        shippedAssignment = read(rulesDir.resolve("common/scoring.drl"));
        assertTrue(shippedAssignment.contains(SCORE_LINE), "common/scoring.drl no longer has the score line this test edits");
    }

    @Test
    void editOnDiskChangesTheNextAssignmentAndKeepsLiveSessions() {
        String id = uniqueId("hot-live");
        create(twoAgentProject(id), id);
        task(id, "t1").then().body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("alice")));
        api().when().get("/api/projects/" + id).then().body(jsonPath("policy_version", equalTo(shippedVersion)));

        writeAtomically(rulesDir.resolve("common/scoring.drl"), shippedAssignment.replace(SCORE_LINE, REVERSED_LINE));

        String reversed = await().atMost(WITHIN).until(() -> rules().getString("active_version"), not(shippedVersion));
        assertTrue(rules().getBoolean("last_attempt.activated"));
        // score() changed: of assignment/'s eleven files only those whose rules call it (or a function that calls it)
        // were compiled, assignment.drl among them (its ranking rule calls rank(), which calls score())
        List<String> compiledFiles = rules().getList("chapters.find { it.name == 'assignment' }.compiled_files");
        assertTrue(compiledFiles.contains("assignment/assignment.drl") && compiledFiles.size() < 11,
                () -> "compiled " + compiledFiles);
        // the live project is moved to the new version ...
        await().atMost(WITHIN).until(() -> api().when().get("/api/projects/" + id).then().extract()
                .<String>path("policy_version"), equalTo(reversed));
        // ... and keeps its facts: t1 stays with alice, who still holds it
        task(id, "t1").then().body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("alice")));
        api().when().get("/api/projects/" + id + "/agents").then()
                .body(jsonPath("find { it.agent_id == 'alice' }.open_tasks", equalTo(1)));

        // alice finishes t1; t2 becomes READY and is scored by the new formula: bob -25 beats alice -45
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .post("/api/projects/" + id + "/tasks/t1/complete").then().statusCode(200);
        task(id, "t2").then().body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("bob")));
        api().when().get("/api/projects/" + id + "/decisions?kind=ASSIGNED")
                .then().statusCode(200)
                .body(jsonPath("task_id", contains("t1", "t2")))
                .body(jsonPath("policy_version", contains(shippedVersion, reversed)))
                .body(jsonPath("[1].score", equalTo(-25.0)));

        // a project created now is placed by the new formula from the start
        String fresh = uniqueId("hot-new");
        create(twoAgentProject(fresh), fresh);
        task(fresh, "t1").then().body(jsonPath("assignee", equalTo("bob")));
    }

    @Test
    void aPolicyGoingLiveIsOnTheEventStream() throws Exception {
        BlockingQueue<EventStreamTest.Received> events = EventStreamTest.listen("", null);
        String reversed = api().contentType(ContentType.TEXT).header("X-Conclave-Actor", "ceo")
                .body(shippedAssignment.replace(SCORE_LINE, REVERSED_LINE))
                .when().put("/api/rules/common/scoring.drl")
                .then().statusCode(200).extract().path("active_version");
        EventStreamTest.Received activated;
        do {
            activated = EventStreamTest.take(events, 1).get(0);
        } while (!activated.name().equals("POLICY_ACTIVATED"));
        assertEquals(reversed, activated.data().at("/data/policy_version").asText());
        assertEquals("ceo", activated.data().at("/data/activated_by").asText());
    }

    @Test
    void brokenFileOnDiskKeepsTheRunningPolicy() {
        // first make the reversed formula the running policy, so "the old policy" is not the shipped one
        String reversed = api().contentType(ContentType.TEXT)
                .body(shippedAssignment.replace(SCORE_LINE, REVERSED_LINE))
                .when().put("/api/rules/common/scoring.drl")
                .then().statusCode(200).extract().path("active_version");

        writeAtomically(rulesDir.resolve("workflow/broken.drl"), RuleResourceTest.BROKEN);

        await().atMost(WITHIN).until(() -> rules().getBoolean("last_attempt.activated"), is(false));
        api().when().get("/api/rules").then().statusCode(200)
                .body(jsonPath("active_version", equalTo(reversed)))
                .body(jsonPath("last_attempt.version", not(equalTo(reversed))))
                .body(jsonPath("last_attempt.errors[0].file", equalTo("workflow/broken.drl")))
                .body(jsonPath("last_attempt.errors[0].line", equalTo(7)))
                .body(jsonPath("last_attempt.errors[0].column", equalTo(26)))
                // the running policy's files do not include the broken one
                .body(jsonPath("files.name", not(hasItem("workflow/broken.drl"))));

        // the running (reversed) policy still decides: bob gets t1
        String id = uniqueId("hot-broken");
        create(twoAgentProject(id), id);
        task(id, "t1").then().body(jsonPath("assignee", equalTo("bob")));
        api().when().get("/api/projects/" + id).then().body(jsonPath("policy_version", equalTo(reversed)));

        // an explicit reload of the broken folder is refused with the same position
        api().when().post("/api/rules/reload")
                .then().statusCode(422)
                .body(jsonPath("error", equalTo("invalid_policy")))
                .body(jsonPath("details[0].file", equalTo("workflow/broken.drl")))
                .body(jsonPath("details[0].line", equalTo(7)));
        assertEquals(reversed, rules().getString("active_version"));
    }

    @Test
    void putValidatesBeforeWriting() {
        api().contentType(ContentType.TEXT).body(RuleResourceTest.BROKEN)
                .when().put("/api/rules/workflow/x.drl")
                .then().statusCode(422)
                .body(jsonPath("error", equalTo("invalid_policy")))
                .body(jsonPath("details[0].file", equalTo("workflow/x.drl")))
                .body(jsonPath("details[0].line", equalTo(7)));
        assertFalse(Files.exists(rulesDir.resolve("workflow/x.drl")));
        assertEquals(shippedVersion, rules().getString("active_version"));

        // breaking an existing file is refused too, and the file on disk keeps its text
        api().contentType(ContentType.TEXT).body(RuleResourceTest.BROKEN)
                .when().put("/api/rules/common/scoring.drl")
                .then().statusCode(422)
                .body(jsonPath("details[0].file", equalTo("common/scoring.drl")));
        assertEquals(shippedAssignment, read(rulesDir.resolve("common/scoring.drl")));
        assertEquals(shippedVersion, rules().getString("active_version"));

        // a good file is written and goes live at once
        String reversedText = shippedAssignment.replace(SCORE_LINE, REVERSED_LINE);
        String reversed = api().contentType(ContentType.TEXT).body(reversedText).header("X-Conclave-Actor", "policy-admin")
                .when().put("/api/rules/common/scoring.drl")
                .then().statusCode(200)
                .body(jsonPath("activated_by", equalTo("policy-admin")))
                .body(jsonPath("active_version", matchesPattern("[0-9a-f]{12}")))
                .body(jsonPath("active_version", not(equalTo(shippedVersion))))
                .body(jsonPath("last_attempt.trigger", equalTo("PUT common/scoring.drl")))
                .extract().path("active_version");
        assertEquals(reversedText, read(rulesDir.resolve("common/scoring.drl")));
        assertEquals(reversed, rules().getString("active_version"));
        String id = uniqueId("hot-put");
        create(twoAgentProject(id), id);
        task(id, "t1").then().body(jsonPath("assignee", equalTo("bob")));

        // a new file is added the same way
        api().contentType(ContentType.TEXT).body(RuleResourceTest.GOOD_EXTRA)
                .when().put("/api/rules/workflow/x.drl")
                .then().statusCode(200)
                .body(jsonPath("active_version", not(equalTo(reversed))))
                .body(jsonPath("files.name", hasItem("workflow/x.drl")));
        assertEquals(RuleResourceTest.GOOD_EXTRA, read(rulesDir.resolve("workflow/x.drl")));

        // and deleted again: the folder holds the same files as before it, so it is the same version
        api().when().delete("/api/rules/workflow/x.drl")
                .then().statusCode(200)
                .body(jsonPath("active_version", equalTo(reversed)));
        assertFalse(Files.exists(rulesDir.resolve("workflow/x.drl")));
        api().when().delete("/api/rules/workflow/x.drl")
                .then().statusCode(404)
                .body(jsonPath("error", equalTo("rule_file_not_found")));
    }

    /**
     * A refused PUT leaves the folder as it was, so the watcher's next look at it (every 500 ms here) records
     * a new last attempt for the active version: last_refused keeps the refused edit and its errors, and the
     * event stream carried it as POLICY_REFUSED.
     */
    @Test
    void theLastRefusedEditOutlivesTheWatchersNextLook() throws Exception {
        var events = EventStreamTest.listen("", null);
        api().contentType(ContentType.TEXT).body(RuleResourceTest.BROKEN)
                .when().put("/api/rules/workflow/refused.drl")
                .then().statusCode(422);

        await().atMost(WITHIN).until(() -> rules().getBoolean("last_attempt.activated"), is(true));
        api().when().get("/api/rules").then().statusCode(200)
                .body(jsonPath("active_version", equalTo(shippedVersion)))
                .body(jsonPath("last_refused.trigger", equalTo("PUT workflow/refused.drl")))
                .body(jsonPath("last_refused.activated", equalTo(false)))
                .body(jsonPath("last_refused.errors[0].file", equalTo("workflow/refused.drl")))
                .body(jsonPath("last_refused.errors[0].line", equalTo(7)))
                .body(jsonPath("last_refused.errors[0].column", equalTo(26)));

        EventStreamTest.Received refused = null;
        while (refused == null) {
            EventStreamTest.Received e = events.poll(WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(e != null, "no POLICY_REFUSED event");
            refused = "POLICY_REFUSED".equals(e.name()) ? e : null;
        }
        assertEquals("PUT workflow/refused.drl", refused.data().path("data").path("trigger").asText());
        assertEquals("workflow/refused.drl", refused.data().path("data").path("errors").path(0).path("file").asText());
        JsonNode project = refused.data().path("project_id");
        assertTrue(project.isMissingNode() || project.isNull(), "a policy event belongs to no project");
    }

    @Test
    void reloadActivatesAManualEdit() {
        // nothing changed: reload keeps the version
        api().when().post("/api/rules/reload").then().statusCode(200)
                .body(jsonPath("active_version", equalTo(shippedVersion)));

        writeAtomically(rulesDir.resolve("common/scoring.drl"), shippedAssignment.replace(SCORE_LINE, REVERSED_LINE));
        // Asked for at once, well inside the watcher's quiet time. Reload and the watcher take turns on one
        // lock, so whichever of them compiles the edit, it is live when reload answers: the answer names it.
        String reversed = api().when().post("/api/rules/reload")
                .then().statusCode(200)
                .body(jsonPath("last_attempt.activated", equalTo(true)))
                .body(jsonPath("files.name", equalTo(ApiSupport.shippedRuleFiles())))
                .extract().path("active_version");
        assertNotEquals(shippedVersion, reversed);

        String id = uniqueId("hot-reload");
        create(twoAgentProject(id), id);
        task(id, "t1").then().body(jsonPath("assignee", equalTo("bob")));
        api().when().get("/api/projects/" + id).then().body(jsonPath("policy_version", equalTo(reversed)));
    }

    private static JsonPath rules() {
        return api().when().get("/api/rules").then().statusCode(200).extract().jsonPath();
    }

    private static Response task(String projectId, String taskId) {
        return api().when().get("/api/projects/" + projectId + "/tasks/" + taskId);
    }
}
