package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.client.ApiClient;
import io.conclave.client.ApiException;
import io.conclave.client.api.OversightApi;
import io.conclave.client.api.ProjectsApi;
import io.conclave.client.api.RunsApi;
import io.conclave.client.api.TasksApi;
import io.conclave.client.api.TokensApi;
import io.conclave.client.model.AuditView;
import io.conclave.client.model.Checkpoint;
import io.conclave.client.model.Decision;
import io.conclave.client.model.IssueRequest;
import io.conclave.client.model.ProjectSpec;
import io.conclave.client.model.ProjectSummary;
import io.conclave.client.model.ReportTask;
import io.conclave.client.model.RunReport;
import io.conclave.client.model.RunRequest;
import io.conclave.client.model.RunStarted;
import io.conclave.client.model.RunView;
import io.conclave.client.model.SendInterrupt;
import io.conclave.client.model.TaskLine;
import io.conclave.client.model.TaskView;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A client generated from the OpenAPI document (the build generates it from docs/openapi.json, which OpenApiTest
 * keeps equal to /q/openapi) walks the README's "Try it" against a service that loaded the example projects as a
 * fresh start does (TryItTest's application, after it: each test profile is an application built and started of its
 * own): it loads the two projects it uses afresh from their files, lists the projects, issues pm's token, reports the
 * kick-off meeting done as pm, reads why cto got the architecture design, runs the 12-task project and reads its
 * report; then loads the compressed project afresh again (through the generated model of a project file), runs it
 * incrementally to its checkpoint, steers it as the CEO with interrupts, and lists and restores its saved states. It
 * also reads an error as the document describes it. A document that drifts from what the service does breaks the
 * generated client, and this test.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(TryItTest.FreshStart.class)
@org.junit.jupiter.api.Order(io.conclave.SuiteOrder.LAST_APPLICATION_REST) // after TryItTest
public class GeneratedClientTest {
    private static final String COMPRESSED = "healthcare_blockchain_compressed";
    private static final String FULL = "healthcare_blockchain_project";

