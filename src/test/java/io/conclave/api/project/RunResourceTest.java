package io.conclave.api.project;

import static io.conclave.api.ApiSupport.COMPRESSED;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.conclave.api.RunAndReportTest;

/**
 * Asynchronous runs over REST: 202 and a run id, the run's status and report, incremental checkpoints,
 * CEO interrupts between steps (one in the middle of a meeting), and restoring a saved state.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class RunResourceTest {
    // The compressed example on the continuous timeline (hours as derived in RunAndReportTest):
    //   kickoff 9-10, compliance_requirements 10-11:30, architecture_design 10-12,
    //   smart_contract_prototype 12-15, security_review 15-16:30, wrap_up_meeting 16:30-17:30.
    private static final String AFTER_EACH_TASK =
            "{\"mode\": \"incremental\", \"checkpoint_frequency\": \"after_each_task\", \"timeline\": \"continuous\"}";

    private static String start(String id, String body) {
        return api().contentType(ContentType.JSON).body(body).when().post("/api/projects/" + id + "/run")
                .then().statusCode(202)
                .header("Location", endsWith("/api/projects/" + id + "/runs/run-1"))
                .body(jsonPath("status", equalTo("RUNNING")))
                .extract().path("run_id");
    }

    /** The run's report once it stopped running (waiting for it server-side). */
    private static ValidatableResponse stopped(String id, String runId) {
        return api().when().get("/api/projects/" + id + "/runs/" + runId + "/report?wait_seconds=60")
                .then().statusCode(200);
    }

    private static ValidatableResponse interrupt(String id, String body) {
        return api().contentType(ContentType.JSON).header("X-Conclave-Actor", "ceo").body(body)
                .when().post("/api/projects/" + id + "/interrupts").then();
    }

    @Test
    void aRunIsAcceptedAndFollowedToItsReport() {
        String id = createExample(COMPRESSED, "async");
        String runId = start(id, "{\"timeline\": \"continuous\"}");
        stopped(id, runId)
                .body(jsonPath("run_id", equalTo("run-1")))
                .body(jsonPath("mode", equalTo("fully_automated"))) // the project's execution_mode
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(6)))
                .body(jsonPath("simulated_end", equalTo("2024-01-15T17:30")))
                // two meetings held; the kickoff accepted its proposal, the wrap-up rejected it (RunAndReportTest)
                .body(jsonPath("statistics.meetings_held", equalTo(2)))
                .body(jsonPath("statistics.proposals_accepted", equalTo(1)))
                .body(jsonPath("statistics.simulated_days", equalTo(1)))
                .body(jsonPath("decisions.meeting_task", contains("kickoff_meeting", "wrap_up_meeting")))
                .body(jsonPath("decisions.outcome", contains("accepted", "rejected")))
                .body(jsonPath("action_items.meeting_task", contains("kickoff_meeting")))
                .body(jsonPath("action_items[0].spawned_task",
                        nullValue())) // a simulated meeting spawns only when the file's block turns spawning on
                .body(jsonPath("risks.size()", equalTo(0)))
                .body(jsonPath("timeline[0].task_id", equalTo("kickoff_meeting")))
                .body(jsonPath("timeline[0].event", equalTo("started")))
                .body(jsonPath("timeline[-1].task_id", equalTo("wrap_up_meeting")))
                .body(jsonPath("timeline[-1].event", equalTo("completed")))
                .body(jsonPath("progress.finished_tasks", equalTo(6)))
                .body(jsonPath("progress.percent", equalTo(100.0)));
        api().when().get("/api/projects/" + id + "/runs/run-1").then().statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("request.seed", equalTo(0)))
                .body(jsonPath("request.timeline", equalTo("continuous")));
        api().when().get("/api/projects/" + id + "/runs").then().statusCode(200)
                .body(jsonPath("run_id", contains("run-1")));
        api().when().get("/api/projects/" + id + "/runs/run-9").then().statusCode(404)
                .body(jsonPath("error", equalTo("run_not_found")));
        api().when().get("/api/projects/" + id + "/runs/run-1/report?wait_seconds=600").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("wait_seconds")));
    }

    @Test
    void checkpointsStopTheRunAndAnEarlierOneCanBeRestored() {
        String id = createExample(COMPRESSED, "checkpoints");
        String runId = start(id, AFTER_EACH_TASK);
        stopped(id, runId)
                .body(jsonPath("status", equalTo("PAUSED_AT_CHECKPOINT")))
                .body(jsonPath("status_reason", equalTo("after task kickoff_meeting (completed)")))
                .body(jsonPath("statistics.checkpoints", equalTo(1)));
        // the run is open: no second run, and no restoring while it runs is tested below
        api().contentType(ContentType.JSON).body("{}").when().post("/api/projects/" + id + "/run")
                .then().statusCode(409).body(jsonPath("error", equalTo("run_in_progress")));

        // Resume five times: one checkpoint per task in the order they end (see the hours above).
        String[] after = {"compliance_requirements", "architecture_design", "smart_contract_prototype",
                "security_review", "wrap_up_meeting"};
        for (String task : after) {
            interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
            stopped(id, runId).body(jsonPath("status_reason", equalTo("after task " + task + " (completed)")));
        }
        interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
        stopped(id, runId).body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("statistics.checkpoints", equalTo(6)))
                .body(jsonPath("statistics.interrupts", equalTo(6)));
        // six checkpoints, the last five kept
        api().when().get("/api/projects/" + id + "/checkpoints").then().statusCode(200)
                .body(jsonPath("checkpoint_id", contains("cp-2", "cp-3", "cp-4", "cp-5", "cp-6")))
                .body(jsonPath("[1].reason", equalTo("after task architecture_design (completed)")))
                .body(jsonPath("[1].simulated_time", equalTo("2024-01-15T12:00")))
                .body(jsonPath("[1].task_summary.completed_tasks", equalTo(3)));
        api().when().post("/api/projects/" + id + "/checkpoints/cp-1/restore").then().statusCode(404)
                .body(jsonPath("error", equalTo("checkpoint_not_found")));

        // Back to 12:00: architecture_design just completed; the prototype was assigned then, not started.
        api().when().post("/api/projects/" + id + "/checkpoints/cp-3/restore").then().statusCode(200)
                .body(jsonPath("status", equalTo("PAUSED_AT_CHECKPOINT")))
                .body(jsonPath("progress.simulated_time", equalTo("2024-01-15T12:00")));
        api().when().get("/api/projects/" + id + "/tasks/smart_contract_prototype").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
        api().when().get("/api/projects/" + id + "/tasks/wrap_up_meeting").then()
                .body(jsonPath("status", equalTo("PENDING")));
        // the saved states are those of that moment; ids go on from the last one given
        api().when().get("/api/projects/" + id + "/checkpoints").then()
                .body(jsonPath("checkpoint_id", contains("cp-1", "cp-2", "cp-3")));
        interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
        stopped(id, runId).body(jsonPath("status_reason", equalTo("after task smart_contract_prototype (completed)")));
        api().when().get("/api/projects/" + id + "/checkpoints").then()
                .body(jsonPath("checkpoint_id", contains("cp-1", "cp-2", "cp-3", "cp-7")));
    }

    /*
     * A meeting interrupted in its middle. alice and bob hold `sync` (a 4-hour meeting, 08:00-12:00);
     * carol does `quick` (1 hour); `after` (2 hours, x) depends on sync. The run stops after each task:
     *   09:00 quick completes: checkpoint, with sync in progress (its meeting one hour in).
     *   skip (no task id): the current task is the only one in progress, sync: SKIPPED, alice and bob freed;
     *     after's dependency is skipped, so it is ready and goes to alice (x 5 like bob; roster order).
     *   resume: sync's end is dropped; after runs 09:00-11:00; checkpoint; resume: nothing left, 11:00.
     * alice was busy 1 hour in sync and 2 in after; bob 1 hour; the span is 3 hours.
     */
    @Test
    void anInterruptInTheMiddleOfAMeetingSkipsIt() {
        String id = uniqueId("midmeeting");
        create(project(id).startDate("2024-03-04T08:00:00")
                .agent(agent("alice").skill("x", 5), agent("bob").skill("x", 5), agent("carol").skill("y", 5))
                .task(task("sync").meeting("alice", "bob").hours(4), task("quick").needs("y", 1).hours(1),
                        task("after").needs("x", 1).hours(2).after("sync"))
                .json(), id);
        String runId = start(id, "{\"mode\": \"incremental\", \"checkpoint_frequency\": \"after_each_task\"}");
        stopped(id, runId).body(jsonPath("status_reason", equalTo("after task quick (completed)")));
        api().when().get("/api/projects/" + id + "/tasks/sync").then().body(jsonPath("status", equalTo("IN_PROGRESS")));

        interrupt(id, "{\"action\": \"skip\", \"reason\": \"no longer needed\"}").statusCode(202)
                .body(jsonPath("interrupt_id", equalTo("i-1")))
                .body(jsonPath("task_id", equalTo("sync")))
                .body(jsonPath("requested_by", equalTo("ceo")))
                .body(jsonPath("decisions.kind", hasItem("TASK_SKIPPED")));
        api().when().get("/api/projects/" + id + "/tasks/after").then()
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("alice")));
        interrupt(id, "{\"action\": \"status\"}").statusCode(202)
                .body(jsonPath("snapshot.run.status", equalTo("PAUSED_AT_CHECKPOINT")));
        interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
        stopped(id, runId).body(jsonPath("status_reason", equalTo("after task after (completed)")));
        interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
        stopped(id, runId)
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("simulated_end", equalTo("2024-03-04T11:00")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(2)))
                .body(jsonPath("task_summary.skipped_tasks", equalTo(1)))
                .body(jsonPath("statistics.interrupts", equalTo(4)))
                .body(jsonPath("statistics.checkpoints", equalTo(2)))
                .body(jsonPath("tasks.find { it.task_id == 'sync' }.status", equalTo("SKIPPED")))
                .body(jsonPath("tasks.find { it.task_id == 'sync' }.simulated_end", equalTo("2024-03-04T09:00")))
                .body(jsonPath("tasks.find { it.task_id == 'after' }.simulated_start", equalTo("2024-03-04T09:00")))
                .body(jsonPath("meetings[0].state", equalTo("SKIPPED")))
                .body(jsonPath("meetings[0].simulated_end", equalTo("2024-03-04T09:00")))
                .body(jsonPath("risks.task_id", contains("sync")))
                .body(jsonPath("risks.kind", contains("skipped")))
                .body(jsonPath("timeline.findAll { it.task_id == 'sync' }.event", contains("started", "skipped")))
                .body(jsonPath("agents.find { it.agent_id == 'alice' }.busy_hours", equalTo(3.0)))
                .body(jsonPath("agents.find { it.agent_id == 'bob' }.busy_hours", equalTo(1.0)));
        api().when().get("/api/projects/" + id + "/interrupts").then().statusCode(200)
                .body(jsonPath("action", contains("skip", "status", "resume", "resume")));
    }

    @Test
    void aRunCanBePausedAndResumedByInterrupts() {
        // Whatever step the pause lands on, the run stops there and the resumed run ends as an
        // uninterrupted one does: all six tasks completed at 17:30.
        String id = createExample(COMPRESSED, "pause");
        String runId = start(id, "{\"timeline\": \"continuous\"}");
        int code = interrupt(id, "{\"action\": \"pause\"}").extract().statusCode();
        if (code == 202) { // the run had not finished yet
            stopped(id, runId).body(jsonPath("status", equalTo("PAUSED")))
                    .body(jsonPath("status_reason", endsWith("ceo")));
            interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
        } else {
            interrupt(id, "{\"action\": \"pause\"}").statusCode(409)
                    .body(jsonPath("error", equalTo("run_not_running")));
        }
        stopped(id, runId).body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(6)))
                .body(jsonPath("simulated_end", equalTo("2024-01-15T17:30")));
    }

    /*
     * Simulation mode on the compressed example, every task failing (failure rate 1):
     *   09:00-10:00 the kickoff is held and fails. Its four dependents (architecture_design,
     *   compliance_requirements, then smart_contract_prototype and security_review) are BLOCKED, and so is
     *   wrap_up_meeting: a follow-up of security_review that also depends on it (blocked before it is known).
     *   execution/management_meetings.drl: a failed task gets a risk review, risk_review_kickoff_meeting, a 1-hour
     *   meeting of the task's holders (the five attendees) chaired by pm (project_management 9, the best).
     *   10:00-11:00 the review is held and fails too; a management meeting is never reviewed itself.
     * 7 tasks: 2 failed, 5 blocked, none unfinished, 1 spawned.
     */
    @Test
    void aSimulationRunSpawnsARiskReviewWhenATaskFails() {
        String id = createExample(COMPRESSED, "simulation");
        String runId = start(id, "{\"mode\": \"simulation\", \"failure_rate\": 1, \"timeline\": \"continuous\"}");
        // every task failed or is blocked: nothing completed, so the run failed (rules/execution/run.drl)
        stopped(id, runId)
                .body(jsonPath("mode", equalTo("simulation")))
                .body(jsonPath("status", equalTo("FAILED")))
                .body(jsonPath("status_reason", equalTo("no task completed: 2 failed, 5 blocked")))
                .body(jsonPath("task_summary.total_tasks", equalTo(7)))
                .body(jsonPath("task_summary.failed_tasks", equalTo(2)))
                .body(jsonPath("task_summary.blocked_tasks", equalTo(5)))
                .body(jsonPath("task_summary.unfinished_tasks", equalTo(0)))
                .body(jsonPath("task_summary.spawned_tasks", equalTo(1)))
                .body(jsonPath("simulated_end", equalTo("2024-01-15T11:00")))
                .body(jsonPath("tasks.find { it.task_id == 'risk_review_kickoff_meeting' }.status", equalTo("FAILED")))
                .body(jsonPath("tasks.find { it.task_id == 'risk_review_kickoff_meeting' }.simulated_start",
                        equalTo("2024-01-15T10:00")))
                .body(jsonPath("meetings.task_id", contains("kickoff_meeting", "risk_review_kickoff_meeting")))
                .body(jsonPath("meetings[1].chair", equalTo("pm")));
        api().when().get("/api/projects/" + id + "/decisions?kind=SPAWNED").then().statusCode(200)
                .body(jsonPath("task_id", contains("risk_review_kickoff_meeting")))
                .body(jsonPath("[0].rule",
                        equalTo("Hold a risk review when a task of a simulation fails or runs late")));
    }

    /*
     * Interrupts that change the plan between two steps of the compressed example (after_each_task):
     *   10:00 checkpoint after the kickoff. add_task press_release (project_management 5, 2 hours): only pm
     *   has project_management, so the rules assign it to pm at once. reprioritise security_review 4 -> 2.
     *   Resume: pm works press_release 10:00-12:00 beside compliance_requirements (10:00-11:30) and
     *   architecture_design (10:00-12:00). At 12:00 both architecture_design and press_release end:
     *   architecture_design first (assigned first, so started first), each a checkpoint of its own.
     * Seven checkpoints, 7 tasks completed, the run ends at 17:30 as before; interrupts: 2 + 7 resumes.
     */
    @Test
    void anAddedTaskIsWorkedByTheResumedRun() {
        String id = createExample(COMPRESSED, "addtask");
        String runId = start(id, AFTER_EACH_TASK);
        stopped(id, runId).body(jsonPath("status_reason", equalTo("after task kickoff_meeting (completed)")));
        interrupt(id, """
                {"action": "add_task", "task": {"task_id": "press_release", "description": "Announce the pilot",
                 "required_skills": {"project_management": 5}, "estimated_hours": 2}}""").statusCode(202)
                .body(jsonPath("decisions.kind", hasItem("TASK_ADDED")))
                .body(jsonPath("decisions.kind", hasItem("ASSIGNED")));
        api().when().get("/api/projects/" + id + "/tasks/press_release").then()
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("pm")));
        interrupt(id, "{\"action\": \"reprioritise\", \"task_id\": \"security_review\", \"priority\": 2}")
                .statusCode(202)
                .body(jsonPath("change", org.hamcrest.Matchers.containsString("4")))
                .body(jsonPath("decisions.find { it.kind == 'REPRIORITISED' }.details.before", equalTo(4)))
                .body(jsonPath("decisions.find { it.kind == 'REPRIORITISED' }.details.after", equalTo(2)));
        String[] after = {"compliance_requirements", "architecture_design", "press_release",
                "smart_contract_prototype", "security_review", "wrap_up_meeting"};
        for (String task : after) {
            interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
            stopped(id, runId).body(jsonPath("status_reason", equalTo("after task " + task + " (completed)")));
        }
        interrupt(id, "{\"action\": \"resume\"}").statusCode(202);
        stopped(id, runId).body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(7)))
                .body(jsonPath("simulated_end", equalTo("2024-01-15T17:30")))
                .body(jsonPath("tasks.find { it.task_id == 'press_release' }.assignee", equalTo("pm")))
                .body(jsonPath("tasks.find { it.task_id == 'press_release' }.simulated_start",
                        equalTo("2024-01-15T10:00")))
                .body(jsonPath("tasks.find { it.task_id == 'press_release' }.simulated_end",
                        equalTo("2024-01-15T12:00")))
                .body(jsonPath("statistics.checkpoints", equalTo(7)))
                .body(jsonPath("statistics.interrupts", equalTo(9)));
    }
}
