package io.conclave.ui;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.policy.RuleService;
import io.conclave.app.conversation.ConversationService;
import io.conclave.app.meeting.MeetingService;
import io.conclave.app.project.ProjectQueries;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.conclave.api.ApiException;
import io.conclave.app.policy.RuleViews;
import io.conclave.app.project.ProjectViews;
import io.conclave.model.CommandException;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingState;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The dashboard's overview at {@code /}: every project with its counts by status and its latest run, the
 * meetings by state, the conversations, and the policy (active version, whether the last edit was refused).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {
    private final ProjectQueries projects;
    private final MeetingService meetings;
    private final ConversationService conversations;
    private final RuleService rules;
    private final io.conclave.api.security.CurrentCaller caller;

    public OverviewPage(ProjectQueries projects, MeetingService meetings, ConversationService conversations,
                        RuleService rules, io.conclave.api.security.CurrentCaller caller) {
        this.caller = caller;
        this.projects = projects;
        this.meetings = meetings;
        this.conversations = conversations;
        this.rules = rules;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(Overview o);
    }

    /** A project with its latest run (null if it never ran). */
    public record ProjectRow(ProjectViews.ProjectSummary project, ProjectViews.RunView run) {
    }

    /** The meetings in one state. */
    public record StateGroup(String state, List<MeetingSnapshot.Manifest> meetings) {
    }

    /** What the overview shows, read when a fragment asks for it, so a fragment reads only its own part. */
    public final class Overview {
        private final String query;
        private final String status;

        Overview(String query, String status) {
            this.query = query == null ? "" : query.strip();
            this.status = status == null ? "" : status.strip();
        }

        /** The words the projects are searched for (in their ids and titles), as asked; "" for all. */
        public String query() {
            return query;
        }

        /** The task status a project must have at least one task in, as asked; "" for any. */
        public String status() {
            return status;
        }

        /** Whether the caller may open meetings and conversations here (an operator or an admin). */
        public boolean operator() {
            return caller.get().isOperator();
        }

        /** The turn strategies a conversation may be opened with. */
        public List<String> turnStrategies() {
            return java.util.Arrays.stream(io.conclave.model.conversation.TurnStrategy.values())
                    .map(io.conclave.model.conversation.TurnStrategy::json).toList();
        }

        /** The statuses a project may be filtered by. */
        public List<String> statuses() {
            return java.util.Arrays.stream(io.conclave.model.TaskStatus.values()).map(Enum::name).toList();
        }

        /** How many projects there are, searched or not. */
        public int total() {
            return projects.list(caller.get()).size();
        }

        /** The projects whose id or title holds every word searched for, and with a task in the status asked. */
        public List<ProjectRow> projects() {
            List<String> words = query.isEmpty() ? List.of()
                    : List.of(query.toLowerCase(java.util.Locale.ROOT).split("\\s+"));
            return projects.list(caller.get()).stream().filter(p -> {
                String text = (p.projectId() + " " + (p.title() == null ? "" : p.title())).toLowerCase(java.util.Locale.ROOT);
                return words.stream().allMatch(text::contains) && (status.isEmpty() || p.tasksByStatus().keySet().stream()
                        .anyMatch(s -> String.valueOf(s).equals(status)));
            }).map(p -> {
                List<ProjectViews.RunView> all = projects.runs(caller.get(), p.projectId());
                return new ProjectRow(p, all.isEmpty() ? null : all.get(all.size() - 1));
            }).toList();
        }

        public List<StateGroup> meetings() {
            List<MeetingSnapshot.Manifest> all = meetings.list(caller.get(), null, null, null);
            List<StateGroup> out = new ArrayList<>();
            for (MeetingState s : MeetingState.values()) {
                out.add(new StateGroup(s.json(), all.stream().filter(m -> m.state() == s).toList()));
            }
            return out;
        }

        public List<ConversationSnapshot.Summary> conversations() {
            return conversations.list(caller.get(), null);
        }

        public RuleViews.RulesView policy() {
            return rules.rules();
        }

        /**
         * Whether the last edit was refused: an attempt was refused after the active policy went live (the
         * last attempt alone does not tell, as the watcher's next look at the unchanged folder replaces it).
         */
        public boolean lastEditRefused() {
            RuleViews.RulesView v = policy();
            return v.lastRefused() != null && (v.activatedAt() == null || v.lastRefused().at().isAfter(v.activatedAt()));
        }
    }

    @GET
    @Operation(hidden = true)
    public String get(@QueryParam("fragment") String fragment, @QueryParam("q") String query,
                      @QueryParam("status") String status) {
        Overview o = new Overview(query, status);
        return Pages.render(Templates.overview(o), fragment, "o", o);
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
