package io.conclave.api.project;

import java.io.IOException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import io.conclave.app.access.Caller;
import io.conclave.app.policy.DecisionDiff;
import io.conclave.app.policy.DryRunRequest;
import io.conclave.app.policy.ProjectPolicies;
import io.conclave.model.command.PinPolicy;
import io.conclave.api.Examples;

/**
 * A project and the policy versions: the dry run of another version against its journal, and its pin. A dry
 * run changes nothing (operators may ask); a pin is the policy's (admins').
 */
@Path("/api/projects/{project_id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy versions")
public class ProjectPolicyResource {
    private final CurrentCaller caller;
    private final ProjectPolicies policies;

    public ProjectPolicyResource(ProjectPolicies policies, CurrentCaller caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @POST
    @Path("/dry-run")
    @RolesAllowed(Caller.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DryRunRequest.class),
            examples = @ExampleObject(name = "version", summary = "The project's decisions under a version (add \"simulate\": {} to compare a run too)", value = Examples.DRY_RUN)))
    @Operation(operationId = "dryRunProject", summary = "What the project would have decided under another version (a candidate or any archived one): "
            + "its journal replayed in scratch sessions, nothing journaled or published; per task both outcomes with "
            + "their deciding rules, the decisions only one side made, and optionally the same simulated run on both")
    @APIResponse(responseCode = "200", description = "The decision diff; entries a side refused (a loop cut off) are "
            + "listed, not fatal")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "404", description = "No such project, or no such version archived")
    @APIResponse(responseCode = "409", description = "A simulation was asked for while the project's run is open")
    @APIResponse(responseCode = "429", description = "Another dry run or compile is under way: try again after Retry-After")
    public DecisionDiff dryRun(@PathParam("project_id") String projectId, DryRunRequest request) throws IOException {
        return policies.dryRun(caller.get(), projectId, request);
    }

    @GET
    @Path("/pin")
    @RolesAllowed(Caller.OPERATOR)
    @Operation(operationId = "getProjectPin", summary = "The version the project decides under, and its pin (null when it follows the active policy)")
    public ProjectPolicies.PinView pin(@PathParam("project_id") String projectId) {
        return policies.pinOf(caller.get(), projectId);
    }

    @PUT
    @Path("/pin")
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PinPolicy.class),
            examples = @ExampleObject(name = "pin", summary = "Keep the project on a version, with why", value = Examples.PIN)))
    @Operation(operationId = "pinProject", summary = "Pin the project to a version that went live: it moves to it and keeps deciding under it after "
            + "newer versions are activated, until unpinned (journaled as policy_pin)")
    @APIResponse(responseCode = "404", description = "No such project, or no such version archived")
    @APIResponse(responseCode = "409", description = "The version is a candidate that never went live")
    public ProjectPolicies.PinView pin(@PathParam("project_id") String projectId, PinPolicy pin) throws IOException {
        return policies.pin(caller.get(), projectId, pin);
    }

    @DELETE
    @Path("/pin")
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "unpinProject", summary = "Unpin the project: it moves to the active policy (journaled as policy_unpin)")
    @APIResponse(responseCode = "409", description = "The project is not pinned")
    public ProjectPolicies.PinView unpin(@PathParam("project_id") String projectId) {
        return policies.unpin(caller.get(), projectId);
    }
}
