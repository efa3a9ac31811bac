package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;

/**
 * What the OpenAPI document says of every operation alike, applied once the resources are scanned
 * ({@code mp.openapi.filter}): the error shape ({@link ApiError}) as the body of every 4xx and 5xx answer; the
 * answers every operation can give (401 without a valid token; 400 for a bad id or body; 404 for a path that names
 * nothing); the tags in the order a reader meets them; and the request examples taken from the example projects.
 */
public class OpenApiDocument implements OASFilter {
    /** The schema of every error answer. */
    static final String ERROR_SCHEMA = "ApiError";
    /** The example of a project definition: the compressed example project, as shipped. */
    public static final String PROJECT_EXAMPLE = "healthcare_blockchain_compressed";

    /** Tags in reading order: the README's "Try it", then the coordination patterns, then operations. */
    static final Map<String, String> TAGS = tags(
            "Projects", "Load a project definition, read it back with the rules' decisions applied, delete it",
            "Tokens", "Every call needs a token; an admin issues them (an agent's acts as that agent only)",
            "Tasks", "A task's state, agents reporting progress, and why a task is where it is",
            "Decisions", "The decision ledger of a project: every decision with its rule, policy version and facts",
            "Runs", "Simulated runs with simulated agents in simulated time, their reports and checkpoints",
            "Oversight", "The CEO's interrupts of a run and their audit trail",
            "Meetings", "Persistent meetings: join, discuss, propose, vote, close with minutes",
            "Conversations", "Conversations whose turns the rules decide, with a shared context",
            "Contract net", "Tasks announced to capable agents and awarded to the best bid",
            "Conflicts", "Resource, priority and goal conflicts of a project and their resolutions",
            "Consensus", "A proposal put to voters with fault tolerance",
            "Roster", "The organisation roster: agents registered once, serving several projects",
            "Scheduling", "Meeting times negotiated among participants under the active policy",
            "Memory", "Agents' working memory and state, and the shared memory, of a project or a conversation",
            "Agents", "An agent's own view: its pending items and events",
            "Events", "The Server-Sent Events stream of every project, task, run, meeting, conversation and policy event",
            "Rules", "The policy: the rule files, validated and activated while the service runs",
            "Policy versions", "Every version kept: candidates, dry runs on a project, activation forward or back, pins",
            "Administration", "Damaged journals and their repair",
            "Schemas", "The JSON Schema of project files");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        List<Tag> tags = new ArrayList<>();
        TAGS.forEach((name, description) -> tags.add(OASFactory.createTag().name(name).description(description)));
        openAPI.setTags(tags);
        if (openAPI.getPaths() == null) {
            return;
        }
        boolean securedByDefault = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean named = path.getKey().contains("{");
            for (Operation op : path.getValue().getOperations().values()) {
                APIResponses responses = op.getResponses();
                boolean secured = op.getSecurity() == null ? securedByDefault
                        : op.getSecurity().stream().noneMatch(r -> r.getSchemes() == null || r.getSchemes().isEmpty());
                boolean input = named || op.getRequestBody() != null || op.getParameters() != null && !op.getParameters().isEmpty();
                inPathOrder(path.getKey(), op);
                if (input && responses.hasAPIResponse("400") && "Bad Request".equals(responses.getAPIResponse("400")
                        .getDescription())) {
                    responses.getAPIResponse("400").setDescription("Bad input: every problem, each with its JSON path");
                }
                if (input && !responses.hasAPIResponse("400")) {
                    responses.addAPIResponse("400", error("Bad input: every problem, each with its JSON path"));
                }
                if (secured && !responses.hasAPIResponse("401")) {
                    responses.addAPIResponse("401", error("No valid token (Authorization: Bearer <token>)"));
                }
                if (named && !responses.hasAPIResponse("404")) {
                    responses.addAPIResponse("404", error("The path names nothing that exists"));
                }
                responses.getAPIResponses().forEach((code, r) -> {
                    if ((code.startsWith("4") || code.startsWith("5")) && r.getContent() == null) {
                        r.setContent(errorContent());
                    }
                });
            }
        }
        if (openAPI.getComponents() != null) {
            workingDays(openAPI.getComponents().getSchemas());
            openAPI.getComponents().addExample(PROJECT_EXAMPLE, OASFactory.createExample()
                    .summary("The compressed example project (projects/" + PROJECT_EXAMPLE + ".json)")
                    .value(projectExample()));
        }
    }

    /**
     * A project's working days, as the project schema states them: at least one, Monday to Friday when absent. The
     * default matters to generated clients: without it they send an optional list as {@code []}, which the service
     * refuses ("must name at least one day"); with it they send the days the service would have taken anyway.
     */
    private static void workingDays(Map<String, Schema> schemas) {
        Schema scheduling = schemas == null ? null : schemas.get("Scheduling");
        Schema days = scheduling == null || scheduling.getProperties() == null ? null
                : scheduling.getProperties().get("working_days");
        if (days != null) {
            days.minItems(1).defaultValue(List.copyOf(ProjectSpec.Scheduling.DAY_NAMES.subList(0, 5)))
                    .description("Working days, mon..sun or monday..sunday in any case (default Monday to Friday)");
        }
    }

    /**
     * Path parameters in the order the path names them (the scanner sorts them by name), so a generated client takes
     * {@code restoreCheckpoint(project_id, checkpoint_id)} as the URL reads; other parameters after them.
     */
    private static void inPathOrder(String path, Operation op) {
        if (op.getParameters() == null) {
            return;
        }
        List<org.eclipse.microprofile.openapi.models.parameters.Parameter> sorted = new ArrayList<>(op.getParameters());
        sorted.sort(java.util.Comparator.comparingInt(p -> {
            int at = p.getIn() == org.eclipse.microprofile.openapi.models.parameters.Parameter.In.PATH
                    ? path.indexOf("{" + p.getName() + "}") : -1;
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
        op.setParameters(sorted);
    }

    private static APIResponse error(String description) {
        return OASFactory.createAPIResponse().description(description).content(errorContent());
    }

    private static org.eclipse.microprofile.openapi.models.media.Content errorContent() {
        return OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(ERROR_SCHEMA)));
    }

    /** The example project as shipped (packed into the application as examples/*.json). */
    private static Object projectExample() {
        String name = "examples/" + PROJECT_EXAMPLE + ".json";
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : OpenApiDocument.class.getClassLoader()).getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the example project " + name + " is not in the application");
            }
            return Json.MAPPER.convertValue(Json.MAPPER.readTree(in), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> tags(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
