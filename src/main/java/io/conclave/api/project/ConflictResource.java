package io.conclave.api.project;

import io.conclave.app.access.Caller;
import io.conclave.app.CommandLane;
import java.util.concurrent.CompletionStage;
import io.conclave.app.project.ConflictViews;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.ResolveConflict;
import io.conclave.model.command.ProposeConflictOption;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

import io.conclave.app.project.ConflictService;
import io.conclave.app.project.ProjectQueries;
import io.conclave.api.Examples;

/** Conflicts of a project: goal conflicts agents settle by proposals, and every conflict the ledger records. */
@Path("/api/projects/{project_id}/conflicts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conflicts")
public class ConflictResource {
    private final CurrentCaller caller;
    private final ConflictService service;
    private final ProjectQueries queries;
    private final CommandLane lane;

    public ConflictResource(ConflictService service, ProjectQueries queries, CurrentCaller caller, CommandLane lane) {
        this.caller = caller;
        this.service = service;
        this.queries = queries;
        this.lane = lane;
    }

    @GET
    @Operation(operationId = "listConflicts", summary = "Every conflict of the project in the order detected: goal conflicts with their proposals, "
            + "ranked options and winner, and the other conflicts the ledger records")
    public List<ConflictViews.ConflictView> list(@PathParam("project_id") String projectId) {
        return queries.conflicts(caller.get(), projectId);
    }

    @GET
    @Path("/{conflict_id}")
    @Operation(operationId = "getConflict", summary = "A conflict: its kind, parties, options and resolution")
    @APIResponse(responseCode = "404", description = "No such project or conflict")
    @APIResponseSchema(value = ConflictViews.ConflictView.class, responseCode = "200", responseDescription = "OK")
    public ConflictViews.ConflictView get(@PathParam("project_id") String projectId,
                                          @PathParam("conflict_id") String conflictId) {
        return queries.conflict(caller.get(), projectId, conflictId);
    }

    @POST
    @Path("/{conflict_id}/proposals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProposeConflictOption.class),
            examples = @ExampleObject(name = "option", summary = "cto proposes an option", value = Examples.CONFLICT_OPTION)))
    @Operation(operationId = "proposeConflictOption", summary = "Propose an option: { agent_id, option, rationale?, topic?, parties? }; the first proposal "
            + "opens the conflict, the last party's resolves it")
    @APIResponse(responseCode = "200", description = "The conflict after the proposal")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "404", description = "No such project or agent")
    @APIResponse(responseCode = "409", description = "Resolved already, not a party, parties differ, or already proposed")
    public CompletionStage<ConflictViews.ConflictView> propose(@PathParam("project_id") String projectId,
                                                               @PathParam("conflict_id") String conflictId,
                                                               ProposeConflictOption body) {
        Caller who = caller.get();
        return lane.run("project", projectId, () -> service.propose(who, projectId, conflictId, body));
    }

    @POST
    @Path("/{conflict_id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ResolveConflict.class),
            examples = @ExampleObject(name = "resolve", summary = "cto asks to resolve now", value = Examples.CONFLICT_RESOLVE)))
    @Operation(operationId = "resolveConflict", summary = "A party (without parties: a proposer) asks to resolve now: { agent_id }")
    @APIResponse(responseCode = "200", description = "The resolved conflict with its ranked options")
    @APIResponse(responseCode = "404", description = "No such project, agent or conflict")
    @APIResponse(responseCode = "409", description = "Resolved already, or the agent may not ask")
    public CompletionStage<ConflictViews.ConflictView> resolve(@PathParam("project_id") String projectId,
                                                               @PathParam("conflict_id") String conflictId,
                                                               ResolveConflict body) {
        Caller who = caller.get();
        return lane.run("project", projectId, () -> service.resolve(who, projectId, conflictId, body));
    }
}
