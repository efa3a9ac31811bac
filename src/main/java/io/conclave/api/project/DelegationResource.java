package io.conclave.api.project;

import io.conclave.app.access.Caller;
import io.conclave.app.CommandLane;
import java.util.concurrent.CompletionStage;
import io.conclave.app.project.ProjectViews;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.Delegate;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.project.DelegationService;
import io.conclave.api.Examples;

/** Hierarchical delegation: the holder of an assigned task hands it to an agent below it. */
@Path("/api/projects/{project_id}/tasks/{task_id}/delegate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class DelegationResource {
    private final CurrentCaller caller;
    private final DelegationService service;
    private final CommandLane lane;

    public DelegationResource(DelegationService service, CurrentCaller caller, CommandLane lane) {
        this.caller = caller;
        this.service = service;
        this.lane = lane;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Delegate.class),
            examples = @ExampleObject(name = "delegate", summary = "lead_backend hands security_review to dev_rust (product_launch_coordination)", value = Examples.DELEGATE)))
    @Operation(operationId = "delegateTask", summary = "The holder of an ASSIGNED task hands it to a capable agent with capacity below it")
    @APIResponse(responseCode = "200", description = "Delegated: the task as it is now")
    @APIResponse(responseCode = "400", description = "agent_id or to missing or not a valid id; unknown acting agent")
    @APIResponse(responseCode = "404", description = "No such project or task, or `to` is no agent (unknown_agent)")
    @APIResponse(responseCode = "409", description = "Refused by the policy: wrong_status, not_holder, not_below, "
            + "not_capable, at_capacity")
    public CompletionStage<ProjectViews.TaskView> delegate(@PathParam("project_id") String projectId,
                                                           @PathParam("task_id") String taskId, Delegate body) {
        Caller who = caller.get();
        return lane.run("project", projectId, () -> service.delegate(who, projectId, taskId, body));
    }
}
