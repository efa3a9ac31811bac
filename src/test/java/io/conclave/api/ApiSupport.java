package io.conclave.api;

import static org.hamcrest.Matchers.endsWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.MatcherConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

/** Shared helpers of the REST tests: a request spec that reads JSON decimals as doubles, project bodies. */
public final class ApiSupport {
    public static final String COMPRESSED = "healthcare_blockchain_compressed.json";
    public static final String FULL = "healthcare_blockchain_project.json";

    /**
     * A failed body check shows the matcher's own account of the mismatch (for a {@link JsonPaths} check: the path,
     * the value it read, the body) instead of REST Assured's "Actual:" with the whole body only.
     */
    public static final MatcherConfig MISMATCHES = new MatcherConfig(MatcherConfig.ErrorDescriptionType.HAMCREST);

    /**
     * Decimals such as 105.9 come back as Double (not Float), so they compare exactly with Java literals, as
     * {@link JsonPaths} reads them; text is sent as UTF-8, the only charset the API takes (REST Assured would declare
     * ISO-8859-1); a failed check says why in Hamcrest's words ({@link #MISMATCHES}).
     */
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE))
            .encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                    .defaultContentCharset(java.nio.charset.StandardCharsets.UTF_8))
            .matcherConfig(MISMATCHES);

    private ApiSupport() {
    }

    public static RequestSpecification api() {
        return RestAssured.given().config(CONFIG);
    }

    /** A project id no other test uses (the Quarkus app is shared between test classes). */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The shipped example file with its project_id replaced, everything else byte-for-byte as shipped. */
    public static String example(String file, String projectId) {
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("projects", file)));
            node.put("project_id", projectId);
            return Json.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a project from a shipped example under a new id; fails the test unless it answers 201. */
    public static String createExample(String file, String prefix) {
        String id = uniqueId(prefix);
        create(example(file, id), id);
        return id;
    }

    public static void create(String body, String id) {
        api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects")
                .then().statusCode(201).header("Location", endsWith("/api/projects/" + id));
    }

    /**
     * Starts a simulated run (202 with its run id) and returns its report once it stopped running
     * (completed, failed, or paused), waiting for it server-side.
     */
    public static io.restassured.response.ValidatableResponse runToStop(String projectId, String body) {
        String runId = api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects/" + projectId + "/run")
                .then().statusCode(202).extract().path("run_id");
        return api().when().get("/api/projects/" + projectId + "/runs/" + runId + "/report?wait_seconds=60")
                .then().statusCode(200);
    }

    /**
     * The configuration of a test profile, for the profiles that do not test the API document: each profile is
     * an application Quarkus builds on its own when the suite starts, and the OpenAPI scan was half of each
     * build. The default profile, in which OpenApiTest and the generated client's test run, keeps the scan.
     */
    public static Map<String, String> profile(Map<String, String> overrides) {
        Map<String, String> all = new java.util.HashMap<>(overrides);
        all.put("mp.openapi.scan.disable", "true");
        return Map.copyOf(all);
    }

    /** A fresh folder under target/ (a test profile's rules copy or data folder). */
    public static Path freshFolder(String prefix) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "rest-test-folders"));
            return Files.createTempDirectory(parent, prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped rules/<chapter>/*.drl files as their names inside the rules folder, in name order. */
    public static List<String> shippedRuleFiles() {
        Path rules = Path.of("rules");
        try (Stream<Path> s = Files.walk(rules)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".drl")).map(p -> rules.relativize(p).toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code folder} hold exactly the shipped rule files again (extra files and chapters removed). */
    public static void restoreShippedRules(Path folder) {
        try {
            List<String> shipped = shippedRuleFiles();
            try (Stream<Path> s = Files.walk(folder)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    String name = folder.relativize(p).toString();
                    if (!p.equals(folder) && !shipped.contains(name) && shipped.stream().noneMatch(f -> f.startsWith(name + "/"))) {
                        Files.delete(p);
                    }
                }
            }
            for (String name : shipped) {
                Path target = folder.resolve(name);
                String text = Files.readString(Path.of("rules").resolve(name));
                Files.createDirectories(target.getParent());
                if (!Files.exists(target) || !Files.readString(target).equals(text)) {
                    writeAtomically(target, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the shipped rules in a fresh folder, for a test profile that edits rules. */
    public static Path copyOfShippedRules(String prefix) {
        Path folder = freshFolder(prefix);
        restoreShippedRules(folder);
        return folder;
    }

    /**
     * Replaces a file the way an editor's "safe write" does: written beside it under a name the rules
     * folder ignores (it starts with a dot), then renamed over it, so the watcher never sees half a file.
     */
    public static void writeAtomically(Path target, String text) {
        try {
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Two agents with one skill "x" (alice 9, bob 5) and two tasks needing x >= 5: t1 (no dependencies)
     * and t2 (after t1). Under the shipped score (skill x required level) alice scores 45 and bob 25.
     */
    public static String twoAgentProject(String id) {
        return """
                {
                  "project_id": "%s",
                  "title": "two agents",
                  "agents": [
                    {"agent_id": "alice", "name": "Alice", "skill_levels": {"x": 9}},
                    {"agent_id": "bob", "name": "Bob", "skill_levels": {"x": 5}}
                  ],
                  "tasks": [
                    {"task_id": "t1", "estimated_hours": 1, "priority": 3, "required_skills": {"x": 5}},
                    {"task_id": "t2", "estimated_hours": 1, "priority": 3, "required_skills": {"x": 5},
                     "dependencies": ["t1"]}
                  ]
                }
                """.formatted(id);
    }
}
