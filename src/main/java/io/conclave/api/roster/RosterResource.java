package io.conclave.api.roster;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import io.conclave.api.Examples;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.roster.RosterService;
import io.conclave.model.ProjectSpec;

/**
 * The organisation roster: agents registered once and serving several projects, their open work counted across
 * them (each project journals what it read of the others: rules/assignment/work_elsewhere.drl).
 */
@Path("/api/roster/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Roster")
public class RosterResource {
    private final CurrentCaller caller;
    private final RosterService roster;

    public RosterResource(RosterService roster, CurrentCaller caller) {
        this.caller = caller;
        this.roster = roster;
    }

    @GET
    @Operation(operationId = "listRosterAgents", summary = "Every roster agent with its open work in each project it serves")
    public List<RosterService.AgentView> list() {
        return roster.list(caller.get());
    }

    @GET
    @Path("/{agent_id}")
    @Operation(operationId = "getRosterAgent", summary = "A roster agent: its definition and its open work, project by project")
    @APIResponse(responseCode = "404", description = "No such roster agent")
    @APIResponseSchema(value = RosterService.AgentView.class, responseCode = "200", responseDescription = "OK")
    public RosterService.AgentView get(@PathParam("agent_id") String agentId) {
        return roster.get(caller.get(), agentId);
    }

    @PUT
    @Path("/{agent_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectSpec.AgentSpec.class),
            examples = @ExampleObject(name = "tester", summary = "An agent defined as in a project file, without a manager",
                    value = Examples.ROSTER_AGENT)))
    @Operation(operationId = "putRosterAgent", summary = "Register an agent in the roster, or redefine it (in every project it serves too)",
            description = "Body: an agent as the project file defines one ({ skill_levels, preferences, max_open_tasks, "
                    + "capabilities, priority, ... }), without a manager (reporting lines are a project's).")
    @APIResponse(responseCode = "400", description = "Every problem of the definition, with its JSON path")
    @APIResponseSchema(value = RosterService.AgentView.class, responseCode = "200", responseDescription = "OK")
    public RosterService.AgentView put(@PathParam("agent_id") String agentId, ProjectSpec.AgentSpec body) {
        return roster.put(caller.get(), agentId, body);
    }

    @POST
    @Path("/{agent_id}/projects/{project_id}")
    @Operation(operationId = "joinRosterAgentToProject", summary = "A roster agent joins a project, as the roster defines it",
            description = "Registered in the project (journaled there), then told its open work in the projects it serves "
                    + "already, which the project's rules count against its capacity.")
    @APIResponse(responseCode = "404", description = "No such roster agent or project")
    @APIResponse(responseCode = "409", description = "agent_exists: the project has an agent of that id")
    @APIResponseSchema(value = RosterService.AgentView.class, responseCode = "200", responseDescription = "OK")
    public RosterService.AgentView join(@PathParam("agent_id") String agentId, @PathParam("project_id") String projectId) {
        return roster.join(caller.get(), agentId, projectId);
    }
}
