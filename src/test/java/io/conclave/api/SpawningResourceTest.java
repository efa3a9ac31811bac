package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static io.conclave.api.meeting.MeetingResourceTest.join;
import static io.conclave.api.meeting.MeetingResourceTest.json;
import static io.conclave.api.meeting.MeetingResourceTest.post;
import static io.conclave.api.meeting.MeetingResourceTest.state;
import static io.conclave.api.meeting.MeetingResourceTest.vote;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Tasks spawned from a live meeting task's accepted proposals, and the {@code spawning} block's validation. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class SpawningResourceTest {

    @Test
    void anAcceptedProposalOfALiveMeetingTaskBecomesAnAssignedTask() {
        String project = uniqueId("spawn");
        ApiSupport.create(project(project).setJson("spawning", "{}")
                .agent(agent("ann").skill("x", 7), agent("bob").skill("y", 8), agent("cid").skill("z", 5))
                .task(task("sync").description("Plan the ledger").meeting("ann", "bob", "cid").hours(1))
                .json(), project);
        String meeting = project + ".sync";
        MeetingTaskTest.awaitOrDumpThreads(() -> json().get("/api/meetings/" + meeting).then().statusCode(200));
        join(meeting, "ann").statusCode(200);
        join(meeting, "bob").statusCode(200);   // 2 of 3: the discussion opens
        join(meeting, "cid").statusCode(200);
        post(meeting, """
                {"agent_id": "ann", "message_type": "proposal", "proposal_id": "plan", "title": "Write the ledger plan",
                 "details": "Who writes it and how long.\\nskills: y 6\\nhours: 3\\ntype: development"}""").statusCode(201);
        post(meeting, """
                {"agent_id": "bob", "message_type": "proposal", "proposal_id": "drop", "title": "Drop the ledger"}""")
                .statusCode(201);
        state(meeting, "ann", "voting").statusCode(200);   // ann chairs (first attendee)
        // plan: 2 yes of 3 active, majority 2 -> accepted; drop: 3 no -> rejected; the last vote owed closes
        vote(meeting, "ann", "plan", "yes");
        vote(meeting, "bob", "plan", "yes");
        vote(meeting, "cid", "plan", "no");
        vote(meeting, "ann", "drop", "no");
        vote(meeting, "bob", "drop", "no");
        vote(meeting, "cid", "drop", "no").statusCode(201);

        // the outcome is journaled before sync completes; sync.plan becomes READY when sync completes and is
        // assigned by the normal rules: only bob has y >= 6. Nothing for the rejected "drop".
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                api().get("/api/projects/" + project).then().statusCode(200)
                        .body(jsonPath("tasks.task_id", contains("sync", "sync.plan")))
                        .body(jsonPath("tasks[0].status", equalTo("COMPLETED")))
                        .body(jsonPath("tasks[1].status", equalTo("ASSIGNED")))
                        .body(jsonPath("tasks[1].assignee", equalTo("bob")))
                        .body(jsonPath("tasks[1].description", equalTo("Write the ledger plan")))
                        .body(jsonPath("tasks[1].estimated_hours", equalTo(3.0)))
                        .body(jsonPath("tasks[1].task_type", equalTo("development")))
                        .body(jsonPath("tasks[1].required_skills.y", equalTo(6.0)))
                        .body(jsonPath("tasks[1].dependencies", contains("sync")))
                        .body(jsonPath("tasks[1].spawned_by", equalTo("sync")))
                        .body(jsonPath("tasks[1].spawn_depth", equalTo(1)))
                        .body(jsonPath("tasks[0].spawned_by", nullValue()))   // absent for a task of the file
                        .body(jsonPath("tasks[0].spawn_depth", nullValue())));
        api().get("/api/projects/" + project + "/decisions?task=sync.plan&kind=SPAWNED").then().statusCode(200)
                .body(jsonPath("rule", contains("Spawn a task for an accepted proposal of a meeting")))
                .body(jsonPath("agent_ids[0]", contains("ann")))
                .body(jsonPath("reason[0]", containsString("accepted in meeting task sync")));
    }

    /** A project in the async orchestrator guide's own format: no spawning block; a meeting task and a task after it. */
    private static String guideProject(String id, String spawning) {
        ProjectJson p = project(id).title("Healthcare Blockchain").description("A permissioned ledger")
                .set("execution_mode", "fully_automated");
        if (spawning != null) {
            p.setJson("spawning", spawning);
        }
        return p.mode("same_day").startDate("2024-01-15T09:00:00")
                .agent(agent("pm").name("Emily Martinez").occupation("Project Manager")
                                .skill("project_management", 8).skill("communication", 7).prefers("coordination", 9),
                        agent("cto").name("Dr. James Wilson").occupation("CTO")
                                .skill("blockchain", 9).skill("architecture", 8).prefers("architecture", 9))
                .task(task("architecture_review").description("Review the ledger architecture")
                        .date("2024-01-15T09:00:00").hours(1).priority(5).meeting("pm", "cto").needs("architecture", 6))
                .setJson("ceo_oversight", """
                        {"enabled": true, "interrupt_triggers": ["milestone_completion"],
                         "review_frequency": "weekly"}""")
                .json();
    }

    /**
     * The guide's Dynamic Task Spawning: "Meeting outcomes automatically generate new tasks", its example meeting
     * results holding "action_items": ["Create technical specification", "Schedule follow-up review"]. A file in the
     * guide's format (no spawning block) spawns by default: cto completes the meeting task architecture_review with
     * those results, and each action item becomes a task. Worked out by hand: ids architecture_review.action-1 and
     * .action-2 (numbered in order), descriptions the items' texts, the meeting task's required skills (architecture
     * 6) and priority (5), 1 h each (no hint), depending on the meeting task, which is COMPLETED by the same report:
     * both are READY and assigned at once. Only cto has architecture >= 6 (pm has none): both go to cto.
     */
    @Test
    void aFileInTheGuidesFormatSpawnsATaskForEachActionItemOfAMeetingsResults() {
        String project = uniqueId("spawn-guide");
        ApiSupport.create(guideProject(project, null), project);
        api().when().get("/api/projects/" + project + "/tasks/architecture_review").then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED")));
        api().contentType(ContentType.JSON).body("""
                { "agent_id": "cto", "result": {
                    "decisions": ["A permissioned ledger on Hyperledger Fabric"],
                    "action_items": ["Create technical specification", "Schedule follow-up review"],
                    "risks": ["HIPAA scope of patient records"] } }""")
                .when().post("/api/projects/" + project + "/tasks/architecture_review/complete").then().statusCode(200);
        api().get("/api/projects/" + project).then().statusCode(200)
                .body(jsonPath("tasks.task_id", contains("architecture_review", "architecture_review.action-1",
                        "architecture_review.action-2")))
                .body(jsonPath("tasks[0].status", equalTo("COMPLETED")))
                .body(jsonPath("tasks[1].description", equalTo("Create technical specification")))
                .body(jsonPath("tasks[2].description", equalTo("Schedule follow-up review")))
                .body(jsonPath("tasks[1].required_skills.architecture", equalTo(6.0)))
                .body(jsonPath("tasks[1].priority", equalTo(5)))
                .body(jsonPath("tasks[1].estimated_hours", equalTo(1.0)))
                .body(jsonPath("tasks[1].dependencies", contains("architecture_review")))
                .body(jsonPath("tasks[1].spawned_by", equalTo("architecture_review")))
                .body(jsonPath("tasks[1].status", equalTo("ASSIGNED")))
                .body(jsonPath("tasks[1].assignee", equalTo("cto")))
                .body(jsonPath("tasks[2].assignee", equalTo("cto")));
        api().get("/api/projects/" + project + "/decisions?kind=SPAWNED").then().statusCode(200)
                .body(jsonPath("task_id", contains("architecture_review.action-1", "architecture_review.action-2")))
                .body(jsonPath("rule", contains("Spawn a task for an accepted proposal of a meeting",
                        "Spawn a task for an accepted proposal of a meeting")))
                .body(jsonPath("agent_ids[0]", contains("cto")))
                .body(jsonPath("details[0].proposal_id", equalTo("action-1")));
        // the new work reaches cto's inbox like any assignment
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals(List.of("architecture_review.action-1",
                        "architecture_review.action-2"), AgentInboxTest.items("cto", "project_id", project).stream()
                        .filter(i -> "assignment".equals(i.get("kind"))).map(i -> i.get("task_id")).toList()));
    }

    /** The same file and report with "spawning": { "enabled": false }: the file opts out, nothing is spawned. */
    @Test
    void aFileOptsOutOfSpawningInItsSpawningBlock() {
        String project = uniqueId("spawn-optout");
        ApiSupport.create(guideProject(project, "{ \"enabled\": false }"), project);
        api().contentType(ContentType.JSON).body("""
                { "agent_id": "cto", "result": { "action_items": ["Create technical specification"] } }""")
                .when().post("/api/projects/" + project + "/tasks/architecture_review/complete").then().statusCode(200);
        api().get("/api/projects/" + project).then().statusCode(200)
                .body(jsonPath("tasks.task_id", contains("architecture_review")));
        api().get("/api/projects/" + project + "/decisions?kind=SPAWNED").then().statusCode(200)
                .body(jsonPath("$", empty()));
    }

    @Test
    void badSpawningSettingsAreA400WithTheirPaths() {
        String id = uniqueId("badspawn");
        api().contentType(ContentType.JSON).body("""
                { "project_id": "%s", "spawning": { "max_spawned_tasks": -1, "max_spawn_depth": 0 } }""".formatted(id))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details.path", contains("$.spawning.max_spawned_tasks", "$.spawning.max_spawn_depth")))
                .body(jsonPath("details[0].message", equalTo("must be between 0 and 1000, was -1")))
                .body(jsonPath("details[1].message", equalTo("must be between 1 and 10, was 0")));
        api().contentType(ContentType.JSON).body("""
                { "project_id": "%s", "spawning": { "max_spawn_depth": "deep" } }""".formatted(id))
                .when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("details.path", contains("$.spawning.max_spawn_depth")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
    }
}
