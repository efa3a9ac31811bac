package io.conclave.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.RuleFolder;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;

/**
 * Tier-1 test support: the policy compiled once from the real {@code rules/} folder, and sessions
 * started from project definitions, without Quarkus.
 */
public final class RulesFixture {
    private static Policy shipped;

    private RulesFixture() {
    }

    /** The shipped policy, compiled from {@code ./rules} once per test JVM. */
    public static synchronized Policy policy() {
        if (shipped == null) {
            shipped = compile(Path.of("rules"));
        }
        return shipped;
    }

    /** Compiles a folder of rule files; fails the test when it does not compile. */
    public static Policy compile(Path folder) {
        QuietLogging.likeTheService();
        try {
            List<RuleFile> files = RuleFolder.read(folder);
            CompileResult r = new PolicyCompiler(RulesFixture.class.getClassLoader()).compile(files);
            if (!r.ok()) {
                throw new AssertionError("rules in " + folder + " do not compile: " + r.errors());
            }
            return r.policy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session of the shipped policy holding the project, after the first firing. */
    public static ProjectSession start(String projectJson) {
        return start(projectJson, policy(), 100_000);
    }

    public static ProjectSession start(String projectJson, Policy policy, int maxFirings) {
        try {
            JsonNode node = Json.MAPPER.readTree(projectJson);
            return ProjectSession.start(Json.MAPPER.treeToValue(node, ProjectSpec.class), policy, maxFirings, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session of the shipped policy holding one of the example projects of {@code projects/}. */
    public static ProjectSession startExample(String fileName) {
        try {
            return start(java.nio.file.Files.readString(Path.of("projects", fileName)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
