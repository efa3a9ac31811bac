package io.conclave.api.policy;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.api.ApiSupport;
import io.conclave.api.PolicyFolders;
import io.conclave.api.ProjectJson;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Canary roll-outs over REST, on a private copy of the shipped rules and a data folder of its own (roll-outs
 * activate versions and move projects). Every test starts from the shipped version active and no roll-out running.
 * <p>
 * Every project is the same small one: alice (x 9, y 9) and bob (x 5, y 5); t1 needs x 5, t2 needs y 5 after t1.
 * Under the shipped score (skill x required level, less open hours) alice scores 45 and bob 25 on either, so at its
 * creation t1 goes to alice and t2 waits for t1. t2 needs another skill than t1 so that what alice learns from t1
 * (x) gives t2 no other look of its own (learning.drl reconsiders an UNASSIGNABLE task requiring a learned skill). The refusing candidate raises every required level by 1000 in {@code hasSkills}
 * (common/scoring.drl): no agent qualifies for anything, so a task that becomes ready under it is UNASSIGNABLE,
 * while a task assigned before stays where it is.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(PolicyFolders.class)
class RolloutResourceTest {

    static final String HAS_SKILLS = "if (a.skill(skills[i]) < levels[i]) {";

    @Inject
    EventHub hub;

    @Inject
    Engine engine;

    private String shipped;

    static String project(String id) {
        return ProjectJson.project(id).title("canary")
                .agent(agent("alice").name("Alice").skill("x", 9).skill("y", 9),
                        agent("bob").name("Bob").skill("x", 5).skill("y", 5))
                .task(task("t1").hours(1).priority(3).needs("x", 5),
                        task("t2").hours(1).priority(3).needs("y", 5).after("t1"))
                .json();
    }

    /** Proposes a candidate that changes common/scoring.drl with {@code edit} (and a last comment line of its own). */
    static String propose(String note, java.util.function.UnaryOperator<String> edit) throws Exception {
        ObjectNode files = Json.MAPPER.createObjectNode();
        files.put("common/scoring.drl", edit.apply(Files.readString(Path.of("rules/common/scoring.drl")))
                + "// " + java.util.UUID.randomUUID() + "\n");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("files", files);
        body.put("note", note);
        return ApiSupport.api().contentType(ContentType.JSON).body(Json.MAPPER.writeValueAsString(body)).when()
                .post("/api/policies").then().statusCode(201).extract().path("version.version");
    }

    /** A candidate under which no agent has the skills for any task. */
    static String refusing() throws Exception {
        return propose("every agent refused", s -> s.replace(HAS_SKILLS, "if (a.skill(skills[i]) < levels[i] + 1000) {"));
    }

    /** A candidate that decides as the shipped policy does (it only adds a comment). */
    static String harmless() throws Exception {
        return propose("a comment", s -> s);
    }

    static ValidatableResponse rollOut(String version, String body) {
        return ApiSupport.api().contentType(ContentType.JSON).body(body).when()
                .post("/api/policies/" + version + "/rollout").then();
    }

    static JsonPath rollout(String id) {
        return ApiSupport.api().when().get("/api/rollouts/" + id).then().statusCode(200).extract().jsonPath();
    }

