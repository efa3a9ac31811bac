package io.conclave.app.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.app.ProjectSchemaCheck;

/**
 * The project schema tells the truth about project files: the copy in docs/ is the one the service generates,
 * every example project and the original orchestrator's format are valid by it and load, and every constraint the
 * schema states (unknown fields, enumerations, ranges, patterns) is one the service enforces at the same JSON path.
 * What the REST tests create is checked against it as they create it (io.conclave.api.ProjectBodies).
 */
public class ProjectSchemaTest {

    @Test
    void theCopyInDocsIsTheSchemaTheServiceGenerates() throws IOException {
        JsonNode generated = Json.MAPPER.readTree(ProjectSchema.text());
        JsonNode kept = Json.MAPPER.readTree(Files.readString(ProjectSchemaCheck.DOCS_COPY));
        if (!generated.equals(kept)) {
            Path fresh = Path.of("target", "project.schema.json");
            Files.writeString(fresh, ProjectSchema.text());
            fail("docs/project.schema.json is not the schema the service generates (io.conclave.app.project.ProjectSchema): "
                    + "review " + fresh + " and copy it to docs/project.schema.json");
        }
    }

    /** The shipped examples name the schema (editors find it by a path relative to the file), are valid and load. */
    @Test
    void everyExampleProjectNamesTheSchemaIsValidAndLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("projects"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(3, files.size(), "the shipped examples: " + files);
        for (Path file : files) {
            JsonNode project = Json.MAPPER.readTree(Files.readString(file));
            assertEquals("../docs/project.schema.json", project.path("$schema").asText(), file + " names the schema");
            ProjectSchemaCheck.assertValid(project, file.toString());
            ProjectService.specOf(project); // throws with the problems otherwise
        }
    }

    /**
     * The project format of the original orchestrator, as its guide writes it (comments and all, each enumerated
     * field as "a|b|c"): with the comments taken out, every alternative of every enumerated field is valid by the
     * schema, and the service refuses nothing of it but the guide's placeholder references ("agent_id1",
     * "other_task_id", "next_task_id" name no agent or task of the file). Every field it uses is one Conclave knows.
     */
    @Test
    void theOriginalFormatIsValidInEveryAlternative() throws IOException {
        String template = Files.readString(Path.of("src/test/resources/source-format/project-template.jsonc"))
                .replaceAll("//[^\\n]*", "");
        Matcher alternatives = Pattern.compile("\"([a-z_]+(\\|[a-z_]+)+)\"").matcher(template);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        while (alternatives.find()) {
            fields.put(alternatives.group(1), List.of(alternatives.group(1).split("\\|")));
        }
        assertEquals(List.of("fully_automated|incremental|simulation", "same_day|distributed|compressed"),
                List.copyOf(fields.keySet()));
        for (int k = 0; k < 3; k++) {
            String text = template;
            for (Map.Entry<String, List<String>> f : fields.entrySet()) {
                text = text.replace("\"" + f.getKey() + "\"", "\"" + f.getValue().get(k) + "\"");
            }
            JsonNode project = Json.MAPPER.readTree(text);
            ProjectSchemaCheck.assertValid(project, "the original format, alternative " + k);
            assertEquals(List.of("$.tasks[0].dependencies[0]", "$.tasks[0].follow_up_tasks[0]", "$.tasks[0].attendees[0]",
                    "$.tasks[0].attendees[1]"), servicePaths(project), "alternative " + k);
        }
    }

