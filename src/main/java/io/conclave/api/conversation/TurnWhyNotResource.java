package io.conclave.api.conversation;

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

/** Why an agent did not answer a message: the smallest change of the message or of its join that would have let it. */
@Path("/api/conversations/{conversation_id}/messages/{seq}/why-not")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations")
public class TurnWhyNotResource {
    private final WhyNotService whyNot;
    private final CurrentCaller caller;

    public TurnWhyNotResource(WhyNotService whyNot, CurrentCaller caller) {
        this.whyNot = whyNot;
        this.caller = caller;
    }

    @GET
    @Path("/{agent_id}")
    @Operation(operationId = "whyNotTurn", summary = "Why this agent did not answer message `seq` (1, 2, ...): the "
            + "smallest change of the message (suggested_next, handoff_to, a topic) or of the agent's role (a "
            + "capability, its priority, a role granted turns) that would have given it the turn, found by replaying "
            + "the conversation with each candidate change; or the rule that excludes it whatever these facts")
    @APIResponseSchema(value = WhyNot.class, responseCode = "200", responseDescription = "The answer")
    @APIResponse(responseCode = "400", description = "`seq` is not a message number")
    @APIResponse(responseCode = "404", description = "No such conversation or message, or the agent never joined")
    @APIResponse(responseCode = "409", description = "The agent answered the message (agent_answered), or joined "
            + "only after it (agent_not_member_then)")
    @APIResponse(responseCode = "429", description = "Another why-not search is running (why_not_busy)")
    public WhyNot turn(@PathParam("conversation_id") String conversationId, @PathParam("seq") String seq,
                       @PathParam("agent_id") String agentId) {
        return whyNot.turn(caller.get(), conversationId, seq, agentId);
    }
}
