package io.conclave.api.meeting;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.scheduling.SchedulingService;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.api.Examples;
import io.conclave.api.RequestShapes;

/** Time-slot negotiation: the participants' answers are collected in one round and the rules choose. */
@Path("/api/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Scheduling")
public class SchedulingResource {
    private final CurrentCaller caller;
    private final SchedulingService scheduling;

    public SchedulingResource(SchedulingService scheduling, CurrentCaller caller) {
        this.caller = caller;
        this.scheduling = scheduling;
    }

    @POST
    @Path("/negotiations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestShapes.Negotiation.class),
            examples = @ExampleObject(name = "kickoff_meeting", summary = "the kick-off of healthcare_blockchain_compressed among four attendees' availability", value = Examples.NEGOTIATION)))
    @Operation(operationId = "negotiateMeetingTime", summary = "Negotiate a meeting time among participants under the active policy (nothing is stored)")
    @APIResponse(responseCode = "200", description = "The chosen slot, attendees and why; slot null with the closest "
            + "slot in the reason when no slot has enough participants")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "422", description = "The policy looped, failed or decided nothing")
    @APIResponse(responseCode = "503", description = "No valid policy is active")
    public NegotiationResult negotiate(JsonNode body) {
        return scheduling.negotiate(body);
    }
}
