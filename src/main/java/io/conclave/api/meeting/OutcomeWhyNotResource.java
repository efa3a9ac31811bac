package io.conclave.api.meeting;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.whynot.WhyNotService;
import io.conclave.model.whynot.WhyNot;

/** What votes would have given a proposal the other outcome, checked by replaying the meeting with them. */
@Path("/api/meetings/{meeting_id}/proposals/{proposal_id}/why-not")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Meetings")
public class OutcomeWhyNotResource {
    private final WhyNotService whyNot;
    private final CurrentCaller caller;

    public OutcomeWhyNotResource(WhyNotService whyNot, CurrentCaller caller) {
        this.whyNot = whyNot;
        this.caller = caller;
    }

    @GET
    @Path("/{outcome}")
    @Operation(operationId = "whyNotOutcome", summary = "What votes would have given the proposal `outcome` (accepted "
            + "or rejected): the fewest ballots changed, found by replaying the meeting with each candidate, and the "
            + "rule that would then decide; or the rule that decides it whatever the votes")
    @APIResponseSchema(value = WhyNot.class, responseCode = "200", responseDescription = "The answer")
    @APIResponse(responseCode = "400", description = "`outcome` is neither accepted nor rejected")
    @APIResponse(responseCode = "404", description = "No such meeting or proposal")
    @APIResponse(responseCode = "409", description = "The proposal has that outcome (proposal_has_outcome), or its "
            + "vote has not been counted yet (proposal_open)")
    @APIResponse(responseCode = "429", description = "Another why-not search is running (why_not_busy)")
    public WhyNot outcome(@PathParam("meeting_id") String meetingId, @PathParam("proposal_id") String proposalId,
                          @PathParam("outcome") String outcome) {
        return whyNot.outcome(caller.get(), meetingId, proposalId, outcome);
    }
}
