package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.runToStop;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * the coordination scenario end to end: {@code projects/product_launch_coordination.json} uses every
 * coordination pattern, driven over REST. Every expectation is derived by hand from the project file
 * and the rules, step by step in the comments (hours count from the start date, 2024-03-04 09:00).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class CoordinationScenarioTest {
    private static final String FILE = "product_launch_coordination.json";

    private static void post(String path, String body, int status) {
        api().contentType(ContentType.JSON).body(body).when().post(path).then().statusCode(status);
    }

    @Test
    void everyPatternOfTheLaunchDecidesWhatTheFileAndTheRulesSay() {
        String id = createExample(FILE, "launch");
        String p = "/api/projects/" + id;

        // On creation only tasks without dependencies are READY: architecture (priority 5) is served first
        // and goes to cto, the only agent with architecture >= 8. launch_sync (priority 4) is convened
        // with lead_backend and qa_1. budget_review (priority 2, 09:30-10:30) overlaps launch_sync
        // (09:00-10:00) and shares qa_1: a double-booked meeting, the higher priority goes first.
        api().when().get(p + "/tasks/architecture").then().body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("cto")));
        api().when().get(p + "/tasks/launch_sync").then().body(jsonPath("status", equalTo("ASSIGNED")));
        api().when().get(p + "/tasks/budget_review").then()
                .body(jsonPath("status", equalTo("READY"))).body(jsonPath("waiting", equalTo(true)))
                .body(jsonPath("status_reason",
                        equalTo("waiting for meeting launch_sync, which shares attendees [qa_1] in an "
                        + "overlapping window and goes first")));

        // Retries: architecture allows one. cto starts it and reports a failure: the attempt goes back to
        // READY (failures 1) and, cto being the only qualified agent, is assigned to cto again.
        post(p + "/tasks/architecture/start", "{\"agent_id\": \"cto\"}", 200);
        post(p + "/tasks/architecture/fail", "{\"agent_id\": \"cto\"}", 200);
        api().when().get(p + "/tasks/architecture").then()
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("cto")))
                .body(jsonPath("failures", equalTo(1)));
        api().when().get(p + "/decisions?kind=RETRIED").then().body(jsonPath("task_id", contains("architecture")));

        // A goal conflict among three parties: cto (priority 5) proposes march; lead_backend and qa_1
        // (priority 3 each, the default) propose april. Once every party proposed, the rules score the
        // options: the highest supporter priority comes first, so march wins against more support.
        String c = p + "/conflicts/launch_date/proposals";
        post(c, "{\"agent_id\": \"cto\", \"option\": \"march\", \"parties\": [\"cto\", \"lead_backend\", \"qa_1\"]}", 200);
        post(c, "{\"agent_id\": \"lead_backend\", \"option\": \"april\"}", 200);
        post(c, "{\"agent_id\": \"qa_1\", \"option\": \"april\"}", 200);
        api().when().get(p + "/conflicts/launch_date").then().statusCode(200)
                .body(jsonPath("type", equalTo("goal"))).body(jsonPath("status", equalTo("resolved")))
                .body(jsonPath("winner", equalTo("march")));

        // Consensus: cto puts "ship on friday" to four voters with f = 1. n counts cto too (the chapter's count):
        // n = 5, so n - f = 4 accepts commit: every voter must accept.
        String consensus = api().contentType(ContentType.JSON).body("{\"agent_id\": \"cto\", \"title\": \"ship on friday\","
                        + " \"voters\": [\"lead_backend\", \"dev_rust\", \"dev_go\", \"qa_1\"], \"fault_tolerance\": 1}")
                .when().post(p + "/consensus").then().statusCode(201).extract().path("consensus_id");
        for (String[] v : new String[][] {{"lead_backend", "yes"}, {"dev_rust", "yes"}, {"dev_go", "yes"}, {"qa_1", "yes"}}) {
            post("/api/meetings/" + consensus + "/join", "{\"agent_id\": \"" + v[0] + "\"}", 200);
            post("/api/meetings/" + consensus + "/votes", "{\"agent_id\": \"" + v[0] + "\", \"proposal_id\": \"consensus\","
                    + " \"vote\": \"" + v[1] + "\"}", 201);
        }
        api().when().get(p + "/consensus/" + consensus).then()
                .body(jsonPath("outcome", equalTo("committed"))).body(jsonPath("tally.yes", equalTo(4)))
                .body(jsonPath("tally.required", equalTo(4)));

        // The simulated run, hour by hour (no failures drawn: failure_rate 0):
        //  0  architecture starts on cto (0-4); launch_sync starts (0-1).
        //  1  launch_sync completes: budget_review may be convened, starts (1-2).
        //  4  architecture completes; four tasks become READY and are served in order priority, id:
        //     db_migration (5): centralized, backend >= 5: lead_backend 7 x 5 = 35 beats dev_rust 30 and
        //       dev_go 25; it takes prod_db. Starts 4-7.
        //     api_service (4): contract net to the agents that can do "backend" and have capacity, in roster
        //       order: lead_backend, dev_rust, dev_go.
        //     security_review (4): hierarchical from the top: nobody at the top level (cto: security 6 < 7)
        //       can take it, cto's team holds dev_rust (8): top -> cto -> lead_backend -> dev_rust. Starts 4-6.
        //     data_backfill (3) needs prod_db, held by db_migration: it waits.
        //     The simulated agents bid complexity (6 h) x 10 = 60 each; the award adds open tasks x 5:
        //     lead_backend 65 (db_migration), dev_rust 65 (security_review), dev_go 60: dev_go wins. api_service
        //     starts 4-10.
        //  7  db_migration completes and lets go of prod_db: data_backfill is served, lead_backend 35 (free
        //     again) beats dev_rust 30 and dev_go 25 - 6 open hours = 19. Starts 7-9.
        // 10  api_service completes: test_suite is decomposed, its three subtasks are load balanced over the
        //     two testers (equal load: fewer open tasks, then roster order): .1 qa_1, .2 qa_2 (0 h against
        //     2 h), .3 qa_1 (2 h each, one task each, roster order). qa_1 works .1 10-12 then .3 12-14.
        // 14  the last subtask completes, test_suite with it: all 11 tasks completed, the run ends at 23:00.
        runToStop(id, "{\"timeline\": \"continuous\"}") // derived around the clock, not on the same_day calendar
                .body(jsonPath("task_summary.total_tasks", equalTo(11)))
                .body(jsonPath("task_summary.completed_tasks", equalTo(11)))
                .body(jsonPath("simulated_end", equalTo("2024-03-04T23:00")))
                .body(jsonPath("tasks.task_id", contains("architecture", "launch_sync", "budget_review", "api_service",
                        "security_review", "db_migration", "data_backfill", "test_suite", "test_suite.1", "test_suite.2",
                        "test_suite.3")))
                .body(jsonPath("tasks.assignee",
                        contains("cto", null, null, "dev_go", "dev_rust", "lead_backend", "lead_backend",
                        null, "qa_1", "qa_2", "qa_1")))
                .body(jsonPath("tasks.simulated_start",
                        contains("2024-03-04T09:00", "2024-03-04T09:00", "2024-03-04T10:00",
                        "2024-03-04T13:00", "2024-03-04T13:00", "2024-03-04T13:00", "2024-03-04T16:00", null,
                        "2024-03-04T19:00", "2024-03-04T19:00", "2024-03-04T21:00")))
                .body(jsonPath("tasks.simulated_end",
                        contains("2024-03-04T13:00", "2024-03-04T10:00", "2024-03-04T11:00",
                        "2024-03-04T19:00", "2024-03-04T15:00", "2024-03-04T16:00", "2024-03-04T18:00", null,
                        "2024-03-04T21:00", "2024-03-04T21:00", "2024-03-04T23:00")));

        // The contract: invited in roster order, three bids of the base cost 60, dev_go awarded: the award added
        // lead_backend's and dev_rust's open task (65 each), dev_go had none (60).
        api().when().get(p + "/tasks/api_service").then()
                .body(jsonPath("contract.invited", contains("lead_backend", "dev_rust", "dev_go")))
                .body(jsonPath("contract.bids.cost", contains(60.0, 60.0, 60.0)))
                .body(jsonPath("contract.awarded_to", equalTo("dev_go")));
        // The delegation, one level per step: from the top to cto, cto to lead_backend, lead_backend to dev_rust.
        api().when().get(p + "/decisions?kind=DELEGATED&task_id=security_review").then()
                .body(jsonPath("$", hasSize(3)))
                .body(jsonPath("[0].agent_ids", contains("cto")))
                .body(jsonPath("[1].agent_ids", contains("cto", "lead_backend")))
                .body(jsonPath("[2].agent_ids", contains("lead_backend", "dev_rust")));
        // The decomposed task's result lists its subtasks' results in subtask order.
        api().when().get(p + "/tasks/test_suite").then()
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("result.task", contains("test_suite.1", "test_suite.2", "test_suite.3")))
                .body(jsonPath("result.by", contains("qa_1", "qa_2", "qa_1")));
        // Three conflicts, in the order first detected: the meetings, the goal, the resource; all resolved.
        api().when().get(p + "/conflicts").then()
                .body(jsonPath("type", contains("meeting", "goal", "resource")))
                .body(jsonPath("status", everyItem(equalTo("resolved"))))
                .body(jsonPath("winner", contains("launch_sync", "march", "db_migration")));
        // The graph: 11 nodes, all completed; 5 dependency edges and 3 subtask edges.
        api().when().get(p + "/graph").then()
                .body(jsonPath("nodes", hasSize(11)))
                .body(jsonPath("nodes.status", everyItem(equalTo("COMPLETED"))))
                .body(jsonPath("edges.findAll { it.kind == 'dependency' }", hasSize(5)))
                .body(jsonPath("edges.findAll { it.kind == 'subtask' }.to",
                        contains("test_suite.1", "test_suite.2", "test_suite.3")));
        // Nothing is left in the agents' inboxes: every call was answered and every task started.
        api().when().get("/api/agents/dev_go/inbox").then().statusCode(200)
                .body(jsonPath("findAll { it.project_id == '" + id + "' }",
                hasSize(0)));
        api().when().get(p + "/tasks/test_suite").then().body(jsonPath("assignee", nullValue()));
    }
}
