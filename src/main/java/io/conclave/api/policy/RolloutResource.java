package io.conclave.api.policy;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

import io.conclave.api.Examples;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.access.Caller;
import io.conclave.app.rollout.RolloutView;
import io.conclave.app.rollout.Rollouts;
import io.conclave.model.rollout.AbortRollout;

/**
 * Canary roll-outs of policy versions (started with {@code POST /api/policies/{version}/rollout}): every roll-out
 * with its state, its canary projects and what its guards said; the promotion of a healthy one to every project,
 * and the abort of a running one. Reading is for operators and admins; promoting and aborting are admins'.
 */
@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy versions")
public class RolloutResource {
    private final CurrentCaller caller;
    private final Rollouts rollouts;

    public RolloutResource(Rollouts rollouts, CurrentCaller caller) {
        this.rollouts = rollouts;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Caller.OPERATOR)
    @Operation(operationId = "listRollouts", summary = "Every canary roll-out, newest first: its version, state, canary projects and what its guards said")
    public List<RolloutView> list() {
        return rollouts.list(caller.get());
    }

    @GET
    @Path("/{rollout_id}")
    @RolesAllowed(Caller.OPERATOR)
    @Operation(operationId = "getRollout", summary = "One roll-out: its state, what its guards said and its canary projects")
    @APIResponse(responseCode = "404", description = "No such roll-out")
    public RolloutView get(@PathParam("rollout_id") String id) {
        return rollouts.get(caller.get(), id);
    }

    @POST
    @Path("/{rollout_id}/promote")
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "promoteRollout", summary = "Promote a roll-out that stayed healthy for its window: the guards judge it once more, then "
            + "its version is activated for every project, meeting and conversation and the canary projects follow it")
    @APIResponse(responseCode = "200", description = "Promoted: the roll-out as listed now")
    @APIResponse(responseCode = "404", description = "No such roll-out")
    @APIResponse(responseCode = "409", description = "It is over (rollout_finished), its window still runs "
            + "(rollout_window_open), or a guard tripped on this last look and rolled it back (rollout_rolled_back)")
    @APIResponse(responseCode = "422", description = "The version did not go live on every owner: the roll-out goes on")
    public RolloutView promote(@PathParam("rollout_id") String id) throws java.io.IOException {
        return rollouts.promote(caller.get(), id);
    }

    @POST
    @Path("/{rollout_id}/abort")
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AbortRollout.class),
            examples = @ExampleObject(name = "abort", summary = "Why the roll-out stops", value = Examples.ABORT_ROLLOUT)))
    @Operation(operationId = "abortRollout", summary = "Abort a running roll-out by hand: every canary project goes back to the active policy, "
            + "journaled with the reason")
    @APIResponse(responseCode = "200", description = "Aborted: the roll-out as listed now")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "404", description = "No such roll-out")
    @APIResponse(responseCode = "409", description = "It is over already (rollout_finished)")
    public RolloutView abort(@PathParam("rollout_id") String id, AbortRollout body) {
        return rollouts.abort(caller.get(), id, body.reason());
    }
}
