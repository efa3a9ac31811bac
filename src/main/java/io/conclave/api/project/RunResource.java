package io.conclave.api.project;

import io.conclave.model.run.Checkpoint;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;
import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.project.ProjectQueries;
import io.conclave.app.project.ProjectService;
import io.conclave.app.project.ProjectViews;
import io.conclave.app.project.RunService;
import io.conclave.model.CommandException;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.api.ApiError;
import io.conclave.api.ApiException;
import io.conclave.api.Examples;

/** Simulated runs of a project: start one, follow it, read its report; checkpoints and restoring them. */
@Path("/api/projects/{project_id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
public class RunResource {
    private final CurrentCaller caller;
    /** Longest a report request may wait for its run to stop. */
    private static final int MAX_WAIT_SECONDS = 60;

    private final RunService runs;
    private final ProjectQueries queries;

    public RunResource(RunService runs, ProjectQueries queries, CurrentCaller caller) {
        this.caller = caller;
        this.runs = runs;
        this.queries = queries;
    }

    /** A run started: its id and status (RUNNING); the run goes on in the background. */
    public record RunStarted(String runId, String status) {
    }

    @POST
    @Path("/run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startRun", summary = "Start a run: simulated (fully_automated, incremental or simulation; it proceeds in the "
            + "background) or, with \"agents\": \"real\", a run of the real agents who work the project over REST "
            + "(fully_automated or incremental: checkpoints, oversight triggers and interrupts apply on the service's clock)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunRequest.class),
            examples = @ExampleObject(name = "seeded", summary = "A run with seed 7 (every field is optional: {} takes "
                    + "the defaults)", value = Examples.RUN)))
    @APIResponse(responseCode = "202", description = "Accepted; follow the Location (GET .../runs/{run_id})",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStarted.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "409", description = "Another run of the project is open (running or paused)")
    public Response start(@PathParam("project_id") String projectId, RunRequest request) {
        ProjectService.checkId(projectId, "project_id");
        String runId = runs.start(caller.get(), projectId, request);
        return Response.accepted(new RunStarted(runId, "RUNNING"))
                .location(URI.create("/api/projects/" + projectId + "/runs/" + runId)).build();
    }

    @GET
    @Path("/runs")
    @Operation(operationId = "listRuns", summary = "The project's runs, oldest first")
    public List<ProjectViews.RunView> list(@PathParam("project_id") String projectId) {
        return queries.runs(caller.get(), projectId);
    }

    @GET
    @Path("/runs/{run_id}")
    @Operation(operationId = "getRun", summary = "A run's status and progress, and its checkpoints still kept")
    @APIResponseSchema(value = ProjectViews.RunView.class, responseCode = "200", responseDescription = "The run")
    @APIResponse(responseCode = "404", description = "No such project or run")
    public ProjectViews.RunView get(@PathParam("project_id") String projectId, @PathParam("run_id") String runId) {
        return queries.run(caller.get(), projectId, runId);
    }

    @GET
    @Path("/runs/{run_id}/report")
    @Operation(operationId = "getRunReport", summary = "A run's report: final once its status is COMPLETED or FAILED, "
            + "so far otherwise. wait_seconds (at most 60) waits for a running run to stop first")
    @APIResponseSchema(value = RunReport.class, responseCode = "200", responseDescription = "The report")
    @APIResponse(responseCode = "404", description = "No such project or run")
    public RunReport report(@PathParam("project_id") String projectId, @PathParam("run_id") String runId,
                            @QueryParam("wait_seconds") @DefaultValue("0") int waitSeconds) throws InterruptedException {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw ApiException.badRequest("invalid_request", "wait_seconds must be between 0 and " + MAX_WAIT_SECONDS,
                    List.of(ApiError.Detail.at("wait_seconds", "was " + waitSeconds)));
        }
        return queries.report(caller.get(), projectId, runId, waitSeconds * 1000L);
    }

    @GET
    @Path("/report")
    @Operation(operationId = "getLatestReport", summary = "The report of the project now: its latest run's (so far while it is open), or, for a "
            + "project never run, the project as its real agents worked it since its creation (run_id null)")
    @APIResponseSchema(value = RunReport.class, responseCode = "200", responseDescription = "The report")
    @APIResponse(responseCode = "404", description = "No such project")
    public RunReport latest(@PathParam("project_id") String projectId) {
        return queries.latestReport(caller.get(), projectId);
    }

    @GET
    @Path("/checkpoints")
    @Operation(operationId = "listCheckpoints", summary = "The saved states the project can be restored to: the newest checkpoints its policy keeps (5 under the shipped rules), oldest first")
    public List<Checkpoint> checkpoints(@PathParam("project_id") String projectId) {
        return queries.checkpoints(caller.get(), projectId);
    }

    @POST
    @Path("/checkpoints/{checkpoint_id}/restore")
    @Operation(operationId = "restoreCheckpoint", summary = "Restore the project to a checkpoint: its tasks, agents, "
            + "ledger and run as they were there")
    @APIResponse(responseCode = "200", description = "Restored: the run, paused at that checkpoint (resume it to go on)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectViews.RunView.class)))
    @APIResponse(responseCode = "404", description = "No such project, or the checkpoint is not (or no longer) kept")
    @APIResponse(responseCode = "409", description = "A run is RUNNING: pause it first")
    public ProjectViews.RunView restore(@PathParam("project_id") String projectId, @PathParam("checkpoint_id") String checkpointId) {
        return runs.restore(caller.get(), projectId, checkpointId);
    }
}
