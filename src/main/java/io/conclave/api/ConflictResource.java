package io.conclave.api;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.ConflictService;
import io.conclave.app.ProjectService;
import io.conclave.engine.EngineException;

/** Conflicts of a project: goal conflicts agents settle by proposals, and every conflict the ledger records. */
@Path("/api/projects/{projectId}/conflicts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conflicts")
public class ConflictResource {
    private final CurrentCaller caller;
    private final ConflictService service;
    private final ProjectService projects;

    public ConflictResource(ConflictService service, ProjectService projects, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
        this.projects = projects;
    }

    @GET
    @Operation(summary = "Every conflict of the project in the order detected: goal conflicts with their proposals, "
            + "ranked options and winner, and the other conflicts the ledger records")
    @APIResponse(responseCode = "404", description = "No such project")
    public List<ConflictViews.ConflictView> list(@PathParam("projectId") String projectId) {
        ProjectService.checkId(projectId, "project_id");
        return projects.runtime(caller.get(), projectId).read(ConflictViews::all);
    }

    @GET
    @Path("/{conflictId}")
    @APIResponse(responseCode = "404", description = "No such project or conflict")
    public ConflictViews.ConflictView get(@PathParam("projectId") String projectId,
                                          @PathParam("conflictId") String conflictId) {
        return list(projectId).stream().filter(c -> c.conflictId().equals(conflictId)).findFirst()
                .orElseThrow(() -> new EngineException(EngineException.Kind.NOT_FOUND, "conflict_not_found",
                        "project " + projectId + " has no conflict '" + conflictId + "'"));
    }

    @POST
    @Path("/{conflictId}/proposals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose an option: { agent_id, option, rationale?, topic?, parties? }; the first proposal "
            + "opens the conflict, the last party's resolves it")
    @APIResponse(responseCode = "200", description = "The conflict after the proposal")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "404", description = "No such project or agent")
    @APIResponse(responseCode = "409", description = "Resolved already, not a party, parties differ, or already proposed")
    public ConflictViews.ConflictView propose(@PathParam("projectId") String projectId,
                                              @PathParam("conflictId") String conflictId, ProposeConflictOption body) {
        service.propose(caller.get(), projectId, conflictId, body);
        return get(projectId, conflictId);
    }

    @POST
    @Path("/{conflictId}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A party (without parties: a proposer) asks to resolve now: { agent_id }")
    @APIResponse(responseCode = "200", description = "The resolved conflict with its ranked options")
    @APIResponse(responseCode = "404", description = "No such project, agent or conflict")
    @APIResponse(responseCode = "409", description = "Resolved already, or the agent may not ask")
    public ConflictViews.ConflictView resolve(@PathParam("projectId") String projectId,
                                              @PathParam("conflictId") String conflictId, ResolveConflict body) {
        service.resolve(caller.get(), projectId, conflictId, body);
        return get(projectId, conflictId);
    }
}
