package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.conclave.journal.RuleFolder;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.sim.RunRequest;
import io.conclave.sim.Simulator;

/**
 * The two ways a chapter reaches a session decide identically: the executable model compiled into the
 * application at build time, and the DRL compiled at run time (what happens to a chapter edited since
 * the build). Each example project is run end to end, with simulated agents and a fixed seed, once on
 * the policy made only of built chapters and once on the same files compiled here; the two reports
 * must be the same bytes. The reports' expected content is checked by the scenario tests; this test
 * only says that the compile path makes no difference.
 */
class PolicyParityTest {

    private static final List<RuleFile> SHIPPED;

    static {
        try {
            SHIPPED = RuleFolder.read(Path.of("rules"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Policy built() {
        CompileResult r = new PolicyCompiler(PolicyParityTest.class.getClassLoader()).compile(SHIPPED);
        assertTrue(r.ok(), () -> "shipped rules: " + r.errors());
        // every chapter must come from the build: otherwise this test would compare the run-time path with itself
        r.policy().chapters().forEach(c -> assertEquals(CompiledChapter.Origin.BUILD, c.origin(),
                "chapter " + c.name() + " was not built into the application (run ./mvnw process-classes)"));
        return r.policy();
    }

    static Policy compiledHere() {
        CompileResult r = new PolicyCompiler(PolicyParityTest.class.getClassLoader(), PrebuiltPolicy.none()).compile(SHIPPED);
        assertTrue(r.ok(), () -> "shipped rules: " + r.errors());
        r.policy().chapters().forEach(c -> assertEquals(CompiledChapter.Origin.RUNTIME, c.origin(), c.name()));
        return r.policy();
    }

    @ParameterizedTest
    @CsvSource({
            "healthcare_blockchain_compressed.json, fully_automated, 7",
            "healthcare_blockchain_compressed.json, simulation, 3",
            "product_launch_coordination.json, fully_automated, 11",
            "healthcare_blockchain_project.json, fully_automated, 5"})
    void anExampleRunGivesTheSameReportOnBothPaths(String file, String mode, long seed) throws IOException {
        String built = reportOf(built(), file, mode, seed);
        String here = reportOf(compiledHere(), file, mode, seed);
        assertTrue(built.contains("\"task_summary\""), built);
        assertEquals(built, here);
    }

    private static String reportOf(Policy policy, String file, String mode, long seed) throws IOException {
        ProjectSpec spec = io.conclave.app.ProjectService.specOf(Json.MAPPER.readTree(Files.readString(Path.of("projects", file))));
        try (ProjectSession session = ProjectSession.start(spec, policy, 500_000, 1)) {
            return Json.MAPPER.writeValueAsString(Simulator.runToEnd(session, new RunRequest(mode, seed, 0.2)));
        }
    }
}
