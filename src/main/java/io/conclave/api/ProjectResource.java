package io.conclave.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.Engine;
import io.conclave.app.ProjectService;
import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectRegistry;
import io.conclave.sim.RunReport;
import io.conclave.sim.RunRequest;

/** Projects: load a definition, read it back with the rules' decisions applied, run it, delete it. */
@Path("/api/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
public class ProjectResource {
    private final ProjectService service;
    private final ProjectRegistry registry;

    public ProjectResource(ProjectService service, Engine engine) {
        this.service = service;
        this.registry = engine.projects();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load a project definition (seed-003 JSON); READY tasks are assigned at once")
    @APIResponse(responseCode = "201", description = "Created: { project_id }")
    @APIResponse(responseCode = "400", description = "Every problem of the definition, each with its JSON path")
    @APIResponse(responseCode = "409", description = "A project with this id exists")
    public Response create(JsonNode definition, @HeaderParam(Actors.HEADER) String actor) {
        String id = service.create(definition, Actors.of(actor)).projectId();
        return Response.created(URI.create("/api/projects/" + id)).entity(Map.of("project_id", id)).build();
    }

    @GET
    @Operation(summary = "List projects with their task counts by status")
    public List<Views.ProjectSummary> list() {
        return registry.all().stream().map(rt -> rt.read(Views.ProjectSummary::of)).toList();
    }

    @GET
    @Path("/{projectId}")
    @Operation(summary = "A project: header, agents with their workload, tasks with status and assignee")
    @APIResponse(responseCode = "404", description = "No such project")
    public Views.ProjectView get(@PathParam("projectId") String projectId) {
        return project(projectId).read(Views.ProjectView::of);
    }

    @GET
    @Path("/{projectId}/agents")
    @Operation(summary = "The agents of a project with skills, preferences and open workload")
    public List<Views.AgentView> agents(@PathParam("projectId") String projectId) {
        return project(projectId).read(s -> s.agents().stream().map(Views.AgentView::of).toList());
    }

    @DELETE
    @Path("/{projectId}")
    @Operation(summary = "Delete a project (its journal is moved to data/deleted/)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("projectId") String projectId) throws IOException {
        ProjectService.checkId(projectId, "project_id");
        registry.delete(projectId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{projectId}/run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Drive the project with simulated agents in simulated time until nothing can progress")
    @APIResponse(responseCode = "200", description = "The run report; same input, policy and seed give the same bytes")
    @APIResponse(responseCode = "422", description = "The policy looped or refused a simulated report; nothing was kept")
    public RunReport run(@PathParam("projectId") String projectId, RunRequest request,
                         @HeaderParam(Actors.HEADER) String actor) {
        RunRequest r = request == null ? new RunRequest(RunRequest.FULLY_AUTOMATED, null, null) : request;
        if (r.mode() != null && !RunRequest.FULLY_AUTOMATED.equals(r.mode())) {
            throw ApiException.badRequest("unsupported_mode", "run mode '" + r.mode() + "' is not supported",
                    List.of(ApiError.Detail.at("$.mode", "supported modes: [fully_automated]")));
        }
        if (r.failureRate() != null && !(r.failureRate() >= 0 && r.failureRate() <= 1)) {
            throw ApiException.badRequest("invalid_request", "failure_rate must be between 0 and 1",
                    List.of(ApiError.Detail.at("$.failure_rate", "must be between 0 and 1, was " + r.failureRate())));
        }
        if (r.timeline() != null && !RunRequest.TIMELINES.contains(r.timeline())) {
            throw ApiException.badRequest("invalid_request", "timeline '" + r.timeline() + "' is not supported",
                    List.of(ApiError.Detail.at("$.timeline", "supported timelines: " + RunRequest.TIMELINES)));
        }
        RunRequest normalised = new RunRequest(RunRequest.FULLY_AUTOMATED, r.seedOrDefault(), r.failureRateOrDefault(),
                r.timelineOrDefault());
        return project(projectId).run(normalised, Actors.of(actor));
    }

    @GET
    @Path("/{projectId}/report")
    @Operation(summary = "The report of the project's last run")
    @APIResponse(responseCode = "404", description = "No such project, or it was never run")
    public RunReport lastReport(@PathParam("projectId") String projectId) {
        RunReport report = project(projectId).lastRun();
        if (report == null) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "no_run", "project " + projectId + " was never run");
        }
        return report;
    }

    private io.conclave.engine.ProjectRuntime project(String projectId) {
        ProjectService.checkId(projectId, "project_id");
        return registry.get(projectId);
    }
}
