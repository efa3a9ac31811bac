package io.conclave.engine;

import io.conclave.model.policy.RuleFile;
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
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;
import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.CompiledChapter;
import io.conclave.engine.policy.DrlOutline;
import io.conclave.engine.policy.FileUnits;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PrebuiltPolicy;
import io.conclave.engine.project.ProjectSession;

/**
 * The two ways a chapter reaches a session decide identically: the executable model compiled into the
 * application at build time, and the DRL compiled at run time (what happens to a chapter edited since
 * the build). Each example project is run end to end, with simulated agents and a fixed seed, once on
 * the policy made only of built chapters and once on the same files compiled here; the two reports
 * must be the same bytes. The third way is the usual one after an edit: one chapter compiled here, the
 * others built, in one KieBase; each chapter a project run loads is taken that way in turn. The reports'
 * expected content is checked by the scenario tests; this test only says that the compile path makes
 * no difference.
 */
// early in surefire's plain lane (io.conclave.SuiteOrder): one of its longest classes, which otherwise ran last, alone
@org.junit.jupiter.api.Order(4)
public class PolicyParityTest {

    /** The shipped rule files, read once. */
    public static final List<RuleFile> SHIPPED;

    static {
        try {
            SHIPPED = RuleFolder.read(Path.of("rules"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Policy built() {
        CompileResult r = new PolicyCompiler(PolicyParityTest.class.getClassLoader()).compile(SHIPPED);
        assertTrue(r.ok(), () -> "shipped rules: " + r.errors());
        // every chapter must come from the build: otherwise this test would compare the run-time path with itself
        r.policy().chapters().forEach(c -> assertEquals(CompiledChapter.Origin.BUILD, c.origin(),
                "chapter " + c.name() + " was not built into the application (run ./mvnw process-classes)"));
        return r.policy();
    }

    public static Policy compiledHere() {
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

    /**
     * The shipped files with a comment appended to the first file of {@code chapter}: the same rules, another
     * hash, so that chapter is compiled here while the others come from the build.
     */
    public static Policy oneChapterCompiledHere(String chapter) {
        List<RuleFile> files = new java.util.ArrayList<>(SHIPPED);
        int first = files.indexOf(files.stream().filter(f -> f.chapter().equals(chapter)).findFirst().orElseThrow());
        RuleFile edited = files.get(first);
        files.set(first, new RuleFile(edited.name(), edited.content() + "\n// edited: compiled at run time\n"));
        CompileResult r = new PolicyCompiler(PolicyParityTest.class.getClassLoader()).wholeChaptersOnly().compile(files);
        assertTrue(r.ok(), () -> chapter + " edited: " + r.errors());
        r.policy().chapters().forEach(c -> assertEquals(c.name().equals(chapter) ? CompiledChapter.Origin.RUNTIME
                : CompiledChapter.Origin.BUILD, c.origin(), c.name()));
        return r.policy();
    }

    /**
     * Found by the start-up benchmark: with the execution chapter compiled here and the rest built, the
     * compressed example failed at its first meeting ("kickoff_meeting is not a meeting task"). The report
     * names the policy version, which the appended comment changes; everything else must be the same bytes.
     */
    @ParameterizedTest
    @CsvSource({
            "assignment, healthcare_blockchain_compressed.json, fully_automated, 7",
            "workflow, healthcare_blockchain_compressed.json, fully_automated, 7",
            "coordination, product_launch_coordination.json, fully_automated, 11",
            "execution, healthcare_blockchain_compressed.json, fully_automated, 7",
            "execution, product_launch_coordination.json, fully_automated, 11",
            "meetings, healthcare_blockchain_compressed.json, simulation, 3",
            "simulation, healthcare_blockchain_compressed.json, simulation, 3"})
    void oneChapterCompiledHereBesideBuiltOnesGivesTheSameReport(String chapter, String file, String mode, long seed)
            throws IOException {
        Policy built = built();
        Policy mixed = oneChapterCompiledHere(chapter);
        String expected = reportOf(built, file, mode, seed);
        String actual = reportOf(mixed, file, mode, seed).replace(mixed.version(), built.version());
        assertTrue(expected.contains("\"task_summary\""), expected);
        assertEquals(expected, actual);
    }

    /**
     * An edit's usual path: the files it touched compiled on their own ({@link FileUnits}) and put together with the
     * built chapter's other rules. Every rule of every second file with rules of the chapter is touched (a comment
     * line before its end), the odd files and then the even ones, so that in one chapter several files' rules are
     * replaced, each between untouched ones. Only those files may be compiled; the chapter's rules must come in the
     * order of the built chapter's (Drools breaks ties of salience by it); the example must give the built policy's
     * report.
     */
    @ParameterizedTest
    @CsvSource({
            "assignment, healthcare_blockchain_compressed.json, fully_automated, 7, 0",
            "assignment, product_launch_coordination.json, fully_automated, 11, 1",
            "workflow, healthcare_blockchain_compressed.json, fully_automated, 7, 0",
            "workflow, healthcare_blockchain_compressed.json, fully_automated, 7, 1",
            "coordination, product_launch_coordination.json, fully_automated, 11, 0",
            "coordination, product_launch_coordination.json, fully_automated, 11, 1",
            "execution, healthcare_blockchain_compressed.json, fully_automated, 7, 0",
            "execution, product_launch_coordination.json, fully_automated, 11, 1",
            "meetings, healthcare_blockchain_compressed.json, simulation, 3, 0",
            "meetings, healthcare_blockchain_compressed.json, simulation, 3, 1"})
    void touchedFilesPutTogetherWithTheBuiltChapterGiveTheSameReport(String chapter, String file, String mode, long seed,
                                                                      int half) throws IOException {
        Policy built = built();
        List<RuleFile> files = new java.util.ArrayList<>(SHIPPED);
        List<String> touched = new java.util.ArrayList<>();
        List<RuleFile> withRules = SHIPPED.stream().filter(f -> f.chapter().equals(chapter))
                .filter(f -> !DrlOutline.of(f).orElseThrow().rules().isEmpty()).toList();
        for (int i = half; i < withRules.size(); i += 2) {
            RuleFile f = withRules.get(i);
            files.set(files.indexOf(f), new RuleFile(f.name(), f.content().replaceAll("(?m)^end$", "    // touched\nend")));
            touched.add(f.name());
        }
        CompileResult r = new PolicyCompiler(PolicyParityTest.class.getClassLoader()).compile(files);
        assertTrue(r.ok(), () -> chapter + " touched: " + r.errors());
        Policy mixed = r.policy();
        assertEquals(touched, chapterOf(mixed, chapter).compiledFiles());
        assertEquals(ruleNames(chapterOf(built, chapter)), ruleNames(chapterOf(mixed, chapter)));
        String expected = reportOf(built, file, mode, seed);
        String actual = reportOf(mixed, file, mode, seed).replace(mixed.version(), built.version());
        assertTrue(expected.contains("\"task_summary\""), expected);
        assertEquals(expected, actual);
    }

    private static CompiledChapter chapterOf(Policy policy, String chapter) {
        return policy.chapters().stream().filter(c -> c.name().equals(chapter)).findFirst().orElseThrow();
    }

    private static List<String> ruleNames(CompiledChapter c) {
        return c.models().get().stream().flatMap(m -> m.getRules().stream()).map(org.drools.model.Rule::getName).toList();
    }

    private static String reportOf(Policy policy, String file, String mode, long seed) throws IOException {
        ProjectSpec spec = io.conclave.app.project.ProjectService.specOf(Json.MAPPER.readTree(Files.readString(Path.of("projects", file))));
        try (ProjectSession session = ProjectSession.start(spec, policy, 500_000, 1)) {
            return Json.MAPPER.writeValueAsString(Simulator.runToEnd(session, new RunRequest(mode, seed, 0.2)));
        }
    }
}
