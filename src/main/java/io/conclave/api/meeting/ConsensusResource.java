package io.conclave.api.meeting;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;
import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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


import io.conclave.app.meeting.ConsensusService;
import io.conclave.api.Examples;

/**
 * Consensus among agents of a project, held as a bft meeting: the voters vote through
 * {@code POST /api/meetings/{consensus_id}/join} and {@code .../votes}; rules/meetings/consensus.drl decides.
 */
@Path("/api/projects/{project_id}/consensus")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consensus")
public class ConsensusResource {
    private final CurrentCaller caller;
    private final ConsensusService service;

    public ConsensusResource(ConsensusService service, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openConsensus", summary = "Put a proposal to voters: { agent_id, title, details?, voters[], fault_tolerance, "
            + "voting_minutes?, consensus_id? }; commits with at least n - f accepts of the n voters")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsensusService.OpenConsensus.class),
            examples = @ExampleObject(name = "launch", summary = "cto puts the launch to four voters, tolerating one fault (product_launch_coordination)", value = Examples.CONSENSUS)))
    @APIResponse(responseCode = "201", description = "The consensus, voting",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsensusService.ConsensusView.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "404", description = "No such project")
    @APIResponse(responseCode = "409", description = "A meeting with this consensus_id exists")
    public Response open(@PathParam("project_id") String projectId, ConsensusService.OpenConsensus body) {
        ConsensusService.Opened v = service.open(caller.get(), projectId, body);
        return Response.created(URI.create("/api/projects/" + projectId + "/consensus/" + v.consensusId()))
                .entity(v.view()).build();
    }

    @GET
    @Path("/{consensus_id}")
    @Operation(operationId = "getConsensus", summary = "State, votes so far, and the outcome (committed/aborted) with its tally and reason")
    @APIResponse(responseCode = "404", description = "No such project or consensus")
    @APIResponseSchema(value = ConsensusService.ConsensusView.class, responseCode = "200", responseDescription = "OK")
    public ConsensusService.ConsensusView get(@PathParam("project_id") String projectId,
                                              @PathParam("consensus_id") String consensusId) {
        return service.get(caller.get(), projectId, consensusId);
    }
}
