package io.conclave.api.project;

import io.conclave.app.project.ProjectViews;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.project.MemberService;
import io.conclave.app.project.ProjectQueries;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.RetireAgent;
import io.conclave.api.Examples;

/** The agents of a project as its members: list them; an operator registers, updates and retires them. */
@Path("/api/projects/{project_id}/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents")
public class MemberResource {
    private final CurrentCaller caller;
    private final MemberService members;
    private final ProjectQueries queries;

    public MemberResource(MemberService members, ProjectQueries queries, CurrentCaller caller) {
        this.caller = caller;
        this.members = members;
        this.queries = queries;
    }

    @GET
    @Operation(operationId = "listProjectAgents", summary = "The agents of a project with skills, preferences and open workload")
    public List<ProjectViews.AgentView> list(@PathParam("project_id") String projectId) {
        return queries.agents(caller.get(), projectId);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectSpec.AgentSpec.class),
            examples = @ExampleObject(name = "tester", summary = "An agent defined as in a project file", value = Examples.AGENT)))
    @Operation(operationId = "registerAgent", summary = "Register an agent, defined as the project file defines its agents (operators)")
    @APIResponse(responseCode = "201", description = "Registered: the agent as the project holds it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectViews.AgentView.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the definition, each with its JSON path")
    @APIResponse(responseCode = "409", description = "The project has this agent already (agent_exists)")
    public Response register(@PathParam("project_id") String projectId, ProjectSpec.AgentSpec body) {
        return Response.status(Response.Status.CREATED).entity(members.register(caller.get(), projectId, body)).build();
    }

    @PUT
    @Path("/{agent_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectSpec.AgentSpec.class),
            examples = @ExampleObject(name = "tester", summary = "The new definition (its agent_id is the path's)", value = Examples.AGENT)))
    @Operation(operationId = "updateAgent", summary = "Replace an agent's definition (operators); its open work stays with it")
    @APIResponse(responseCode = "404", description = "No such project or agent")
    public ProjectViews.AgentView update(@PathParam("project_id") String projectId, @PathParam("agent_id") String agentId,
                                  ProjectSpec.AgentSpec body) {
        return members.update(caller.get(), projectId, agentId, body);
    }

    @POST
    @Path("/{agent_id}/retire")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetireAgent.class),
            examples = @ExampleObject(name = "reason", summary = "Why the agent leaves (optional)", value = Examples.RETIRE)))
    @Operation(operationId = "retireAgent", summary = "Retire an agent (operators): the rules release its open work, which is served again, "
            + "and take it off the roster")
    @APIResponse(responseCode = "200", description = "Retired: the agents left")
    @APIResponse(responseCode = "404", description = "No such project or agent")
    @APIResponse(responseCode = "409", description = "The project still names it: an attendee of an unfinished "
            + "meeting task (still_attending), a manager (still_managing)")
    public List<ProjectViews.AgentView> retire(@PathParam("project_id") String projectId, @PathParam("agent_id") String agentId,
                                        RetireAgent body) {
        return members.retire(caller.get(), projectId, agentId, body);
    }
}
