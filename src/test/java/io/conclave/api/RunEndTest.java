package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.runToStop;
import static io.conclave.api.ApiSupport.twoAgentProject;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;

/** How a run ends when nothing more can progress: decided by rules/execution/run.drl. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class RunEndTest {

    /**
     * Every simulated task fails (failure rate 1): t1 fails, and t2, which depends on it, is blocked.
     * Nothing completed, so the run failed, and its reason counts the tasks that stopped it.
     */
    @Test
    void aRunInWhichNoTaskCompletedFailsWithTheReason() {
        String id = uniqueId("all-fail");
        create(twoAgentProject(id), id);
        runToStop(id, "{\"seed\": 1, \"failure_rate\": 1.0}")
                .body(jsonPath("status", equalTo("FAILED")))
                .body(jsonPath("status_reason", equalTo("no task completed: 1 failed, 1 blocked")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(0)))
                .body(jsonPath("task_summary.failed_tasks", equalTo(1)))
                .body(jsonPath("task_summary.blocked_tasks", equalTo(1)));
        api().when().get("/api/projects/" + id + "/decisions?kind=RUN_FAILED").then().statusCode(200)
                .body(jsonPath("rule",
                        hasItem("A run in which no task completed fails when nothing more can progress")));
    }

    /** The same project without failures completes both tasks: the run completed. */
    @Test
    void aRunThatCompletedTasksCompletes() {
        String id = uniqueId("all-done");
        create(twoAgentProject(id), id);
        runToStop(id, "{\"seed\": 1}")
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("status_reason", equalTo("nothing more can progress")))
                .body(jsonPath("task_summary.completed_tasks", equalTo(2)));
    }
}
