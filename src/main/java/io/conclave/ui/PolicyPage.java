package io.conclave.ui;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.conclave.api.ApiException;
import io.conclave.app.policy.RuleService;
import io.conclave.app.policy.RuleViews;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.policy.CandidateRequest;
import io.conclave.app.access.Caller;
import io.conclave.app.policy.DecisionDiff;
import io.conclave.app.policy.DryRunRequest;
import io.conclave.app.policy.PolicyVersions;
import io.conclave.app.policy.ProjectPolicies;
import io.conclave.app.project.ProjectQueries;
import io.conclave.app.project.ProjectViews;
import io.conclave.app.rollout.RolloutView;
import io.conclave.app.rollout.Rollouts;
import io.conclave.model.CommandException;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.PolicyMessage;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The policy's page at {@code /policy}: the active version, the chapters and their files, the last attempt
 * and the last refused edit with its errors (file, line, column), and for operators every version (status,
 * when, by whom, what it changed, who runs on it) with a form for a dry run, and every canary roll-out with its
 * state (each on its own page, {@link RolloutPage}); a file's text at
 * {@code /policy/{chapter}/{file}}; a dry run's decision diff at {@code /policy/dry-run?project_id=&version=}.
 */
@Path("/policy")
@Produces(MediaType.TEXT_HTML)
public class PolicyPage {
    private final RuleService rules;
    private final PolicyVersions versions;
    private final ProjectPolicies projectPolicies;
    private final ProjectQueries projects;
    private final CurrentCaller caller;

    private final Rollouts rollouts;

    public PolicyPage(RuleService rules, PolicyVersions versions, ProjectPolicies projectPolicies,
                      ProjectQueries projects, Rollouts rollouts, CurrentCaller caller) {
        this.rules = rules;
        this.versions = versions;
        this.projectPolicies = projectPolicies;
        this.projects = projects;
        this.rollouts = rollouts;
        this.caller = caller;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance policy(Policy p);

        static native TemplateInstance dryRun(DryRunPage d);

        static native TemplateInstance edit(Edit e);
    }

    /**
     * A dry run's page: which project, which version, and the decision diff; {@code candidate} when the version was
     * proposed and never went live, and the caller may then activate or discard it from the page.
     */
    public record DryRunPage(String projectId, String version, DecisionDiff diff, boolean candidate) {
    }

    /**
     * The editor of one rule file: the text (the active one, or the one sent back with its errors), the projects a
     * dry run may be asked for, and the errors of the text sent, each with its line and column.
     */
    public record Edit(String file, String text, List<String> projects, String projectId, List<PolicyMessage> errors) {
        /** The text's lines, each with whether an error is on it, numbered by the list that shows them. */
        public List<Line> lines() {
            List<Line> out = new java.util.ArrayList<>();
            String[] all = text.split("\n", -1);
            for (int i = 0; i < all.length; i++) {
                int n = i + 1;
                out.add(new Line(n, all[i], errors.stream().anyMatch(m -> m.line() == n && file.equals(m.file()))));
            }
            return out;
        }
    }

    /** A line of an edited text. */
    public record Line(int number, String text, boolean wrong) {
    }

    /** What the policy page shows: the rules' state and, on a file's page, that file. */
    public final class Policy {
        private final String file;
        private final RuleViews.RulesView view;
        private final String text;

        Policy(String file, String text) {
            this.file = file;
            this.view = rules.rules();
            this.text = text;
        }

        /** Every version, newest first; empty for a caller who is not an operator (the list names projects). */
        public List<PolicyVersions.VersionView> versions() throws IOException {
            return caller.get().isOperator() ? versions.list() : List.of();
        }

        /** Every canary roll-out, newest first; empty for a caller who is not an operator. */
        public List<RolloutView> rollouts() {
            return caller.get().isOperator() ? PolicyPage.this.rollouts.list(caller.get()) : List.of();
        }

        /** The projects a dry run may be asked for (an operator's: all). */
        public List<String> projects() {
            return projectIds();
        }

        /** Whether the caller may edit rule files here (an admin, while edits over the API are on). */
        public boolean editable() {
            return caller.get().isAdmin() && versions.editsAllowed();
        }

        public RuleViews.RulesView view() {
            return view;
        }

        /** The file shown, or null on the policy's page. */
        public String file() {
            return file;
        }

        /** The file's lines, numbered by the list that shows them. */
        public List<String> lines() {
            return text == null ? List.of() : List.of(text.split("\n", -1));
        }
    }

