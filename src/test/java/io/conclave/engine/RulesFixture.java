package io.conclave.engine;

import io.conclave.model.policy.RuleFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.RuleFolder;
import io.conclave.model.Json;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectSession;

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
            return ProjectSession.start(io.conclave.app.ProjectSchemaCheck.spec(node), policy, maxFirings, 1);
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

    /**
     * A project registry over {@code data} with the shipped rules, as the service starts one: the policy
     * host (put in {@code host[0]}, to be closed by the caller) activates the rules, moves projects to a new
     * policy, and the journals found in {@code data} are replayed.
     */
    public static ProjectRegistry registry(Path data, PolicyHost[] host) throws IOException {
        return registry(Path.of("rules"), data, host, 500_000);
    }

    /** The same over the rules of {@code rules}, with a firing cap of {@code maxFirings} per command step. */
    public static ProjectRegistry registry(Path rules, Path data, PolicyHost[] host, int maxFirings) throws IOException {
        return registry(rules, data, host, maxFirings, 0);
    }

    /** The same, a snapshot taken every {@code snapshotEvery} entries (0: none). */
    public static ProjectRegistry registry(Path rules, Path data, PolicyHost[] host, int maxFirings, int snapshotEvery)
            throws IOException {
        host[0] = new PolicyHost(rules, new io.conclave.journal.PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(RulesFixture.class.getClassLoader()));
        ProjectRegistry projects = new ProjectRegistry(data, new JournaledRuntime.Setting(host[0], maxFirings,
                java.time.Clock.systemUTC(), e -> { }).withSnapshots(snapshotEvery), io.conclave.sim.Simulator.DRIVER);
        host[0].onActivate(p -> projects.switchAll());
        host[0].start();
        projects.recoverAll();
        return projects;
    }
}
