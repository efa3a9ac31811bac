package io.conclave.api.project;

import io.conclave.app.project.ProjectQueries;
import io.conclave.app.access.Caller;
import io.conclave.app.CommandLane;
import java.util.concurrent.CompletionStage;
import io.conclave.app.project.ProjectViews;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.PlaceBid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.project.ContractNetService;
import io.conclave.api.Examples;

/** Contract net: agents bid on a task's call for proposals; the operator announces a task again. */
@Path("/api/projects/{project_id}/tasks/{task_id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contract net")
public class ContractNetResource {
    private final CurrentCaller caller;
    private final ContractNetService service;
    private final TaskResource tasks;
    private final ProjectQueries queries;
    private final CommandLane lane;

    public ContractNetResource(ContractNetService service, TaskResource tasks, ProjectQueries queries,
                               CurrentCaller caller, CommandLane lane) {
        this.caller = caller;
        this.service = service;
        this.tasks = tasks;
        this.queries = queries;
        this.lane = lane;
    }

    @POST
    @Path("/bids")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlaceBid.class),
            examples = @ExampleObject(name = "bid", summary = "lead_backend bids for api_service (product_launch_coordination)", value = Examples.BID)))
    @Operation(operationId = "placeBid", summary = "An invited agent answers the call for proposals",
            description = "Body { agent_id, cost, confidence? } or { agent_id, decline: true }. The rules take the answer "
                    + "or refuse it; with the last answer (or at the bid deadline) the lowest cost wins. Answers the task "
                    + "with its contract.")
    @APIResponse(responseCode = "400", description = "Bad input, with the JSON path of every problem")
    @APIResponse(responseCode = "409", description = "not_invited, already_bid or announcement_closed")
    @APIResponseSchema(value = ProjectViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public CompletionStage<ProjectViews.TaskView> bid(@PathParam("project_id") String projectId,
                                                      @PathParam("task_id") String taskId, PlaceBid body) {
        Caller who = caller.get();
        return lane.run("project", projectId, () -> {
            service.bid(who, projectId, taskId, body);
            return queries.task(who, projectId, taskId);
        });
    }

    @POST
    @Path("/announce")
    @Operation(operationId = "announceTask", summary = "Announce a contract-net task again (READY, waiting, or UNASSIGNABLE after its calls)")
    @APIResponse(responseCode = "409", description = "not_contract_net, already_announced or wrong_status")
    @APIResponseSchema(value = ProjectViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public ProjectViews.TaskView announce(@PathParam("project_id") String projectId, @PathParam("task_id") String taskId) {
        service.announce(caller.get(), projectId, taskId);
        return tasks.get(projectId, taskId);
    }
}
