package io.conclave.api.project;

import io.conclave.app.project.GraphView;
import io.conclave.api.security.CurrentCaller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.project.ProjectQueries;

/** The workflow of a project as a graph of tasks with their statuses. */
@Path("/api/projects/{project_id}/graph")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
public class GraphResource {
    private final CurrentCaller caller;
    private final ProjectQueries queries;

    public GraphResource(ProjectQueries queries, CurrentCaller caller) {
        this.caller = caller;
        this.queries = queries;
    }

    @GET
    @Operation(operationId = "getProjectGraph", summary = "Tasks as nodes (status, holder, coordination, parent) and their dependency, follow-up "
            + "and subtask edges")
    @APIResponse(responseCode = "404", description = "No such project")
    @APIResponseSchema(value = GraphView.class, responseCode = "200", responseDescription = "OK")
    public GraphView graph(@PathParam("project_id") String projectId) {
        return queries.graph(caller.get(), projectId);
    }
}
