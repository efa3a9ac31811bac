package io.conclave.api.project;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.project.ProjectHistory;
import io.conclave.app.project.ProjectService;

/** A project's journal entries with the decisions each caused: its history. */
@Path("/api/projects/{project_id}/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Decisions")
public class HistoryResource {
    private final CurrentCaller caller;
    private final ProjectHistory history;

    public HistoryResource(ProjectHistory history, CurrentCaller caller) {
        this.caller = caller;
        this.history = history;
    }

    @GET
    @Operation(operationId = "getProjectHistory", summary = "Every accepted command of the project (type, sender, policy version, "
            + "time) with the decisions the rules made applying it; filtered by decision kind, agent or words of a rule's "
            + "name; paged by entry seq")
    @APIResponse(responseCode = "404", description = "No such project")
    public List<ProjectHistory.Entry> list(@PathParam("project_id") String projectId, @QueryParam("kind") String kind,
                                           @QueryParam("agent_id") String agentId, @QueryParam("rule") String rule,
                                           @QueryParam("after") @DefaultValue("0") String afterText,
                                           @QueryParam("limit") @DefaultValue("1000") String limitText) {
        ProjectService.checkId(projectId, "project_id");
        long after = LedgerResource.number(afterText, "after", 0, Long.MAX_VALUE);
        int limit = (int) LedgerResource.number(limitText, "limit", 1, 10_000);
        return history.of(caller.get(), projectId, new ProjectHistory.Filter(kind, agentId, rule), after, limit);
    }
}
