package io.conclave.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.app.project.ProjectSchemaTest;

/**
 * The tests' check of project files against the project schema as an editor or a client sees it: the file
 * {@code docs/project.schema.json} (which {@link ProjectSchemaTest} keeps equal to what the service serves), read by
 * a library validator (networknt json-schema-validator). REST tests pass every project they create through it
 * (io.conclave.api.ProjectBodies) and the engine tests build their projects with {@link #spec(JsonNode)}.
 */
public final class ProjectSchemaCheck {
    /** Where the schema is kept for editors. */
    public static final Path DOCS_COPY = Path.of("docs", "project.schema.json");
    private static volatile JsonSchema schema;

    private ProjectSchemaCheck() {
    }

    /** One refusal of the schema: the JSON path of the value (of the unknown field itself for one) and why. */
    public record Refusal(String path, String type, String message) {
    }

    /** What the schema refuses in {@code project}, in path order; empty when it is valid. */
    public static List<Refusal> refusals(JsonNode project) {
        return schema().validate(project).stream().map(ProjectSchemaCheck::refusal)
                .sorted(Comparator.comparing(Refusal::path)).toList();
    }

    /** Fails unless {@code project} is valid by the schema; {@code what} names it in the failure. */
    public static void assertValid(JsonNode project, String what) {
        List<Refusal> refusals = refusals(project);
        if (!refusals.isEmpty()) {
            throw new AssertionError(what + " is not valid by docs/project.schema.json: " + refusals);
        }
    }

    /**
     * A project of an engine test, checked against the schema and then bound as the tests always bound it
     * (Json.MAPPER, leniently: an engine test may build a project the validator would refuse).
     */
    public static ProjectSpec spec(JsonNode project) {
        assertValid(project, "a test project");
        try {
            return Json.MAPPER.treeToValue(project, ProjectSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** As {@link #spec(JsonNode)}, from JSON text. */
    public static ProjectSpec spec(String project) {
        try {
            return spec(Json.MAPPER.readTree(project));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Refusal refusal(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            at = at + "." + m.getProperty();
        }
        return new Refusal(at, m.getType(), m.getMessage());
    }

    private static JsonSchema schema() {
        if (schema == null) {
            try {
                JsonNode text = Json.MAPPER.readTree(Files.readString(DOCS_COPY));
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(text, SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }
}
