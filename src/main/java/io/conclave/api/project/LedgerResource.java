package io.conclave.api.project;

import io.conclave.api.security.CurrentCaller;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.project.ProjectQueries;
import io.conclave.app.project.ProjectService;
import io.conclave.model.Decision;
import io.conclave.api.ApiError;
import io.conclave.api.ApiException;

/** The decision ledger of a project: every decision with its rule, policy version, facts and alternatives. */
@Path("/api/projects/{project_id}/decisions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Decisions")
public class LedgerResource {
    private final CurrentCaller caller;
    private final ProjectQueries queries;

    public LedgerResource(ProjectQueries queries, CurrentCaller caller) {
        this.caller = caller;
        this.queries = queries;
    }

    @GET
    @Operation(operationId = "listDecisions", summary = "Decisions in the order they were made, filtered by task, agent or kind; paged by seq")
    public List<Decision> list(@PathParam("project_id") String projectId, @QueryParam("task_id") String taskId,
                               @QueryParam("agent_id") String agentId, @QueryParam("kind") String kind,
                               @QueryParam("after") @DefaultValue("0") String afterText,
                               @QueryParam("limit") @DefaultValue("1000") String limitText) {
        ProjectService.checkId(projectId, "project_id");
        long after = number(afterText, "after", 0, Long.MAX_VALUE);
        long limit = number(limitText, "limit", 1, 10_000);
        return queries.ledger(caller.get(), projectId, new ProjectQueries.LedgerFilter(after, taskId, agentId, kind, limit));
    }

    public static long number(String text, String name, long min, long max) {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid_request", name + " must be a whole number between " + min + " and " + max,
                List.of(ApiError.Detail.at(name, "was '" + text + "'")));
    }
}
