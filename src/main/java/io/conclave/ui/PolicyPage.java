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
import io.conclave.engine.EngineException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The policy's page at {@code /policy}: the active version, the chapters and their files, the last attempt
 * and the last refused edit with its errors (file, line, column); a file's text at
 * {@code /policy/{chapter}/{file}}.
 */
@Path("/policy")
@Produces(MediaType.TEXT_HTML)
public class PolicyPage {
    private final RuleResource rules;

    public PolicyPage(RuleResource rules) {
        this.rules = rules;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance policy(Policy p);
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

    @ServerExceptionMapper
    public Response refused(EngineException e) {
        return Pages.error(e);
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Pages.error(e);
    }
}
