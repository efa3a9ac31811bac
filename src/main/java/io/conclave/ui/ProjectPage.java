package io.conclave.ui;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.conversation.ConversationService;
import io.conclave.app.meeting.MeetingService;
import io.conclave.app.project.InterruptService;
import io.conclave.app.project.ProjectQueries;
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
import io.conclave.app.project.ProjectViews;
import io.conclave.model.CommandException;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A project's page at {@code /projects/{id}}: its tasks as a board, its agents, its runs (progress, then
 * the report as a timeline) and the operator's commands; and its Why page at {@code /projects/{id}/why}.
 * Everything shown is read from the REST resources; the commands are sent by the page to their endpoints.
 */
@Path("/projects/{projectId}")
@Produces(MediaType.TEXT_HTML)
public class ProjectPage {
    private final ProjectQueries projects;
    private final InterruptService interrupts;
    private final MeetingService meetings;
    private final ConversationService conversations;
    private final io.conclave.api.security.CurrentCaller caller;

    public ProjectPage(ProjectQueries projects, InterruptService interrupts, MeetingService meetings,
                       ConversationService conversations, io.conclave.api.security.CurrentCaller caller) {
        this.caller = caller;
        this.projects = projects;
        this.interrupts = interrupts;
        this.meetings = meetings;
        this.conversations = conversations;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance project(Project p);

        static native TemplateInstance why(Why w);
    }

    /** What the project page shows; each part read once per rendering, when a fragment first asks for it. */
    public final class Project {
        private final String projectId;
        private ProjectViews.ProjectView view;
        private List<ProjectViews.RunView> runList;
        private RunReport report;

        Project(String projectId) {
            this.projectId = projectId;
        }

        public String id() {
            return projectId;
        }

        public ProjectViews.ProjectView view() {
            if (view == null) {
                view = projects.project(caller.get(), projectId);
            }
            return view;
        }

        public Board board() {
            return Board.of(view().tasks());
        }

        public List<ProjectViews.RunView> runs() {
            if (runList == null) {
                runList = projects.runs(caller.get(), projectId);
            }
            return runList;
        }

        /** The latest run, or null when the project never ran. */
        public ProjectViews.RunView run() {
            return runs().isEmpty() ? null : runs().get(runs().size() - 1);
        }

        /** The latest run's report once it stopped (completed, failed or paused); null while it runs. */
        public RunReport report() {
            ProjectViews.RunView run = run();
            if (report == null && run != null && !"RUNNING".equals(run.status())) {
                report = projects.latestReport(caller.get(), projectId);
            }
            return report;
        }

        public Gantt gantt() {
            return Gantt.of(report());
        }

        public List<InterruptService.AuditView> trail() {
            return interrupts.trail(caller.get(), projectId).stream().map(InterruptService.AuditView::of).toList();
        }

        public List<MeetingSnapshot.Manifest> meetings() {
            return meetings.list(caller.get(), null, null, projectId);
        }

        public List<ConversationSnapshot.Summary> conversations() {
            return conversations.list(caller.get(), projectId);
        }

        /** Whether the caller may use the operator's buttons (an operator or an admin). */
        public boolean operator() {
            return caller.get().isOperator();
        }

        public List<String> modes() {
            return RunRequest.MODES;
        }

        public List<String> timelines() {
            return RunRequest.TIMELINES;
        }
    }

    @GET
    @Operation(hidden = true)
    public String get(@PathParam("projectId") String projectId, @QueryParam("fragment") String fragment) {
        Project p = new Project(projectId);
        p.view(); // an unknown project is a 404 page, not a page of empty parts
        return Pages.render(Templates.project(p), fragment, "p", p);
    }

    @GET
    @Path("/why")
    @Operation(hidden = true)
    public String why(@PathParam("projectId") String projectId, @QueryParam("task_id") String taskId,
                                @QueryParam("agent_id") String agentId, @QueryParam("kind") String kind,
                                @QueryParam("decision") Long decision, @QueryParam("after") Long after,
                                @QueryParam("fragment") String fragment) {
        Why w = new Why(projects.project(caller.get(), projectId), projects, caller.get(), blank(taskId), blank(agentId), blank(kind), decision,
                after == null ? 0 : after);
        return Pages.render(Templates.why(w), fragment, "w", w);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
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
