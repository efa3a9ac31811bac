package io.conclave.ui;

import java.io.IOException;
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
import io.conclave.api.RuleResource;
import io.conclave.api.RuleViews;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.DecisionDiff;
import io.conclave.app.DryRunRequest;
import io.conclave.app.PolicyVersions;
import io.conclave.app.ProjectPolicies;
import io.conclave.app.ProjectService;
import io.conclave.engine.EngineException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The policy's page at {@code /policy}: the active version, the chapters and their files, the last attempt
 * and the last refused edit with its errors (file, line, column), and for operators every version (status,
 * when, by whom, what it changed, who runs on it) with a form for a dry run; a file's text at
 * {@code /policy/{chapter}/{file}}; a dry run's decision diff at {@code /policy/dry-run?project_id=&version=}.
 */
@Path("/policy")
@Produces(MediaType.TEXT_HTML)
public class PolicyPage {
    private final RuleResource rules;
    private final PolicyVersions versions;
    private final ProjectPolicies projectPolicies;
    private final ProjectService projects;
    private final CurrentCaller caller;

    public PolicyPage(RuleResource rules, PolicyVersions versions, ProjectPolicies projectPolicies,
                      ProjectService projects, CurrentCaller caller) {
        this.rules = rules;
        this.versions = versions;
        this.projectPolicies = projectPolicies;
        this.projects = projects;
        this.caller = caller;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance policy(Policy p);

        static native TemplateInstance dryRun(DryRunPage d);
    }

    /** A dry run's page: which project, which version, and the decision diff. */
    public record DryRunPage(String projectId, String version, DecisionDiff diff) {
    }

    /** What the policy page shows: the rules' state and, on a file's page, that file. */
    public final class Policy {
        private final String file;
        private final RuleViews.RulesView view;
        private final String text;

        Policy(String file, String text) {
            this.file = file;
            this.view = rules.get();
            this.text = text;
        }

        /** Every version, newest first; empty for a caller who is not an operator (the list names projects). */
        public List<PolicyVersions.VersionView> versions() throws IOException {
            return caller.get().isOperator() ? versions.list() : List.of();
        }

        /** The projects a dry run may be asked for (an operator's: all). */
        public List<String> projects() {
            return caller.get().isOperator() ? projects.summaries(caller.get()).stream().map(l -> l.projectId()).toList() : List.of();
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
        Policy p = new Policy(chapter + "/" + file, rules.file(chapter, file));
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
        return Templates.dryRun(new DryRunPage(projectId, version, diff)).render();
    }

    @ServerExceptionMapper
    public Response refused(EngineException e) {
        return Pages.error(e);
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Pages.error(e);
    }
}
