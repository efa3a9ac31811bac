package io.conclave.api;

import io.conclave.api.security.CurrentCaller;
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

import io.conclave.app.ProjectService;
import io.conclave.engine.EngineException;

/** Projects: load a definition, read it back with the rules' decisions applied, delete it (runs: {@link RunResource}). */
@Path("/api/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
public class ProjectResource {
    private final CurrentCaller caller;
    private final ProjectService service;

    public ProjectResource(ProjectService service, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load a project definition (project JSON); READY tasks are assigned at once")
    @APIResponse(responseCode = "201", description = "Created: { project_id }")
    @APIResponse(responseCode = "400", description = "Every problem of the definition, each with its JSON path")
    @APIResponse(responseCode = "409", description = "A project with this id exists")
    public Response create(JsonNode definition) {
        String id = service.create(caller.get(), definition).projectId();
        return Response.created(URI.create("/api/projects/" + id)).entity(Map.of("project_id", id)).build();
    }

    @GET
    @Operation(summary = "List projects with their task counts by status; a project whose journal is damaged is "
            + "listed with status DAMAGED, the file and the entry")
    public List<Views.ProjectSummary> list() {
        List<Views.ProjectSummary> out = new java.util.ArrayList<>(service.readAll(caller.get(), Views.ProjectSummary::of));
        service.damaged(caller.get()).forEach(d -> out.add(Views.ProjectSummary.of(d)));
        out.sort(java.util.Comparator.comparing(Views.ProjectSummary::projectId));
        return out;
    }

    @GET
    @Path("/{projectId}")
    @Operation(summary = "A project: header, agents with their workload, tasks with status and assignee")
    @APIResponse(responseCode = "404", description = "No such project")
    public Views.ProjectView get(@PathParam("projectId") String projectId) {
        return project(projectId).read(Views.ProjectView::of);
    }

    @DELETE
    @Path("/{projectId}")
    @Operation(summary = "Delete a project (its journal is moved to data/deleted/)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("projectId") String projectId) throws IOException {
        ProjectService.checkId(projectId, "project_id");
        service.delete(caller.get(), projectId);
        return Response.noContent().build();
    }

    private io.conclave.engine.ProjectRuntime project(String projectId) {
        return service.runtime(caller.get(), projectId);
    }
}
