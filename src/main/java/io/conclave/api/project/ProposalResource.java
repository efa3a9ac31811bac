package io.conclave.api.project;

import io.conclave.app.access.Caller;
import io.conclave.app.CommandLane;
import java.util.concurrent.CompletionStage;
import io.conclave.app.project.ProjectViews;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.project.MemberService;
import io.conclave.app.project.ProjectService;
import io.conclave.model.command.ProposeAssignee;
import io.conclave.api.Examples;

/** An agent (or an LLM through it) proposes who should do a task; the rules decide. */
@Path("/api/projects/{project_id}/tasks/{task_id}/proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class ProposalResource {
    private final CurrentCaller caller;
    private final MemberService members;
    private final CommandLane lane;

    public ProposalResource(MemberService members, CurrentCaller caller, CommandLane lane) {
        this.caller = caller;
        this.members = members;
        this.lane = lane;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProposeAssignee.class),
            examples = @ExampleObject(name = "proposal", summary = "pm proposes cto, with why", value = Examples.PROPOSAL)))
    @Operation(operationId = "proposeAssignee", summary = "Propose an assignee: { agent_id (the proposer), assignee, rationale? }. The rules keep the "
            + "proposal until the task is served, then accept it (the task goes to the assignee) or overrule it with "
            + "the reason; the answer is the task and its decisions since the proposal")
    @APIResponse(responseCode = "200", description = "Taken: { task, decisions } (the verdict is among them once the "
            + "task is READY)")
    @APIResponse(responseCode = "404", description = "No such project or task, or the assignee is no agent of the "
            + "project (unknown_agent, refused by a rule)")
    @APIResponse(responseCode = "409", description = "The task is not open for assignment (wrong_status) or another "
            + "pattern places it (not_proposable)")
    public CompletionStage<ProjectViews.ProposalAnswer> propose(@PathParam("project_id") String projectId,
                                                                @PathParam("task_id") String taskId,
                                                                ProposeAssignee body) {
        ProjectService.checkId(projectId, "project_id");
        Caller who = caller.get();
        return lane.run("project", projectId, () -> members.propose(who, projectId, taskId, body));
    }
}