    static void awaitState(String id, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state.equals(rollout(id).getString("state")));
    }

    static JsonPath pin(String project) {
        return ApiSupport.api().when().get("/api/projects/" + project + "/pin").then().statusCode(200).extract()
                .jsonPath();
    }

    /**
     * The journal's entries: type, policy version, actor, and the body's reason when it has one; a switch without its
     * actor (it names whoever activated the version it moves to, here the start or an earlier test's reload).
     */
    static List<String> journal(String project) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(journalFile(project))) {
            JsonNode e = Json.MAPPER.readTree(line);
            JsonNode reason = e.path("body").path("reason");
            boolean move = "policy_switch".equals(e.get("type").asText());
            out.add(e.get("type").asText() + " " + e.get("policy_version").asText()
                    + (move ? "" : " " + e.get("actor").asText()) + (reason.isTextual() ? " " + reason.asText() : ""));
        }
        return out;
    }

    static Path journalFile(String project) {
        return PolicyFolders.DATA.resolve("projects").resolve(project).resolve("journal.jsonl");
    }

    @BeforeEach
    void shippedIsActiveAndNoRollOutRuns() {
        for (String id : ApiSupport.api().when().get("/api/rollouts").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.state == 'running' }.rollout_id", String.class)) {
            ApiSupport.api().contentType(ContentType.JSON).body("{}").when().post("/api/rollouts/" + id + "/abort")
                    .then().statusCode(200);
        }
        shipped = PolicyFolders.shippedIsLive();
    }

    /**
     * The canary trips and rolls itself back. Under the refusing candidate the canary keeps t1 (assigned to alice
     * before it joined); when alice completes t1, t2 becomes ready and no agent qualifies: 1 UNASSIGNABLE task, 0
     * when it joined, 0 allowed. The guard, read from the shipped policy, trips; the canary is unpinned with that
     * reason and moves back to the shipped version, which reconsiders t2 and gives it to alice (45 over bob's 25;
     * she holds nothing since t1 completed). The other project is not touched, and both ledgers replay byte for byte.
     */
    @Test
    void aCanaryWhoseGuardTripsRollsItselfBackAndEveryLedgerReplays() throws Exception {
        String canary = ApiSupport.uniqueId("canary");
        String rest = ApiSupport.uniqueId("rest");
        ApiSupport.create(project(canary), canary);
        ApiSupport.create(project(rest), rest);
        String c = refusing();
        byte[] restBefore = Files.readAllBytes(journalFile(rest));
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        Runnable stop = hub.subscribe(0, e -> e.type().startsWith("ROLLOUT_")
                || canary.equals(e.projectId()) && e.type().startsWith("POLICY_"), events::add);
        String id;
        try {
            JsonPath started = rollOut(c, "{\"projects\": [\"" + canary + "\"], \"note\": \"refuse everyone\"}")
                    .statusCode(201).header("Location", containsString("/api/rollouts/rollout-")).extract().jsonPath();
            id = started.getString("rollout_id");
            assertEquals(List.of("running", c, shipped, List.of(canary), 60), List.of(started.getString("state"),
                    started.getString("version"), started.getString("previous_version"), started.getList("named"),
                    started.getInt("window_minutes")));
            assertEquals(List.of(0, 0, 0), List.of(started.getInt("guards.unassignable_tasks"),
                    started.getInt("guards.refused_commands"), started.getInt("guards.failed_runs")));
            assertNull(started.get("guards.differing_decisions"), "not guarded unless asked for");
            assertEquals(List.of(canary, c, 0), List.of(started.getString("projects[0].project_id"),
                    started.getString("projects[0].policy_version"), started.getInt("projects[0].unassignable_before")));
            assertEquals(List.of(c, "canary of roll-out " + id), List.of(pin(canary).getString("policy_version"),
                    pin(canary).getString("pinned.reason")));
            assertEquals(shipped, pin(rest).getString("policy_version"));

            // while it runs, its pin is the roll-out's, its version is not activated by hand, nor dropped (a project is
            // pinned to it)
            ApiSupport.api().contentType(ContentType.JSON).body("{\"version\": \"" + shipped + "\"}").when()
                    .put("/api/projects/" + canary + "/pin").then().statusCode(409)
                    .body(jsonPath("error", equalTo("project_in_rollout")));
            ApiSupport.api().when().delete("/api/projects/" + canary + "/pin").then().statusCode(409)
                    .body(jsonPath("error", equalTo("project_in_rollout")));
            ApiSupport.api().when().post("/api/policies/" + c + "/activate").then().statusCode(409)
                    .body(jsonPath("error", equalTo("rollout_running")));
            ApiSupport.api().when().delete("/api/policies/" + c).then().statusCode(409)
                    .body(jsonPath("error", equalTo("policy_pinned")));

            ApiSupport.api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}").when()
                    .post("/api/projects/" + canary + "/tasks/t1/complete").then().statusCode(200);
            awaitState(id, "rolled_back");
        } finally {
            stop.run();
        }
        String reason = "project " + canary + " has 1 UNASSIGNABLE task(s), 0 when it joined: 1 more, 0 allowed";
        JsonPath r = rollout(id);
        assertEquals(List.of(reason, "conclave"), List.of(r.getString("reason"), r.getString("ended_by")));
        assertEquals(List.of("TRIPPED", canary, "unassignable_tasks", 1, 0, reason,
                        "A canary trips when a project has more UNASSIGNABLE tasks than when it joined", shipped),
                List.of(r.getString("trips[0].kind"), r.getString("trips[0].project_id"), r.getString("trips[0].guard"),
                        r.getInt("trips[0].observed"), r.getInt("trips[0].allowed"), r.getString("trips[0].reason"),
                        r.getString("trips[0].rule"), r.getString("trips[0].policy_version")));
        assertEquals(List.of(shipped, 0, "roll-out " + id + " rolled back: " + reason), List.of(
                r.getString("projects[0].policy_version"), r.getInt("projects[0].unassignable_now"),
                r.getString("projects[0].left_reason")), "back on the shipped version, t2 no longer unassignable");

        // the canary: back on the shipped version, unpinned; t2 reconsidered there and given to alice
        assertEquals(shipped, pin(canary).getString("policy_version"));
        assertNull(pin(canary).get("pinned"));
        ApiSupport.api().when().get("/api/projects/" + canary + "/tasks/t2").then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("alice")));
        JsonPath ledger = ApiSupport.api().when().get("/api/projects/" + canary + "/decisions?task_id=t2").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("STATUS_CHANGED " + c, "UNASSIGNABLE " + c, "STATUS_CHANGED " + shipped,
                        "ASSIGNED " + shipped),
                ledger.<Map<String, Object>>getList("$").stream().map(d -> d.get("kind") + " " + d.get("policy_version"))
                        .toList(), "ready and unassignable under the candidate, reconsidered and assigned back home");
        assertEquals("Task is unassignable when no agent has the required skills",
                ledger.getString("find { it.kind == 'UNASSIGNABLE' }.rule"));
        // journaled: the creation, the move to the candidate (under the shipped version), alice's report under the
        // candidate, the move back by the service with the reason, and the switch to the shipped version
        assertEquals(List.of("create " + shipped + " admin", "policy_pin " + shipped + " admin canary of roll-out " + id,
                        "task_event " + c + " alice", "policy_unpin " + c + " conclave roll-out " + id
                                + " rolled back: " + reason, "policy_switch " + shipped),
                journal(canary));

        // the other project: not a byte of its journal changed, still on the shipped version, t2 waiting for t1
        assertEquals(new String(restBefore), Files.readString(journalFile(rest)));
        assertEquals(shipped, pin(rest).getString("policy_version"));

        // the stream and the dashboard's sources: started, joined, rolled back with the reason; the pin and unpin
        List<String> types = events.stream().map(ServiceEvent::type).toList();
        assertEquals(List.of("ROLLOUT_STARTED", "POLICY_PINNED", "ROLLOUT_JOINED", "POLICY_UNPINNED",
                "ROLLOUT_ROLLED_BACK"), types);
        ServiceEvent back = events.get(events.size() - 1);
        assertEquals(List.of(id, "rolled_back", reason), List.of(back.data().get("rollout_id").asText(),
                back.data().get("state").asText(), back.data().get("reason").asText()));
        // the dashboard's page of the roll-out: rolled back, the reason, the tripped guard on the canary project
        ApiSupport.api().when().get("/policy/rollouts/" + id).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .body(containsString("id=\"rollout-state\">rolled_back</span>"))
                .body(containsString("<span id=\"rollout-reason\">" + reason + "</span>"))
                .body(containsString("<tr class=\"trip\" data-project=\"" + canary + "\" data-guard=\"unassignable_tasks\">"));

        // the version ran on a project: its history says so, and it stays archived (journals replay under it)
        ApiSupport.api().when().get("/api/policies/" + c).then().statusCode(200)
                .body(jsonPath("version.history.event",
                        org.hamcrest.Matchers.contains("proposed", "rolled_out", "rolled_back")));
        ApiSupport.api().when().delete("/api/policies/" + c).then().statusCode(409)
                .body(jsonPath("error", equalTo("policy_went_live")));

        Replays.assertLedgersReplay(engine, PolicyFolders.RULES, PolicyFolders.DATA, List.of(canary, rest));
    }

    /**
     * A healthy canary is promoted. The service holds only this test's projects. A project's place is the first 8
     * bytes of the SHA-256 of its id over 2^64: fleet-a f66b01e1… 0.963, fleet-b a57f080c… 0.646, fleet-c 35bd11f5…
     * 0.210, fleet-d 11bcb7ea… 0.069 (sha256sum by hand); a share of 0.25 takes fleet-c and fleet-d. Created during
     * the roll-out, late-d (3d287f79… 0.239) joins it and late-a (5abb358d… 0.354) does not. The candidate only adds
     * a comment, so the canary decides as the shipped version would: 0 differing decisions of a budget of 0; with a
     * window of 0 minutes the guards say at once that it may be promoted, and the promotion activates it everywhere.
     */
    @Test
    void aHealthyCanaryIsPromotedToEveryProject() throws Exception {
        for (String other : ApiSupport.api().when().get("/api/projects").then().extract().jsonPath()
                .getList("project_id", String.class)) {
            ApiSupport.api().when().delete("/api/projects/" + other).then().statusCode(204);
        }
        for (String p : List.of("fleet-a", "fleet-b", "fleet-c", "fleet-d")) {
            ApiSupport.create(project(p), p);
        }
        String c = harmless();
        JsonPath started = rollOut(c, "{\"share\": 0.25, \"window_minutes\": 0, \"guards\": {\"differing_decisions\": 0}}")
                .statusCode(201).extract().jsonPath();
        String id = started.getString("rollout_id");
        assertEquals(List.of("fleet-c", "fleet-d"), started.getList("projects.project_id"));
        ApiSupport.create(project("late-a"), "late-a");
        ApiSupport.create(project("late-d"), "late-d");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rollout(id).getList("projects.project_id")
                .contains("late-d") && rollout(id).getBoolean("promotable"));
        JsonPath r = rollout(id);
        assertEquals(List.of("fleet-c", "fleet-d", "late-d"), r.getList("projects.project_id"));
        assertEquals(List.of(0, 0, 0), r.getList("projects.differing_decisions"), "the same decisions as shipped");
        assertEquals(List.of("PROMOTABLE", "A canary that no guard tripped for its whole window may be promoted", shipped),
                List.of(r.getString("last_verdict.kind"), r.getString("last_verdict.rule"),
                        r.getString("last_verdict.policy_version")));
        assertEquals(shipped, pin("late-a").getString("policy_version"), "its place is outside the share");

        JsonPath promoted = ApiSupport.api().when().post("/api/rollouts/" + id + "/promote").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("promoted", promoted.getString("state"));
        ApiSupport.api().when().get("/api/rules").then().body(jsonPath("active_version", equalTo(c)));
        for (String p : List.of("fleet-a", "fleet-b", "fleet-c", "fleet-d", "late-a", "late-d")) {
            assertEquals(c, pin(p).getString("policy_version"), p);
            assertNull(pin(p).get("pinned"), p);
        }
        // a canary project unpinned with the reason (it runs the version already: no switch); another one switched
        List<String> canary = journal("fleet-c");
        assertEquals("policy_unpin " + c + " admin roll-out " + id + " promoted: policy " + c + " is active",
                canary.get(canary.size() - 1));
        assertEquals(List.of("create " + shipped + " admin", "policy_switch " + c), journal("fleet-a"),
                "a project outside the share moved by the activation");
        ApiSupport.api().when().get("/api/policies/" + c).then()
                .body(jsonPath("version.status", equalTo("active")))
                .body(jsonPath("version.history.trigger", hasItem("POST /api/rollouts/" + id + "/promote")));
        ApiSupport.api().when().post("/api/rollouts/" + id + "/promote").then().statusCode(409)
                .body(jsonPath("error", equalTo("rollout_finished")));
    }

    /**
     * A canary aborted by hand goes back with the reason journaled; before, its window of an hour keeps it from
     * being promoted (the guards' words say until when: the start plus 60 minutes).
     */
    @Test
    void anAbortedCanaryGoesBackWithTheReasonJournaled() throws Exception {
        String canary = ApiSupport.uniqueId("aborted");
        ApiSupport.create(project(canary), canary);
        String c = harmless();
        JsonPath started = rollOut(c, "{\"projects\": [\"" + canary + "\"]}").statusCode(201).extract().jsonPath();
        String id = started.getString("rollout_id");
        Instant ends = Instant.parse(started.getString("started_at")).plus(Duration.ofMinutes(60));
        assertEquals(ends.toString(), started.getString("window_ends_at"));
        ApiSupport.api().when().post("/api/rollouts/" + id + "/promote").then().statusCode(409)
                .body(jsonPath("error", equalTo("rollout_window_open")))
                .body(jsonPath("message",
                        containsString("no guard tripped on 1 canary project(s); the window ends at " + ends)));
        ApiSupport.api().contentType(ContentType.JSON).body("{\"reason\": \"the audit starts today\"}").when()
                .post("/api/rollouts/" + id + "/abort").then().statusCode(200)
                .body(jsonPath("state", equalTo("aborted"))).body(jsonPath("reason", equalTo("the audit starts today")))
                .body(jsonPath("ended_by", equalTo("admin")));
        assertEquals(shipped, pin(canary).getString("policy_version"));
        List<String> j = journal(canary);
        assertEquals(List.of("policy_unpin " + c + " admin roll-out " + id + " aborted by admin: the audit starts today",
                "policy_switch " + shipped), j.subList(j.size() - 2, j.size()));
        ApiSupport.api().contentType(ContentType.JSON).body("{}").when().post("/api/rollouts/" + id + "/abort").then()
                .statusCode(409).body(jsonPath("error", equalTo("rollout_finished")));
    }

    /**
     * A command the rules refuse on a canary project counts against its guard: bob reports t1 done, but t1 is alice's
     * (409 from the rules, under the candidate): 1 refused, 0 allowed.
     */
    @Test
    void aRefusedCommandTripsItsGuard() throws Exception {
        String canary = ApiSupport.uniqueId("refused");
        ApiSupport.create(project(canary), canary);
        String id = rollOut(harmless(), "{\"projects\": [\"" + canary + "\"]}").statusCode(201).extract()
                .path("rollout_id");
        ApiSupport.api().contentType(ContentType.JSON).body("{\"agent_id\": \"bob\"}").when()
                .post("/api/projects/" + canary + "/tasks/t1/complete").then().statusCode(409);
        awaitState(id, "rolled_back");
        JsonPath r = rollout(id);
        assertEquals(List.of("refused_commands", 1, 0, "project " + canary + " had 1 command(s) refused since it joined, 0 allowed"),
                List.of(r.getString("trips[0].guard"), r.getInt("trips[0].observed"), r.getInt("trips[0].allowed"),
                        r.getString("trips[0].reason")));
        assertEquals(shipped, pin(canary).getString("policy_version"));
    }

    @Test
    void badRequestsAreRefusedWithTheirPaths() throws Exception {
        String canary = ApiSupport.uniqueId("bad");
        ApiSupport.create(project(canary), canary);
        String c = harmless();
        rollOut("0123456789ab", "{\"share\": 0.5}").statusCode(404)
                .body(jsonPath("error", equalTo("policy_not_found")));
        for (String share : List.of("0", "-0.1", "1.5")) {
            rollOut(c, "{\"share\": " + share + "}").statusCode(400).body(jsonPath("error", equalTo("invalid_request")))
                    .body(jsonPath("details.path", org.hamcrest.Matchers.contains("$.share")));
        }
        rollOut(c, "{}").statusCode(400).body(jsonPath("details.path", org.hamcrest.Matchers.contains("$.share")));
        rollOut(c, "{\"share\": 0.5, \"projects\": [\"" + canary + "\"]}").statusCode(400)
                .body(jsonPath("details.path", org.hamcrest.Matchers.contains("$.projects")));
        rollOut(c, "{\"projects\": [\"" + canary + "\", \"" + canary + "\"], \"window_minutes\": -1, "
                + "\"guards\": {\"unassignable_tasks\": -2}}").statusCode(400)
                .body(jsonPath("details.path",
                        org.hamcrest.Matchers.containsInAnyOrder("$.projects[1]", "$.window_minutes",
                        "$.guards.unassignable_tasks")));
        rollOut(c, "{\"projects\": [\"" + canary + "\"], \"shares\": 1}").statusCode(400)
                .body(jsonPath("details.path", hasItem("$.shares")));
        rollOut(c, "{\"projects\": [\"" + canary + "\", \"no-such-project\"]}").statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")))
                .body(jsonPath("details.path", org.hamcrest.Matchers.contains("$.projects[1]")));
        rollOut(shipped, "{\"projects\": [\"" + canary + "\"]}").statusCode(409)
                .body(jsonPath("error", equalTo("policy_active")));
        // an operator reads roll-outs but starts none
        ApiSupport.api().header("X-Conclave-Actor", "ops").contentType(ContentType.JSON)
                .body("{\"projects\": [\"" + canary + "\"]}").when().post("/api/policies/" + c + "/rollout").then()
                .statusCode(403);
        ApiSupport.api().header("X-Conclave-Actor", "ops").when().get("/api/rollouts").then().statusCode(200);
        ApiSupport.api().when().get("/api/rollouts/rollout-999").then().statusCode(404)
                .body(jsonPath("error", equalTo("rollout_not_found")));
        // nothing of the refused requests stayed: no roll-out, the project on the shipped version
        assertEquals(shipped, pin(canary).getString("policy_version"));
        String id = rollOut(c, "{\"projects\": [\"" + canary + "\"]}").statusCode(201).extract().path("rollout_id");
        rollOut(c, "{\"share\": 1}").statusCode(409).body(jsonPath("error", equalTo("rollout_running")))
                .body(jsonPath("message", containsString(id)));
    }
}