    /**
     * Every constraint of the schema, one at a time, on the compressed example: a value the schema refuses is
     * refused by the service at the same path, and the bounds the schema allows are accepted by both. The
     * constraints are read from the schema itself, so a new one is tested without being listed here.
     */
    @Test
    void everyConstraintOfTheSchemaIsOneTheServiceEnforces() throws IOException {
        ObjectNode base = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("projects",
                "healthcare_blockchain_compressed.json")));
        ObjectNode schema = ProjectSchema.json();
        Map<String, String> where = new LinkedHashMap<>();
        where.put("", "$");
        where.put("scheduling", "$.scheduling");
        where.put("working_hours", "$.scheduling.working_hours");
        where.put("agent", "$.agents[0]");
        where.put("availability", "$.agents[0].availability[0]");
        where.put("task", "$.tasks[1]");
        where.put("ceo_oversight", "$.ceo_oversight");
        where.put("contract_net", "$.contract_net");
        where.put("spawning", "$.spawning");
        assertEquals(where.keySet().stream().filter(d -> !d.isEmpty()).sorted().toList(),
                iterable(schema.get("$defs").fieldNames()).stream().sorted().toList(), "every definition has a place");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, String> def : where.entrySet()) {
            JsonNode props = def.getKey().isEmpty() ? schema.get("properties")
                    : schema.get("$defs").get(def.getKey()).get("properties");
            String at = def.getValue();
            refusedByBoth(base, at, "bogus_field", Json.MAPPER.getNodeFactory().textNode("x"), at + ".bogus_field");
            for (String name : iterable(props.fieldNames())) {
                JsonNode p = props.get(name);
                String path = at + "." + name;
                for (Case c : cases(p)) {
                    if (c.refused()) {
                        refusedByBoth(base, at, name, c.value(), path + c.suffix());
                    } else {
                        acceptedByBoth(base, at, name, c.value(), path);
                    }
                    checked.add(path + c.suffix() + (c.refused() ? " refused " : " accepted ") + c.value());
                }
            }
        }
        // the hand-made part of the schema is all there: counted, so a constraint that goes missing is noticed
        assertTrue(checked.size() >= 80, "constraints checked: " + checked.size() + " " + checked);
    }

    /** A value to put at a property and whether both must refuse it (at the property's path plus suffix). */
    private record Case(JsonNode value, boolean refused, String suffix) {
    }

    private static List<Case> cases(JsonNode p) {
        var f = Json.MAPPER.getNodeFactory();
        List<Case> out = new ArrayList<>();
        if (p.has("enum")) {
            out.add(new Case(f.textNode("bogus_value"), true, ""));
            p.get("enum").forEach(v -> out.add(new Case(v, false, "")));
        }
        boolean integer = "integer".equals(p.path("type").asText());
        if (p.has("minimum")) {
            double min = p.get("minimum").asDouble();
            out.add(new Case(integer ? f.numberNode((long) min - 1) : f.numberNode(min > 0 && min < 1 ? min / 2 : min - 0.5),
                    true, ""));
            out.add(new Case(p.get("minimum"), false, ""));
        }
        if (p.has("maximum")) {
            out.add(new Case(integer ? f.numberNode(p.get("maximum").asLong() + 1) : f.numberNode(p.get("maximum").asDouble() + 0.5),
                    true, ""));
            out.add(new Case(p.get("maximum"), false, ""));
        }
        if (p.has("exclusiveMinimum")) {
            out.add(new Case(p.get("exclusiveMinimum"), true, ""));
        }
        if (p.has("pattern")) {
            out.add(new Case(f.textNode(p.get("pattern").asText().equals("\\S") ? "  " : "not valid/.."), true, ""));
        }
        if (p.has("anyOf") && !p.has("type")) { // a time of day
            out.add(new Case(f.textNode("25:00"), true, ""));
            out.add(new Case(f.numberNode(24.5), true, ""));
            out.add(new Case(f.textNode("09:30"), false, ""));
        }
        JsonNode items = p.path("items");
        if (items.has("enum") || items.has("pattern")) {
            String bad = items.has("enum") ? "bogus_value" : items.path("pattern").asText().equals("\\S") ? " " : "not valid/..";
            out.add(new Case(f.arrayNode().add(bad), true, "[0]"));
        }
        JsonNode values = p.path("additionalProperties");
        if (values.has("maximum")) {
            out.add(new Case(f.objectNode().put("x", values.get("maximum").asDouble() + 1), true, ".x"));
            out.add(new Case(f.objectNode().put("x", values.get("minimum").asDouble() - 0.5), true, ".x"));
            out.add(new Case(f.objectNode().set("x", values.get("minimum")), false, ""));
        }
        return out;
    }

    private static void refusedByBoth(ObjectNode base, String at, String name, JsonNode value, String path) {
        JsonNode project = with(base, at, name, value);
        List<String> schema = ProjectSchemaCheck.refusals(project).stream().map(ProjectSchemaCheck.Refusal::path).toList();
        assertTrue(schema.contains(path), "the schema refuses " + value + " at " + path + ": " + schema);
        List<String> service = servicePaths(project);
        assertTrue(service.contains(path), "the service refuses " + value + " at " + path + ": " + service);
    }

    private static void acceptedByBoth(ObjectNode base, String at, String name, JsonNode value, String path) {
        JsonNode project = with(base, at, name, value);
        assertEquals(List.of(), ProjectSchemaCheck.refusals(project), "the schema accepts " + value + " at " + path);
        assertEquals(List.of(), servicePaths(project), "the service accepts " + value + " at " + path);
    }

    /** The paths the service refuses in {@code project} (empty when it loads). */
    public static List<String> servicePaths(JsonNode project) {
        try {
            ProjectService.specOf(project);
            return List.of();
        } catch (CommandException e) {
            return e.problems().stream().map(Problem::path).toList();
        }
    }

    /** A copy of {@code base} with {@code name} set to {@code value} in the object at {@code at} (made if missing). */
    private static JsonNode with(ObjectNode base, String at, String name, JsonNode value) {
        ObjectNode copy = base.deepCopy();
        ObjectNode target = copy;
        Matcher m = Pattern.compile("\\.([a-z_]+)(\\[(\\d+)\\])?").matcher(at.substring(1));
        while (m.find()) {
            JsonNode next = target.get(m.group(1));
            if (next == null) {
                next = target.putObject(m.group(1));
            }
            if (m.group(3) != null) {
                next = ((ArrayNode) next).get(Integer.parseInt(m.group(3)));
            }
            target = (ObjectNode) next;
        }
        target.set(name, value);
        return copy;
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
