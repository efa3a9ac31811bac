package io.conclave.ui;

import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.conclave.api.ApiException;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.project.ProjectHistory;
import io.conclave.app.project.ProjectService;
import io.conclave.model.CommandException;
import io.conclave.model.DecisionKind;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A project's history at {@code /projects/{id}/history}: its journal entries, oldest first, each with the
 * decisions the rules made applying it, filtered by decision kind, agent and words of a rule's name
 * ({@code GET /api/projects/{id}/history} gives the same as JSON).
 */
@Path("/projects/{projectId}/history")
@Produces(MediaType.TEXT_HTML)
public class HistoryPage {
    private final ProjectHistory history;
    private final CurrentCaller caller;

    public HistoryPage(ProjectHistory history, CurrentCaller caller) {
        this.history = history;
        this.caller = caller;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance history(History h);
    }

    /** The page: the project, the filter as asked, the decision kinds to choose from, and the entries kept. */
    public record History(String projectId, ProjectHistory.Filter filter, List<String> kinds,
                          List<ProjectHistory.Entry> entries) {
    }

    @GET
    @Operation(hidden = true)
    public String get(@PathParam("projectId") String projectId, @QueryParam("kind") String kind,
                      @QueryParam("agent_id") String agentId, @QueryParam("rule") String rule) {
        ProjectService.checkId(projectId, "project_id");
        ProjectHistory.Filter filter = new ProjectHistory.Filter(kind, agentId, rule);
        List<String> kinds = Arrays.stream(DecisionKind.values()).map(Enum::name).sorted().toList();
        return Templates.history(new History(projectId, filter, kinds,
                history.of(caller.get(), projectId, filter, 0, 10_000))).render();
    }

    @ServerExceptionMapper
    public Response refused(CommandException e) {
        return Pages.error(e);
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Pages.error(e);
    }
}