    /** A client of the running service that sends {@code token}. */
    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(RestAssured.baseURI + ":" + RestAssured.port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    /** The admin token a first start writes into the data folder (README: A="... $(cat data/admin.token)"). */
    private static String adminToken() throws Exception {
        String data = ConfigProvider.getConfig().getValue("conclave.data-dir", String.class);
        return Files.readString(Path.of(data, "admin.token")).strip();
    }

    /** Deletes the example project {@code id} and creates it again from its file, read into the generated model. */
    private static void loadAfresh(ApiClient admin, String id) throws Exception {
        new ProjectsApi(admin).deleteProject(id);
        ProjectSpec file = admin.getObjectMapper().readValue(Path.of("projects", id + ".json").toFile(), ProjectSpec.class);
        assertEquals(id, new ProjectsApi(admin).createProject(file).getProjectId());
    }

    @Test
    void theTryItStoryThroughAGeneratedClient() throws Exception {
        ApiClient admin = client(adminToken());
        // TryItTest walked the story on these two before: each starts again from its file
        loadAfresh(admin, COMPRESSED);
        loadAfresh(admin, FULL);

        // the three example projects are loaded at start
        List<String> ids = new ProjectsApi(admin).listProjects().stream().map(ProjectSummary::getProjectId).toList();
        assertTrue(ids.containsAll(List.of(COMPRESSED, FULL, "product_launch_coordination")), ids.toString());

        // an admin issues pm's token; pm reports the kick-off meeting done with it
        String pmToken = new TokensApi(admin).issueToken(new IssueRequest().role("agent").agentId("pm")).getToken();
        TaskView kickoff = new TasksApi(client(pmToken)).completeTask(COMPRESSED, "kickoff_meeting",
                new ReportTask().agentId("pm"));
        assertEquals("COMPLETED", kickoff.getStatus());
        assertEquals("completed by pm", kickoff.getStatusReason());

        // the rules make the two dependent tasks READY and assign them (README: architecture_design to cto,
        // compliance_requirements to compliance)
        Map<String, String> assigned = new TasksApi(admin).listTasks(COMPRESSED, "ASSIGNED").stream()
                .collect(Collectors.toMap(TaskView::getTaskId, TaskView::getAssignee));
        assertEquals(Map.of("architecture_design", "cto", "compliance_requirements", "compliance"), assigned);

        // why cto: architecture 9 x 7 + blockchain 7 x 6 = 105, plus 0.1 x its design preference 9 = 105.9; the other
        // four agents lack a required skill
        Decision placement = new TasksApi(admin).explainTask(COMPRESSED, "architecture_design").getPlacement();
        assertEquals(List.of("cto"), placement.getAgentIds());
        assertEquals(105.9, placement.getScore(), 1e-9);
        assertEquals("Assign served task to best-scoring eligible agent", placement.getRule());
        assertEquals(4, placement.getRejectedTotal());

        // the 12-task project run to the end with seed 7: 11 tasks completed, the penetration test nobody is
        // qualified for (penetration_testing 8 needed, no agent has it) UNASSIGNABLE
        RunStarted started = new RunsApi(admin).startRun(FULL, new RunRequest().seed(7L));
        assertEquals("RUNNING", started.getStatus());
        RunReport report = new RunsApi(admin).getRunReport(FULL, started.getRunId(), 30);
        assertEquals("COMPLETED", report.getStatus());
        assertEquals(12, report.getTaskSummary().getTotalTasks());
        assertEquals(11, report.getTaskSummary().getCompletedTasks());
        assertEquals(1, report.getTaskSummary().getUnassignableTasks());
        TaskLine pen = report.getTasks().stream().filter(t -> t.getTaskId().equals("penetration_test")).findFirst()
                .orElseThrow();
        assertEquals("UNASSIGNABLE", pen.getStatus());
        assertEquals("no agent qualifies: penetration_testing needs 8.0, best available 0.0", pen.getStatusReason());

        // the compressed project loaded afresh again
        loadAfresh(admin, COMPRESSED);
        // an incremental run stops for review after the kick-off meeting, the first meeting task
        RunStarted incremental = new RunsApi(admin).startRun(COMPRESSED, new RunRequest().mode("incremental"));
        assertEquals("run-1", incremental.getRunId());
        RunReport checkpoint = new RunsApi(admin).getRunReport(COMPRESSED, "run-1", 30);
        assertEquals("PAUSED_AT_CHECKPOINT", checkpoint.getStatus());
        assertEquals("after meeting task kickoff_meeting (completed)", checkpoint.getStatusReason());

        // the CEO, an operator, asks for the status and resumes; the audit records name the CEO
        String ceoToken = new TokensApi(admin).issueToken(new IssueRequest().role("operator").name("ceo")).getToken();
        OversightApi ceo = new OversightApi(client(ceoToken));
        AuditView status = ceo.interruptProject(COMPRESSED, new SendInterrupt().action("status"));
        assertEquals("i-1", status.getInterruptId());
        assertEquals("ceo", status.getRequestedBy());
        assertEquals("nothing: status reported", status.getChange());
        // at the checkpoint: the kick-off completed, its two dependants assigned, the other three pending
        assertEquals(Map.of("ASSIGNED", 2, "COMPLETED", 1, "PENDING", 3), status.getSnapshot().get("tasks_by_status"));
        AuditView resume = ceo.interruptProject(COMPRESSED, new SendInterrupt().action("resume"));
        assertEquals("run run-1 PAUSED_AT_CHECKPOINT -> RUNNING", resume.getChange());
        // the project's ceo_oversight asks for a daily review: the run pauses at the end of its first day
        RunReport daily = new RunsApi(admin).getRunReport(COMPRESSED, "run-1", 30);
        assertEquals("PAUSED", daily.getStatus());
        assertEquals("paused for the daily review: day 1 (2024-01-16)", daily.getStatusReason());

        // the saved states: cp-1 is the checkpoint after the kick-off (one task completed); going back to it
        List<Checkpoint> saved = new RunsApi(admin).listCheckpoints(COMPRESSED);
        assertEquals("cp-1", saved.get(0).getCheckpointId());
        assertEquals(1, saved.get(0).getTaskSummary().getCompletedTasks());
        RunView restored = new RunsApi(admin).restoreCheckpoint(COMPRESSED, "cp-1");
        assertEquals("run-1", restored.getRunId());
        assertEquals(1, new TasksApi(admin).listTasks(COMPRESSED, "COMPLETED").size());
    }

    /** An error answers the document's error shape, which the generated client reads as its ApiError model. */
    @Test
    void errorsReadAsTheErrorShape() throws Exception {
        ApiException missing = assertThrows(ApiException.class, () -> new ProjectsApi(client(adminToken()))
                .getProject("no_such_project"));
        assertEquals(404, missing.getCode());
        io.conclave.client.model.ApiError error = new ApiClient().getObjectMapper().readValue(missing.getResponseBody(),
                io.conclave.client.model.ApiError.class);
        assertEquals("project_not_found", error.getError());

        ApiException anonymous = assertThrows(ApiException.class, () -> new ProjectsApi(client("cv_nobody_" + "x".repeat(32)))
                .listProjects());
        assertEquals(401, anonymous.getCode());
    }
}
