package io.conclave.api;

import static io.conclave.api.ApiSupport.COMPRESSED;
import static io.conclave.api.ApiSupport.FULL;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.runToStop;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.ApiSupport.example;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** POST /api/projects/{id}/run and GET /report: the simulated runs of both example projects. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class RunAndReportTest {

    // These expectations were derived for the continuous timeline (simulated hours around the clock); the
    // examples name a scheduling mode, which would otherwise make their runs follow the calendar.
    private static final String FULLY_AUTOMATED = "{\"mode\": \"fully_automated\", \"seed\": 1, \"timeline\": \"continuous\"}";

    /*
     * Compressed project, hour 0 = 2024-01-15T09:00, every task takes its estimate, nobody fails:
     *   0.0- 1.0 kickoff (all five)
     *   1.0- 3.0 architecture_design -> cto (only one with architecture 7 + blockchain 6)
     *   1.0- 2.5 compliance_requirements -> compliance (only one with hipaa_compliance)
     *   3.0- 6.0 smart_contract_prototype -> blockchain_dev (only one with smart_contracts)
     *   6.0- 7.5 security_review -> security (only one with security >= 8; cto has 7), once both of its
     *            dependencies are done (the later is the prototype at 15:00)
     *   7.5- 8.5 wrap_up_meeting (pm, cto, blockchain_dev), known once security_review completed
     * -> 4 assignments, 2 meetings, 8.5 simulated hours, ends 17:30.
     */
    @Test
    void compressedProjectRunsToTheEnd() {
        String id = createExample(COMPRESSED, "runc");
        runToStop(id, FULLY_AUTOMATED)
                .body(jsonPath("project_id", equalTo(id)))
                .body(jsonPath("mode", equalTo("fully_automated")))
                .body(jsonPath("seed", equalTo(1)))
                .body(jsonPath("failure_rate", equalTo(0.0)))
                .body(jsonPath("policy_version", matchesPattern("[0-9a-f]{12}")))
                .body(jsonPath("task_summary.total_tasks", equalTo(6)))
                .body(jsonPath("task_summary.completed_tasks", equalTo(6)))
                .body(jsonPath("task_summary.failed_tasks", equalTo(0)))
                .body(jsonPath("task_summary.unassignable_tasks", equalTo(0)))
                .body(jsonPath("task_summary.unfinished_tasks", equalTo(0)))
                .body(jsonPath("statistics.assignments", equalTo(4)))
                .body(jsonPath("statistics.meetings_convened", equalTo(2)))
                .body(jsonPath("statistics.simulated_hours", equalTo(8.5)))
                .body(jsonPath("simulated_start", equalTo("2024-01-15T09:00")))
                .body(jsonPath("simulated_end", equalTo("2024-01-15T17:30")))
                .body(jsonPath("tasks.status", everyItem(equalTo("COMPLETED"))))
                .body(jsonPath(line("kickoff_meeting") + ".simulated_start", equalTo("2024-01-15T09:00")))
                .body(jsonPath(line("kickoff_meeting") + ".simulated_end", equalTo("2024-01-15T10:00")))
                .body(jsonPath(line("kickoff_meeting") + ".attendees",
                        contains("pm", "cto", "blockchain_dev", "compliance", "security")))
                .body(jsonPath(line("architecture_design") + ".assignee", equalTo("cto")))
                .body(jsonPath(line("architecture_design") + ".simulated_start", equalTo("2024-01-15T10:00")))
                .body(jsonPath(line("architecture_design") + ".simulated_end", equalTo("2024-01-15T12:00")))
                .body(jsonPath(line("compliance_requirements") + ".assignee", equalTo("compliance")))
                .body(jsonPath(line("compliance_requirements") + ".simulated_start", equalTo("2024-01-15T10:00")))
                .body(jsonPath(line("compliance_requirements") + ".simulated_end", equalTo("2024-01-15T11:30")))
                .body(jsonPath(line("smart_contract_prototype") + ".assignee", equalTo("blockchain_dev")))
                .body(jsonPath(line("smart_contract_prototype") + ".simulated_start", equalTo("2024-01-15T12:00")))
                .body(jsonPath(line("smart_contract_prototype") + ".simulated_end", equalTo("2024-01-15T15:00")))
                .body(jsonPath(line("security_review") + ".assignee", equalTo("security")))
                .body(jsonPath(line("security_review") + ".simulated_start", equalTo("2024-01-15T15:00")))
                .body(jsonPath(line("security_review") + ".simulated_end", equalTo("2024-01-15T16:30")))
                .body(jsonPath(line("wrap_up_meeting") + ".attendees", contains("pm", "cto", "blockchain_dev")))
                .body(jsonPath(line("wrap_up_meeting") + ".simulated_start", equalTo("2024-01-15T16:30")))
                .body(jsonPath(line("wrap_up_meeting") + ".simulated_end", equalTo("2024-01-15T17:30")))
                // cto: kickoff 1 + architecture 2 + wrap-up 1 = 4 busy hours, 3 tasks completed, 4/8.5 of the span
                .body(jsonPath("agents.find { it.agent_id == 'cto' }.busy_hours", equalTo(4.0)))
                .body(jsonPath("agents.find { it.agent_id == 'cto' }.tasks_completed", equalTo(3)))
                .body(jsonPath("agents.find { it.agent_id == 'cto' }.utilisation", equalTo(0.471)))
                // compliance: kickoff 1 + requirements 1.5
                .body(jsonPath("agents.find { it.agent_id == 'compliance' }.busy_hours", equalTo(2.5)));
    }

    /*
     * The two meetings of the compressed project, held by their simulated attendees within the tasks'
     * hours (outcomes derived from the skill levels in io.conclave.sim.MeetingSimulationTest): the
     * kickoff is accepted with 3 yes (cto, blockchain_dev, compliance rate a skill at stake 7 or more)
     * and 2 abstentions (pm, security have one below 7), 3 needed of 5; the wrap-up is rejected with
     * cto's yes against 2 no, 2 needed of 3. Every attendee joins, comments and votes; pm, the first
     * attendee, chairs, proposes and calls the vote: 17 commands in the kickoff, the last at 10:00.
     */
    @Test
    void theReportHasTheMeetingsHeldByTheSimulatedAttendees() {
        String id = createExample(COMPRESSED, "runm");
        String kickoff = "meetings.find { it.task_id == 'kickoff_meeting' }";
        String wrapUp = "meetings.find { it.task_id == 'wrap_up_meeting' }";
        runToStop(id, FULLY_AUTOMATED)
                .body(jsonPath("meetings.task_id", contains("kickoff_meeting", "wrap_up_meeting")))
                .body(jsonPath(kickoff + ".simulated_start", equalTo("2024-01-15T09:00")))
                .body(jsonPath(kickoff + ".simulated_end", equalTo("2024-01-15T10:00")))
                .body(jsonPath(kickoff + ".state", equalTo("closed")))
                .body(jsonPath(kickoff + ".chair", equalTo("pm")))
                .body(jsonPath(kickoff + ".attendees", contains("pm", "cto", "blockchain_dev", "compliance", "security")))
                .body(jsonPath(kickoff + ".proposals.proposal_id", contains("adopt_kickoff_meeting")))
                .body(jsonPath(kickoff + ".proposals[0].outcome", equalTo("accepted")))
                .body(jsonPath(kickoff + ".proposals[0].tally.yes", equalTo(3)))
                .body(jsonPath(kickoff + ".proposals[0].tally.no", equalTo(0)))
                .body(jsonPath(kickoff + ".proposals[0].tally.abstain", equalTo(2)))
                .body(jsonPath(kickoff + ".proposals[0].tally.required", equalTo(3)))
                .body(jsonPath(kickoff + ".proposals[0].votes.cto", equalTo("yes")))
                .body(jsonPath(kickoff + ".proposals[0].votes.security", equalTo("abstain")))
                .body(jsonPath(kickoff + ".proposals[0].decided_by", equalTo("A proposal that reaches its threshold is accepted")))
                .body(jsonPath(kickoff + ".outcome_rules", contains("Voting closes when everyone has voted on everything",
                        "A proposal that reaches its threshold is accepted",
                        "Write the minutes once every proposal is decided")))
                .body(jsonPath(kickoff + ".minutes", containsString("\"Adopt the outcome of kickoff_meeting\": accepted "
                        + "(3 yes, 0 no, 2 abstain, 0 not voted of 5 active; 3 needed)")))
                .body(kickoff + ".transcript.size()", equalTo(17))
                .body(jsonPath(kickoff + ".transcript.refused", everyItem(equalTo(null))))
                .body(jsonPath(kickoff + ".transcript[16].at", equalTo("2024-01-15T10:00")))
                .body(jsonPath(wrapUp + ".simulated_end", equalTo("2024-01-15T17:30")))
                .body(jsonPath(wrapUp + ".proposals[0].outcome", equalTo("rejected")))
                .body(jsonPath(wrapUp + ".proposals[0].tally.yes", equalTo(1)))
                .body(jsonPath(wrapUp + ".proposals[0].tally.no", equalTo(2)))
                .body(jsonPath(line("wrap_up_meeting") + ".status", equalTo("COMPLETED")));
    }

    /*
     * Full project, hour 0 = 2024-01-15T09:00 (no working days: simulated hours run on):
     *   0- 2 project_kickoff (six attendees)
     *   2- 8 hipaa_assessment -> compliance; 2-6 requirements_analysis -> pm
     *   6-14 system_architecture -> cto;     8-14 compliance_documentation -> compliance
     *  14-16 architecture_review_meeting
     *  16-32 smart_contract_development -> blockchain_dev; 16-28 data_pipeline -> data_engineer
     *  32-40 security_audit -> security;     32-42 integration_testing -> data_engineer
     *        (workflow/learning.drl, rate 1: data_pipeline taught data_engineer backend 8 -> 8.1 and development
     *        7 -> 7.1, smart_contract_development taught blockchain_dev development 9 -> 9.1 (no backend);
     *        so backend 8.1 x 7 + 0.1 x 7.1 = 57.41 beats blockchain_dev's 7 x 7 + 0.1 x 9.1 = 49.91)
     *  40    penetration_test becomes known and READY: nobody has penetration_testing -> UNASSIGNABLE
     *  42-44 go_live_decision (does not depend on the penetration test)
     * -> 11 COMPLETED, 1 UNASSIGNABLE, 8 assignments, 3 meetings, 44 hours, ends 2024-01-17T05:00.
     */
    @Test
    void fullProjectRunsAndLeavesThePenetrationTestUnassignable() {
        String id = createExample(FULL, "runf");
        runToStop(id, FULLY_AUTOMATED)
                .body(jsonPath("task_summary.total_tasks", equalTo(12)))
                .body(jsonPath("task_summary.completed_tasks", equalTo(11)))
                .body(jsonPath("task_summary.unassignable_tasks", equalTo(1)))
                .body(jsonPath("task_summary.failed_tasks", equalTo(0)))
                .body(jsonPath("task_summary.blocked_tasks", equalTo(0)))
                .body(jsonPath("task_summary.unfinished_tasks", equalTo(0)))
                .body(jsonPath("statistics.assignments", equalTo(8)))
                .body(jsonPath("statistics.meetings_convened", equalTo(3)))
                .body(jsonPath("statistics.simulated_hours", equalTo(44.0)))
                .body(jsonPath("simulated_start", equalTo("2024-01-15T09:00")))
                .body(jsonPath("simulated_end", equalTo("2024-01-17T05:00")))
                .body(jsonPath(line("penetration_test") + ".status", equalTo("UNASSIGNABLE")))
                .body(jsonPath(line("penetration_test") + ".status_reason", containsString("penetration_testing needs 8.0, best available 0.0")))
                .body(jsonPath(line("integration_testing") + ".assignee", equalTo("data_engineer")))
                .body(jsonPath(line("integration_testing") + ".simulated_start", equalTo("2024-01-16T17:00")))
                .body(jsonPath(line("integration_testing") + ".simulated_end", equalTo("2024-01-17T03:00")))
                .body(jsonPath(line("go_live_decision") + ".simulated_start", equalTo("2024-01-17T03:00")))
                .body(jsonPath(line("hipaa_assessment") + ".assignee", equalTo("compliance")))
                .body(jsonPath(line("requirements_analysis") + ".assignee", equalTo("pm")))
                .body(jsonPath(line("system_architecture") + ".assignee", equalTo("cto")))
                .body(jsonPath(line("compliance_documentation") + ".assignee", equalTo("compliance")))
                .body(jsonPath(line("smart_contract_development") + ".assignee", equalTo("blockchain_dev")))
                .body(jsonPath(line("data_pipeline") + ".assignee", equalTo("data_engineer")))
                .body(jsonPath(line("security_audit") + ".assignee", equalTo("security")));

        api().when().get("/api/projects/" + id + "/tasks/integration_testing/explain")
                .then().statusCode(200)
                .body(jsonPath("placement.agent_ids", contains("data_engineer")))
                .body(jsonPath("placement.score", equalTo(57.41)))
                .body(jsonPath("placement.runners_up.agent_id", contains("blockchain_dev")))
                .body(jsonPath("placement.runners_up[0].score", equalTo(49.91)));
        api().when().get("/api/projects/" + id + "/tasks/penetration_test/explain")
                .then().statusCode(200)
                .body(jsonPath("placement.kind", equalTo("UNASSIGNABLE")))
                .body(jsonPath("placement.rule", equalTo("Task is unassignable when no agent has the required skills")))
                .body(jsonPath("placement.rejected_total", equalTo(6)));
    }

    @Test
    void sameDefinitionAndSeedGiveTheSameBytes() {
        String id = uniqueId("determinism");
        String body = "{\"mode\": \"fully_automated\", \"seed\": 42, \"failure_rate\": 0.3, \"timeline\": \"continuous\"}";
        create(example(FULL, id), id);
        String first = runToStop(id, body).extract().asString();

        api().when().delete("/api/projects/" + id).then().statusCode(204);
        create(example(FULL, id), id);
        String second = runToStop(id, body).extract().asString();

        assertEquals(first, second);
        assertEquals(second, api().when().get("/api/projects/" + id + "/report").then().statusCode(200)
                .extract().asString());
    }

    @Test
    void reportIsTheLastRun() {
        String id = createExample(COMPRESSED, "report");
        // Never run: the report is of the project as its real agents worked it, nothing so far. The kickoff
        // meeting occupies its attendees (ASSIGNED), so the project is open: 6 tasks, none finished.
        api().when().get("/api/projects/" + id + "/report")
                .then().statusCode(200)
                .body(jsonPath("run_id", nullValue()))
                .body(jsonPath("status", equalTo("RUNNING")))
                .body(jsonPath("task_summary.total_tasks", equalTo(6)))
                .body(jsonPath("task_summary.unfinished_tasks", equalTo(6)))
                .body(jsonPath("timeline", hasSize(0)));
        String first = runToStop(id, FULLY_AUTOMATED).extract().asString();
        assertEquals(first, api().when().get("/api/projects/" + id + "/report").then().statusCode(200)
                .extract().asString());

        // A second run finds everything done: it starts and ends where the first ended (hour 8.5 = 17:30),
        // and the report of the project is now that one. Assignment counts cover the whole ledger.
        runToStop(id, "{\"timeline\": \"continuous\"}")
                .body(jsonPath("run_id", equalTo("run-2")))
                .body(jsonPath("simulated_start", equalTo("2024-01-15T17:30")))
                .body(jsonPath("simulated_end", equalTo("2024-01-15T17:30")))
                .body(jsonPath("statistics.simulated_hours", equalTo(0.0)))
                .body(jsonPath("statistics.assignments", equalTo(4)))
                .body(jsonPath("seed", equalTo(0)));
        api().when().get("/api/projects/" + id + "/report")
                .then().statusCode(200)
                .body(jsonPath("simulated_start", equalTo("2024-01-15T17:30")))
                .body(jsonPath("statistics.simulated_hours", equalTo(0.0)));
    }

    @Test
    void badRunRequestsAreRejected() {
        String id = createExample(COMPRESSED, "badrun");
        run(id, "{\"mode\": \"sideways\"}").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$.mode")))
                .body(jsonPath("details[0].message", containsString("sideways")));
        run(id, "{\"mode\": \"fully_automated\", \"checkpoint_frequency\": \"daily\"}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.checkpoint_frequency")));
        run(id, "{\"mode\": \"incremental\", \"checkpoint_frequency\": \"hourly\"}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.checkpoint_frequency")));
        run(id, "{\"mode\": \"incremental\", \"spawn_additional_meetings\": true}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.spawn_additional_meetings")));
        run(id, "{\"mode\": \"fully_automated\", \"failure_rate\": 2}").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$.failure_rate")));
        run(id, "{\"mode\": \"fully_automated\", \"failure_rate\": -0.1}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.failure_rate")));
        run(id, "{\"mode\": \"fully_automated\", \"seed\": \"abc\"}").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].message", equalTo("must be a whole number")))
                .body(jsonPath("details[0].path", equalTo("$.seed")));
        // none of them ran anything: the project has no run, its report is of its agents' work (none)
        api().when().get("/api/projects/" + id + "/runs").then().body(jsonPath("size()", equalTo(0)));
        api().when().get("/api/projects/" + id + "/report").then().statusCode(200)
                .body(jsonPath("run_id", nullValue()));
        api().when().get("/api/projects/" + id + "/tasks/kickoff_meeting").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
        run("no-such-run-project", FULLY_AUTOMATED).statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));
    }

    private static ValidatableResponse run(String id, String body) {
        return api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects/" + id + "/run")
                .then();
    }

    private static String line(String taskId) {
        return "tasks.find { it.task_id == '" + taskId + "' }";
    }
}
