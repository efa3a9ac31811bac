package io.conclave.api.project;

import io.conclave.app.project.ProjectViews;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.model.ProjectSpec;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.project.ProjectQueries;
import io.conclave.app.project.ProjectService;
import io.conclave.model.CommandException;
import io.conclave.api.ErrorMappers;
import io.conclave.api.OpenApiDocument;

/** Projects: load a definition, read it back with the rules' decisions applied, delete it (runs: {@link RunResource}). */
@Path("/api/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
public class ProjectResource {
    private final CurrentCaller caller;
    private final ProjectService service;
    private final ProjectQueries queries;

    public ProjectResource(ProjectService service, ProjectQueries queries, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createProject", summary = "Load a project definition (project JSON); READY tasks are assigned at once")
    @RequestBody(description = "A project file; its JSON Schema, with every constraint: GET /api/schemas/project.json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectSpec.class),
            examples = @ExampleObject(name = "healthcare_blockchain_compressed", ref = OpenApiDocument.PROJECT_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created (with warnings naming the fields ignored, when unknown fields are allowed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectCreated.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the definition, each with its JSON path")
    @APIResponse(responseCode = "409", description = "A project with this id exists")
    public Response create(JsonNode definition) {
        ProjectService.Created created = service.create(caller.get(), definition);
        return Response.created(URI.create("/api/projects/" + created.projectId()))
                .entity(new ProjectCreated(created.projectId(), ErrorMappers.details(created.ignoredFields()))).build();
    }

    @GET
    @Operation(operationId = "listProjects", summary = "List projects with their task counts by status; a project whose journal is damaged is "
            + "listed with status DAMAGED, the file and the entry")
    public List<ProjectViews.ProjectSummary> list() {
        return queries.list(caller.get());
    }

    @GET
    @Path("/{project_id}")
    @Operation(operationId = "getProject", summary = "A project: header, agents with their workload, tasks with status and assignee")
    @APIResponse(responseCode = "404", description = "No such project")
    @APIResponseSchema(value = ProjectViews.ProjectView.class, responseCode = "200", responseDescription = "OK")
    public ProjectViews.ProjectView get(@PathParam("project_id") String projectId) {
        return queries.project(caller.get(), projectId);
    }

    @DELETE
    @Path("/{project_id}")
    @Operation(operationId = "deleteProject", summary = "Delete a project with the meetings that hold its meeting tasks (their journals are moved to data/deleted/)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("project_id") String projectId) throws IOException {
        ProjectService.checkId(projectId, "project_id");
        service.delete(caller.get(), projectId);
        return Response.noContent().build();
    }
}
