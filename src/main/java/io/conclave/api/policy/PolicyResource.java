package io.conclave.api.policy;

import io.conclave.api.ApiException;
import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.policy.CandidateRequest;
import io.conclave.app.access.Caller;
import io.conclave.app.policy.PolicyDiffs;
import io.conclave.app.policy.PolicyVersions;
import io.conclave.app.rollout.RolloutView;
import io.conclave.app.rollout.Rollouts;
import io.conclave.model.rollout.RolloutRequest;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.api.Examples;

/**
 * Policy versions as objects: every version that went live or was proposed, its files, the diff of two; a
 * candidate proposed without going live, activated (any archived version: forward or back), rolled out to a share of
 * the projects first ({@link RolloutResource} follows the roll-out), or dropped. Reading is for operators and admins;
 * changing the policy is admins'.
 */
@Path("/api/policies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy versions")
public class PolicyResource {
    private final CurrentCaller caller;
    private final PolicyVersions versions;
    private final Rollouts rollouts;

    public PolicyResource(PolicyVersions versions, Rollouts rollouts, CurrentCaller caller) {
        this.versions = versions;
        this.rollouts = rollouts;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Caller.OPERATOR)
    @Operation(operationId = "listPolicyVersions", summary = "Every version ever active or proposed, newest first: status, when and by whom, what it changed "
            + "against its predecessor, its history, and the projects, meetings and conversations that decide under it")
    public List<PolicyVersions.VersionView> list() throws IOException {
        return versions.list();
    }

    @GET
    @Path("/{version}")
    @RolesAllowed(Caller.OPERATOR)
    @Operation(operationId = "getPolicyVersion", summary = "One archived version with its files")
    @APIResponse(responseCode = "404", description = "No such version archived (unknown, or a dropped candidate)")
    public PolicyVersions.VersionFiles get(@PathParam("version") String version) throws IOException {
        return versions.files(version);
    }

    @GET
    @Path("/{from}/diff/{to}")
    @RolesAllowed(Caller.OPERATOR)
    @Operation(operationId = "diffPolicyVersions", summary = "What version `to` changes against version `from`: files added, removed and changed, and a "
            + "unified diff per file")
    @APIResponse(responseCode = "404", description = "Either version is not archived")
    public PolicyDiffs.Diff diff(@PathParam("from") String from, @PathParam("to") String to) throws IOException {
        return versions.diff(from, to);
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CandidateRequest.class),
            examples = @ExampleObject(name = "candidate", summary = "One file added to the active policy, with a note", value = Examples.CANDIDATE)))
    @Operation(operationId = "proposePolicyCandidate", summary = "Propose a candidate: files to add or replace and to remove against a base version (the active "
            + "one by default), compiled and checked like any edit, archived without going live")
    @APIResponse(responseCode = "201", description = "Archived as a candidate; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyVersions.Proposed.class)))
    @APIResponse(responseCode = "200", description = "These exact files are archived already: that version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyVersions.Proposed.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "404", description = "The base version is not archived")
    @APIResponse(responseCode = "422", description = "It does not compile, breaks a limit or the allow-list: errors "
            + "with file, line and column; nothing was kept")
    @APIResponse(responseCode = "403", description = "Rule edits over the API are switched off (conclave.rules.remote-edit)")
    @APIResponse(responseCode = "429", description = "Another policy is being compiled: try again after Retry-After")
    public Response propose(CandidateRequest request) throws IOException {
        PolicyVersions.Proposed p = versions.propose(caller.get(), request);
        if (!p.ok()) {
            throw ApiException.invalidPolicy(p.messages(), "the candidate policy does not compile; nothing was kept");
        }
        String version = p.version().version();
        return (p.created() ? Response.created(URI.create("/api/policies/" + version)) : Response.ok()).entity(p).build();
    }

    @POST
    @Path("/{version}/activate")
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "activatePolicyVersion", summary = "Make an archived version the active policy, forward or back: the rules folder is rewritten to "
            + "it, and every project, meeting and conversation moves to it (journaled as a switch), except pinned projects")
    @APIResponse(responseCode = "200", description = "Active: the version as listed")
    @APIResponse(responseCode = "404", description = "No such version archived")
    @APIResponse(responseCode = "403", description = "Rule edits over the API are switched off (conclave.rules.remote-edit)")
    @APIResponse(responseCode = "429", description = "Another policy is being compiled: try again after Retry-After")
    public PolicyVersions.VersionView activate(@PathParam("version") String version) throws IOException {
        PolicyAttempt attempt = versions.activate(caller.get(), version);
        if (!attempt.activated()) {
            throw ApiException.invalidPolicy(attempt.messages(), "policy " + version + " does not compile here; the "
                    + "running policy stays active");
        }
        return versions.get(version);
    }

    @POST
    @Path("/{version}/rollout")
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutRequest.class),
            examples = @ExampleObject(name = "share", summary = "A quarter of the projects, an hour's window, a budget of 20 differing decisions", value = Examples.ROLLOUT)))
    @Operation(operationId = "rollOutPolicyVersion", summary = "Roll an archived version out to a share of the projects (by a stable hash of each "
            + "project id) or a list: they decide under it while the others keep the active one; the guard rules of the active "
            + "policy judge them as they work and roll them back by themselves when a guard trips")
    @APIResponse(responseCode = "201", description = "Started: the roll-out, its canary projects moved; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "403", description = "Rule edits over the API are switched off (conclave.rules.remote-edit)")
    @APIResponse(responseCode = "404", description = "No such version archived, or a project of the list does not exist (its path)")
    @APIResponse(responseCode = "409", description = "Another roll-out runs, the version is active, a project of the list is pinned, "
            + "the share picks no project, or the active policy has no guard rules (rollouts/)")
    @APIResponse(responseCode = "429", description = "Another policy is being compiled: try again after Retry-After")
    public Response rollOut(@PathParam("version") String version, RolloutRequest request) throws IOException {
        RolloutView started = rollouts.start(caller.get(), version, request);
        return Response.created(URI.create("/api/rollouts/" + started.rolloutId())).entity(started).build();
    }

    @DELETE
    @Path("/{version}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "dropPolicyCandidate", summary = "Drop a candidate that never went live: its files leave the archive, its history stays")
    @APIResponse(responseCode = "200", description = "Dropped: the version as listed now")
    @APIResponse(responseCode = "404", description = "No such version archived")
    @APIResponse(responseCode = "409", description = "It went live (journals replay under it), or a project is pinned to it")
    public PolicyVersions.VersionView drop(@PathParam("version") String version) throws IOException {
        return versions.drop(caller.get(), version);
    }
}
