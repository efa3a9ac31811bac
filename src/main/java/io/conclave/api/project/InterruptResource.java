package io.conclave.api.project;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.SendInterrupt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
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


import io.conclave.app.project.InterruptService;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.api.Examples;

/**
 * CEO interrupts of a project: pause, resume, skip, reprioritise, add_task, status. Each is journaled,
 * applied by the oversight rules at the project's next safe point and acknowledged with its audit
 * record; the audit trail lists every accepted interrupt in order.
 */
@Path("/api/projects/{project_id}/interrupts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oversight")
public class InterruptResource {
    private final CurrentCaller caller;
    private final InterruptService service;

    public InterruptResource(InterruptService service, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
    }


    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "interruptProject", summary = "Interrupt the project: { action: pause | resume | skip | "
            + "reprioritise | add_task | status, task_id, priority, task, reason }")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SendInterrupt.class),
            examples = {@ExampleObject(name = "status", summary = "What is going on", value = Examples.INTERRUPT_STATUS),
                    @ExampleObject(name = "reprioritise", summary = "Make a task the most urgent",
                            value = Examples.INTERRUPT_REPRIORITISE)}))
    @APIResponse(responseCode = "202", description = "Applied at the next safe point: the audit record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InterruptService.AuditView.class)))
    @APIResponse(responseCode = "400", description = "Bad input, with the JSON path of every problem (unknown action or "
            + "field, missing task_id or priority, priority outside 1..5, a task to add that is not valid here)")
    @APIResponse(responseCode = "404", description = "No such project, or no such task (task_not_found)")
    @APIResponse(responseCode = "409", description = "Not applicable now: run_not_running, run_not_paused, task_over, "
            + "is_subtask, no_current_task, several_current_tasks, priority_unchanged, task_exists")
    public Response interrupt(@PathParam("project_id") String projectId, SendInterrupt body) {
        return Response.accepted(InterruptService.AuditView.of(service.interrupt(caller.get(), projectId, body))).build();
    }

    @GET
    @Operation(operationId = "listInterrupts", summary = "The audit trail: every accepted interrupt in order, with what it "
            + "changed")
    public List<InterruptService.AuditView> trail(@PathParam("project_id") String projectId) {
        return service.trail(caller.get(), projectId).stream().map(InterruptService.AuditView::of).toList();
    }
}
