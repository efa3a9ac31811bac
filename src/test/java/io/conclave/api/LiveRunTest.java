package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.RealAgentsSupport.operator;
import static io.conclave.api.RealAgentsSupport.project;
import static io.conclave.api.RealAgentsSupport.report;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A run of real agents: the execution mode applies to a project its agents work over REST. An incremental run
 * stops at its checkpoints, where no new assignment goes out until an operator resumes it; its agents are told
 * in their inboxes; the report is there at any time, in the shape of a simulated run's; the run completes when
 * nothing more can progress.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class LiveRunTest {

    @Test
    void anIncrementalRunOfRealAgentsHoldsNewWorkAtEachCheckpointUntilResumed() {
        String p = uniqueId("live");
        create(project(p, false), p);
        String base = "/api/projects/" + p;
        operator("POST", base + "/run", "{\"agents\": \"real\", \"mode\": \"incremental\", "
                + "\"checkpoint_frequency\": \"after_each_task\"}").statusCode(202)
                        .body(jsonPath("run_id", equalTo("run-1")));
        api().get(base + "/runs/run-1").then().body(jsonPath("status", equalTo("RUNNING")))
                .body(jsonPath("request.agents", equalTo("real"))).body(jsonPath("request.seed", nullValue()));
        // cid finishes t1 (assigned at creation): the run stops after the task, and t2 and t3, ready now, stay
        // unassigned while it is stopped
        report(p, "t1", "start", "cid").statusCode(200);
        report(p, "t1", "complete", "cid").statusCode(200);
        api().get(base + "/runs/run-1").then().body(jsonPath("status", equalTo("PAUSED_AT_CHECKPOINT")))
                .body(jsonPath("reason", equalTo("after task t1 (completed)")))
                .body(jsonPath("checkpoints", hasSize(1)));
        api().get(base + "/tasks?status=READY").then().body(jsonPath("task_id", contains("t2", "t3")))
                .body(jsonPath("assignee", contains(null, null)));
        // every agent of the project is told, once
        api().get("/api/agents/ann/inbox").then()
                .body(jsonPath("findAll { it.project_id == '" + p + "' }.kind", contains("run_paused")))
                .body(jsonPath("find { it.project_id == '" + p + "' }.payload.status",
                        equalTo("PAUSED_AT_CHECKPOINT")));
        // the report so far, in the run report's shape: t1 started and completed, on the service's clock
        api().get(base + "/report").then().statusCode(200).body(jsonPath("run_id", equalTo("run-1")))
                .body(jsonPath("mode", equalTo("incremental")))
                .body(jsonPath("status", equalTo("PAUSED_AT_CHECKPOINT")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(1)))
                .body(jsonPath("statistics.checkpoints", equalTo(1)))
                .body(jsonPath("timeline.event", contains("started", "completed")))
                .body(jsonPath("timeline.task_id", contains("t1", "t1")));
        // a simulated run cannot start beside it
        operator("POST", base + "/run", "{}").statusCode(409).body(jsonPath("error", equalTo("run_in_progress")));
        // resumed: the held work goes out (cid 45 on t2, then 62 on t3 against ann's 56)
        operator("POST", base + "/interrupts", "{\"action\": \"resume\"}").statusCode(202);
        api().get(base + "/tasks?status=ASSIGNED").then().body(jsonPath("task_id", contains("t2", "t3")))
                .body(jsonPath("assignee", contains("cid", "cid")));
        for (String t : new String[] {"t2", "t3"}) {
            report(p, t, "complete", "cid").statusCode(200);
            api().get(base + "/runs/run-1").then().body(jsonPath("status", equalTo("PAUSED_AT_CHECKPOINT")));
            operator("POST", base + "/interrupts", "{\"action\": \"resume\"}").statusCode(202);
        }
        // nothing is left to do: the run completes (rules/execution/live_runs.drl, then run.drl)
        api().get(base + "/runs/run-1").then().body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("reason", equalTo("nothing more can progress")));
        api().get(base + "/report").then().body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(3)))
                .body(jsonPath("statistics.checkpoints", equalTo(3)))
                .body(jsonPath("agents.find { it.agent_id == 'cid' }.tasks_completed", equalTo(3)));
    }

    @Test
    void aRunOfRealAgentsTakesNoSimulationSettings() {
        String p = uniqueId("live-bad");
        create(project(p, false), p);
        operator("POST", "/api/projects/" + p + "/run", """
                { "agents": "real", "seed": 3, "failure_rate": 0.5, "timeline": "calendar" }""")
                .statusCode(400).body(jsonPath("details.path", contains("$.seed", "$.failure_rate", "$.timeline")));
        operator("POST", "/api/projects/" + p + "/run", "{\"agents\": \"robots\"}")
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.agents")));
        operator("POST", "/api/projects/" + p + "/run", "{\"agents\": \"real\", \"mode\": \"simulation\"}")
                .statusCode(400).body(jsonPath("details[0].path", equalTo("$.mode")));
    }
}
