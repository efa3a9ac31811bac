package io.conclave.api;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.ContractNetService;

/** Contract net: agents bid on a task's call for proposals; the operator announces a task again. */
@Path("/api/projects/{projectId}/tasks/{taskId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contract net")
public class ContractNetResource {
    private final CurrentCaller caller;
    private final ContractNetService service;
    private final TaskResource tasks;

    public ContractNetResource(ContractNetService service, TaskResource tasks, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
        this.tasks = tasks;
    }

    @POST
    @Path("/bids")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "An invited agent answers the call for proposals",
            description = "Body { agent_id, cost, confidence? } or { agent_id, decline: true }. The rules take the answer "
                    + "or refuse it; with the last answer (or at the bid deadline) the lowest cost wins. Answers the task "
                    + "with its contract.")
    @APIResponse(responseCode = "400", description = "Bad input, with the JSON path of every problem")
    @APIResponse(responseCode = "409", description = "not_invited, already_bid or announcement_closed")
    public Views.TaskView bid(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId, PlaceBid body) {
        service.bid(caller.get(), projectId, taskId, body);
        return tasks.get(projectId, taskId);
    }

    @POST
    @Path("/announce")
    @Operation(summary = "Announce a contract-net task again (READY, waiting, or UNASSIGNABLE after its calls)")
    @APIResponse(responseCode = "409", description = "not_contract_net, already_announced or wrong_status")
    public Views.TaskView announce(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId) {
        service.announce(caller.get(), projectId, taskId);
        return tasks.get(projectId, taskId);
    }
}
