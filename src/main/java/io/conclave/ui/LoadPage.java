package io.conclave.ui;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.api.ApiException;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.project.ProjectService;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.JsonLocations;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Loading a project from the dashboard at {@code /load}: a project file chosen or pasted, created as
 * {@code POST /api/projects} creates it (the same checks, the same caller). Refused, the page comes back with the
 * text as sent and every problem at its JSON path and at its line and column in the text, the wrong lines marked;
 * created, the project's page.
 */
@Path("/load")
@Produces(MediaType.TEXT_HTML)
public class LoadPage {
    private final ProjectService projects;
    private final CurrentCaller caller;

    public LoadPage(ProjectService projects, CurrentCaller caller) {
        this.projects = projects;
        this.caller = caller;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance load(Load l);
    }

    /** One problem of the text sent: its JSON path, where that is in the text (from 1), what is wrong. */
    public record Problem(String path, int line, int column, String message) {
    }

    /** The loader: the text (empty at first), its problems, and whether the caller may load projects at all. */
    public record Load(String text, List<Problem> problems, boolean operator) {
        /** The text's lines, each with whether a problem is on it. */
        public List<PolicyPage.Line> lines() {
            List<PolicyPage.Line> out = new ArrayList<>();
            String[] all = text.split("\n", -1);
            for (int i = 0; i < all.length; i++) {
                int n = i + 1;
                out.add(new PolicyPage.Line(n, all[i], problems.stream().anyMatch(p -> p.line() == n)));
            }
            return out;
        }
    }

    @GET
    @Operation(hidden = true)
    public String form() {
        return Templates.load(new Load("", List.of(), caller.get().isOperator())).render();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response load(@FormParam("definition") String definition) {
        String text = definition == null ? "" : definition.replace("\r\n", "\n");
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            return refused(400, text, List.of(new Problem("$", at == null ? 1 : at.getLineNr(), at == null ? 1
                    : at.getColumnNr(), "not valid JSON: " + message)));
        }
        if (node == null || node.isMissingNode()) {
            return refused(400, text, List.of(new Problem("$", 1, 1, "paste a project file or choose one")));
        }
        try {
            String id = projects.create(caller.get(), node).projectId();
            return Response.seeOther(URI.create("/projects/" + id)).build();
        } catch (CommandException e) {
            JsonLocations locations;
            try {
                locations = JsonLocations.read(text);
            } catch (IOException unexpected) {
                throw new IllegalStateException("a text Jackson read once no longer parses", unexpected);
            }
            List<Problem> problems = new ArrayList<>();
            e.problems().forEach(p -> {
                JsonLocations.At at = locations.at(p.path());
                problems.add(new Problem(p.path(), at.line(), at.column(), p.message()));
            });
            if (problems.isEmpty()) {
                // a refusal of the whole definition (a project of that id exists): at its id, where there is one
                String path = "project_exists".equals(e.code()) ? "$.project_id" : "$";
                JsonLocations.At at = locations.at(path);
                problems.add(new Problem(path, at.line(), at.column(), e.getMessage()));
            }
            return refused(ApiException.status(e.kind()), text, problems);
        }
    }

    private Response refused(int status, String text, List<Problem> problems) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.load(new Load(text, problems, caller.get().isOperator())).render()).build();
    }
}
