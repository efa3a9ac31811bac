package io.conclave.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.conclave.api.policy.RuleResource;

/**
 * The OpenAPI document is one clients can be generated from, and the one they are generated from: it is the copy
 * kept in docs/openapi.json (the build generates the test client from that copy, see GeneratedClientTest); every
 * operation has an operationId and a summary of its own; every path parameter is snake_case; every request body
 * has a schema and an example that is valid by it; every success answer but 204 has a schema and every error
 * answer the error shape; the tags come in reading order; and the fields each request schema names are the fields
 * the service knows (it lists them when it refuses an unknown one).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class OpenApiTest {
    /** The copy of the document kept for clients and for generating the test client. */
    public static final Path DOCS_COPY = Path.of("docs", "openapi.json");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static JsonNode doc;

    /** The document the service serves, read once (REST Assured knows the port only once a test runs). */
    @org.junit.jupiter.api.BeforeEach
    void read() throws IOException {
        if (doc == null) {
            doc = Json.MAPPER.readTree(given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                    .extract().asString());
        }
    }

    @Test
    void theCopyInDocsIsTheDocumentTheServiceServes() throws IOException {
        JsonNode kept = Json.MAPPER.readTree(Files.readString(DOCS_COPY));
        if (!doc.equals(kept)) {
            Path fresh = Path.of("target", "openapi.json");
            Files.writeString(fresh, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
            fail("docs/openapi.json is not the document the service serves at /q/openapi: review " + fresh
                    + " and copy it to docs/openapi.json (the test client is generated from that copy)");
        }
    }

    /** TaskView is written task_id, status_reason... (Json.MAPPER is snake_case): the document says so too. */
    @Test
    void schemasAreSnakeCase() {
        JsonNode task = doc.at("/components/schemas/TaskView/properties");
        assertTrue(task.has("task_id") && task.has("status_reason") && !task.has("taskId"), task.toString());
        assertFalse(doc.at("/components/schemas").has("JsonNode"), "Jackson's JsonNode is no schema of the API");
    }

    @Test
    void everyOperationHasItsOwnIdAndASummaryAndSnakeCasePathParameters() {
        List<String> ids = new ArrayList<>();
        for (Op op : operations()) {
            String id = op.node().path("operationId").asText("");
            assertTrue(id.matches("[a-z][A-Za-z]+"), op + " has an operationId: " + id);
            ids.add(id);
            String summary = op.node().path("summary").asText("");
            assertTrue(summary.length() > 12 && !summary.equalsIgnoreCase("get"), op + " summary: " + summary);
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(op.path());
            while (m.find()) {
                assertTrue(m.group(1).matches("[a-z]+(_[a-z]+)*"), op + ": path parameter " + m.group(1));
            }
        }
        // two methods of RuleResource (a DRL text, a set of files) are one operation with two media types
        assertEquals(new TreeSet<>(ids).size(), ids.size(), "operationIds are unique: " + ids);
        assertTrue(ids.size() >= 60, "operations: " + ids.size());
        assertTrue(ids.containsAll(List.of("createProject", "issueToken", "completeTask", "listTasks", "explainTask",
                "startRun", "getRunReport")), "the README's Try it calls these: " + ids);
    }

    @Test
    void everyAnswerHasItsSchemaAndEveryErrorTheErrorShape() {
        for (Op op : operations()) {
            op.node().path("responses").fields().forEachRemaining(r -> {
                String code = r.getKey();
                JsonNode content = r.getValue().path("content");
                if (code.equals("204")) {
                    assertTrue(content.isMissingNode(), op + " 204 has no body");
                } else if (code.startsWith("2")) {
                    assertFalse(content.isMissingNode() || content.isEmpty(), op + " " + code + " has a schema");
                    content.forEach(c -> assertTrue(c.has("schema"), op + " " + code + " has a schema"));
                } else {
                    assertEquals("#/components/schemas/ApiError", content.at("/application~1json/schema/$ref").asText(),
                            op + " " + code + " answers the error shape");
                }
            });
            if (!op.path().equals("/api/schemas/project.json")) {
                assertTrue(op.node().path("responses").has("401"), op + " needs a token");
            }
        }
        JsonNode error = doc.at("/components/schemas/ApiError/properties");
        assertEquals(List.of("error", "message", "details"), names(error));
    }

    /** Tags in the order a reader meets them: the README's Try it, then the coordination patterns, then operations. */
    @Test
    void tagsComeInReadingOrderAndTheBearerSchemeIsDeclared() {
        List<String> tags = new ArrayList<>();
        doc.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertEquals(List.of("Projects", "Tokens", "Tasks", "Decisions", "Runs", "Oversight", "Meetings", "Conversations",
                "Contract net", "Conflicts", "Consensus", "Roster", "Scheduling", "Memory", "Agents", "Events", "Rules", "Policy versions", "Administration",
                "Schemas"), tags);
        for (Op op : operations()) {
            op.node().path("tags").forEach(t -> assertTrue(tags.contains(t.asText()), op + " tag " + t));
        }
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals("bearer", doc.at("/security/0").fieldNames().next());
    }

    /**
     * Every request body has a schema and at least one example, and every JSON example is valid by its operation's
     * schema (the document's schemas are JSON Schema 2020-12, as OpenAPI 3.1 has them). The project example is the
     * shipped compressed example project.
     */
    @Test
    void everyRequestBodyHasAnExampleValidByItsSchema() throws IOException {
        int checked = 0;
        for (Op op : operations()) {
            JsonNode content = op.node().path("requestBody").path("content");
            if (content.isMissingNode()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> media : iterable(content)) {
                JsonNode schema = media.getValue().path("schema");
                JsonNode examples = media.getValue().path("examples");
                assertFalse(schema.isMissingNode(), op + " " + media.getKey() + " has a schema");
                assertFalse(examples.isEmpty(), op + " " + media.getKey() + " has an example");
                for (Map.Entry<String, JsonNode> example : iterable(examples)) {
                    JsonNode value = example.getValue().has("$ref")
                            ? doc.at("/components/examples/" + example.getValue().get("$ref").asText()
                            .replace("#/components/examples/", "") + "/value")
                            : example.getValue().path("value");
                    assertFalse(value.isMissingNode(), op + " example " + example.getKey() + " has a value");
                    if (media.getKey().equals("application/json")) {
                        List<String> problems = validate(schema, value);
                        assertEquals(List.of(), problems, op + " example " + example.getKey());
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 25, "JSON examples checked: " + checked);
        JsonNode shipped = Json.MAPPER.readTree(Files.readString(Path.of("projects", "healthcare_blockchain_compressed.json")));
        assertEquals(shipped, doc.at("/components/examples/" + OpenApiDocument.PROJECT_EXAMPLE + "/value"));
    }

    /**
     * The fields of each JSON request schema are the fields the service reads: a body with one unknown field is
     * refused, and the refusal lists the known fields, which must be the schema's properties. An agent's state (any
     * object) says nothing to compare.
     */
    @Test
    void theFieldsOfEveryRequestSchemaAreTheFieldsTheServiceKnows() {
        Set<String> silent = Set.of("saveAgentState");
        int compared = 0;
        for (Op op : operations()) {
            JsonNode schema = op.node().at("/requestBody/content/application~1json/schema");
            String id = op.node().path("operationId").asText();
            if (schema.isMissingNode() || silent.contains(id)) {
                continue;
            }
            JsonNode resolved = schema.has("$ref") ? doc.at("/components/schemas/"
                    + schema.get("$ref").asText().replace("#/components/schemas/", "")) : schema;
            List<String> properties = names(resolved.path("properties"));
            String path = op.path().replaceAll("\\{[^}]+}", "x1");
            String answer = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TestTokens.ADMIN)
                    .body("{\"zz_unknown_field\": true}").request(op.method(), path)
                    .then().statusCode(400).extract().asString();
            Matcher known = Pattern.compile("(?i)known fields: \\[([^\\]]*)]").matcher(answer);
            assertTrue(known.find(), op + " names the known fields when it refuses an unknown one: " + answer);
            assertEquals(new TreeSet<>(Arrays.asList(known.group(1).split(", "))), new TreeSet<>(properties),
                    op + ": the schema's properties are the fields the service knows");
            compared++;
        }
        assertTrue(compared >= 20, "request schemas compared: " + compared);
    }

    private static List<String> validate(JsonNode schema, JsonNode value) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("components", doc.get("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root).validate(value).stream()
                .map(ValidationMessage::getMessage).toList();
    }

    /** One operation of the document. */
    record Op(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    public static List<Op> operations() {
        List<Op> out = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (METHODS.contains(m.getKey())) {
                out.add(new Op(m.getKey(), p.getKey(), m.getValue()));
            }
        }));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        object.fields().forEachRemaining(out::add);
        return out;
    }
}