    @GET
    @Operation(hidden = true)
    public String get(@QueryParam("fragment") String fragment) {
        Policy p = new Policy(null, null);
        return Pages.render(Templates.policy(p), fragment, "p", p);
    }

    @GET
    @Path("/{chapter}/{file}")
    @Operation(hidden = true)
    public String file(@PathParam("chapter") String chapter, @PathParam("file") String file,
                                 @QueryParam("fragment") String fragment) throws IOException {
        Policy p = new Policy(chapter + "/" + file, rules.text(chapter + "/" + file, "file"));
        return Pages.render(Templates.policy(p), fragment, "p", p);
    }

    @GET
    @Path("/dry-run")
    @Operation(hidden = true)
    public String dryRun(@QueryParam("project_id") String projectId, @QueryParam("version") String version)
            throws IOException {
        if (projectId == null || version == null) {
            throw new ApiException(400, "invalid_request", "name a project (project_id) and a version (version)",
                    List.of());
        }
        DecisionDiff diff = projectPolicies.dryRun(caller.get(), projectId, new DryRunRequest(version, null));
        boolean candidate = caller.get().isAdmin() && "candidate".equals(versions.get(version).status());
        return Templates.dryRun(new DryRunPage(projectId, version, diff, candidate)).render();
    }

    /** The editor of a rule file (admins): its active text in a form that proposes the edit and dry-runs it. */
    @GET
    @Path("/{chapter}/{file}/edit")
    @RolesAllowed(Caller.ADMIN)
    @Operation(hidden = true)
    public String edit(@PathParam("chapter") String chapter, @PathParam("file") String file) throws IOException {
        String name = chapter + "/" + file;
        return Templates.edit(new Edit(name, rules.text(chapter + "/" + file, "file"), projectIds(), null, List.of())).render();
    }

    /**
     * An edit sent from the editor: proposed as a candidate over the active version (compiled through the same gate,
     * limits and allow-list as any edit; nothing goes live). Refused: the editor again, the text as sent, its errors
     * at their lines (422). Compiled: the dry run of the candidate on the chosen project, where it can be activated
     * or discarded; without a project, the policy's page, which lists the candidate.
     */
    @POST
    @Path("/{chapter}/{file}/edit")
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response propose(@PathParam("chapter") String chapter, @PathParam("file") String file,
                            @FormParam("text") String text, @FormParam("project_id") String projectId) throws IOException {
        String name = chapter + "/" + file;
        String sent = text == null ? "" : text.replace("\r\n", "\n");
        PolicyVersions.Proposed p = versions.propose(caller.get(), new CandidateRequest(null, Map.of(name, sent), List.of(),
                "edited in the dashboard: " + name));
        if (!p.ok()) {
            return Response.status(422).type(MediaType.TEXT_HTML_TYPE).entity(Templates.edit(new Edit(name, sent,
                    projectIds(), projectId, p.messages().stream().filter(PolicyMessage::isError).toList())).render()).build();
        }
        String version = p.version().version();
        return Response.seeOther(URI.create(projectId == null || projectId.isBlank() ? "/policy"
                : "/policy/dry-run?project_id=" + enc(projectId) + "&version=" + enc(version))).build();
    }

    /** Activates a version from the dry run's page (admins); refused, the error page says why. */
    @POST
    @Path("/versions/{version}/activate")
    @RolesAllowed(Caller.ADMIN)
    @Operation(hidden = true)
    public Response activate(@PathParam("version") String version) throws IOException {
        PolicyAttempt attempt = versions.activate(caller.get(), version);
        if (!attempt.activated()) {
            throw ApiException.invalidPolicy(attempt.messages(), "policy " + version + " did not go live; the running "
                    + "policy stays active");
        }
        return Response.seeOther(URI.create("/policy")).build();
    }

    /** Discards a candidate from the dry run's page (admins): its files leave the archive. */
    @POST
    @Path("/versions/{version}/drop")
    @RolesAllowed(Caller.ADMIN)
    @Operation(hidden = true)
    public Response discard(@PathParam("version") String version) throws IOException {
        versions.drop(caller.get(), version);
        return Response.seeOther(URI.create("/policy")).build();
    }

    private List<String> projectIds() {
        return caller.get().isOperator() ? projects.list(caller.get()).stream()
                .filter(p -> "ACTIVE".equals(p.status())).map(ProjectViews.ProjectSummary::projectId).toList()
                : List.of();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
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
