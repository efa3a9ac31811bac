package io.conclave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.project.ProjectService;
import io.conclave.app.project.RunService;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;

/**
 * The command-line mode, in process: {@code conclave run} with captured stdout and stderr. The
 * expectations of the compressed example on the continuous timeline are those derived by hand in
 * {@code io.conclave.api.RunAndReportTest} (hour 0 = 2024-01-15T09:00, every task takes its estimate):
 * kickoff 09:00-10:00 (all five), architecture_design 10:00-12:00 (cto), compliance_requirements
 * 10:00-11:30 (compliance), smart_contract_prototype 12:00-15:00 (blockchain_dev), security_review
 * 15:00-16:30 (security), wrap_up_meeting 16:30-17:30: 6 completed, 4 assignments, 2 meetings, 8.5 hours.
 */
class CliTest {
    private static final String COMPRESSED = "projects/healthcare_blockchain_compressed.json";
    private static final String FULL = "projects/healthcare_blockchain_project.json";

    /** What one CLI call printed and returned. */
    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(out);
        }
    }

    /** {@code conclave ARGS} in process. */
    static Result conclave(Terminal terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code conclave run ARGS} in process. */
    static Result cli(Terminal terminal, String... args) {
        String[] run = new String[args.length + 1];
        run[0] = "run";
        System.arraycopy(args, 0, run, 1, args.length);
        return conclave(terminal, run);
    }

    static Result cli(String... args) {
        return cli(Terminal.none(), args);
    }

    @Test
    void theJsonReportIsTheReportOfTheSameRequestRunInProcess() throws IOException {
        Result r = cli("--seed", "1", "--timeline", "continuous", "--json", COMPRESSED);
        assertEquals(0, r.code(), r.err());
        JsonNode report = r.json();
        assertEquals("run-1", report.get("run_id").asText());
        assertEquals("healthcare_blockchain_compressed", report.get("project_id").asText());
        assertEquals("COMPLETED", report.get("status").asText());
        assertEquals(6, report.at("/task_summary/total_tasks").asInt());
        assertEquals(6, report.at("/task_summary/completed_tasks").asInt());
        assertEquals(4, report.at("/statistics/assignments").asInt());
        assertEquals(2, report.at("/statistics/meetings_convened").asInt());
        assertEquals(8.5, report.at("/statistics/simulated_hours").asDouble());
        assertEquals("2024-01-15T17:30", report.get("simulated_end").asText());
        assertEquals("cto", task(report, "architecture_design").get("assignee").asText());
        assertEquals("2024-01-15T15:00", task(report, "security_review").get("simulated_start").asText());

        // the service's run of the same request: RunService.complete fills it in, run-1 is the first run's id
        String definition = Files.readString(Path.of(COMPRESSED));
        ProjectSpec spec = ProjectService.specOf(Json.MAPPER.readTree(definition));
        RunRequest request = RunService.complete(new RunRequest(null, 1L, null, "continuous", null, null), spec);
        try (ProjectSession session = RulesFixture.start(definition)) {
            Simulator sim = Simulator.start(session, "run-1", request);
            while (sim.state().isRunning()) {
                sim.step(Integer.MAX_VALUE, Long.MAX_VALUE);
            }
            assertEquals(Json.MAPPER.writeValueAsString(sim.report(0)) + "\n", r.out());
        }
    }

    @Test
    void theTextReportHasTheHandDerivedLines() {
        Result r = cli("--seed", "1", "--timeline", "continuous", COMPRESSED);
        assertEquals(0, r.code(), r.err());
        String text = r.out();
        assertTrue(text.startsWith("Healthcare Blockchain Pilot (compressed)\n"), text);
        assertContains(text, "project healthcare_blockchain_compressed, run-1: COMPLETED (nothing more can progress)");
        assertContains(text, "simulated 2024-01-15T09:00 to 2024-01-15T17:30 (8.5 hours), continuous timeline");
        assertContains(text, "Task summary: 6 tasks: 6 completed, 0 failed, 0 skipped, 0 unassignable, 0 blocked, "
                + "0 unfinished; 0 spawned by meetings");
        assertMatches(text, "assignments\\s+4");
        assertMatches(text, "meetings convened\\s+2");
        assertMatches(text, "kickoff_meeting\\s+COMPLETED\\s+pm, cto, blockchain_dev, compliance, security\\s+"
                + "2024-01-15T09:00\\s+2024-01-15T10:00");
        assertMatches(text, "architecture_design\\s+COMPLETED\\s+cto\\s+2024-01-15T10:00\\s+2024-01-15T12:00");
        assertMatches(text, "compliance_requirements\\s+COMPLETED\\s+compliance\\s+2024-01-15T10:00\\s+2024-01-15T11:30");
        assertMatches(text, "security_review\\s+COMPLETED\\s+security\\s+2024-01-15T15:00\\s+2024-01-15T16:30");
        // cto: kickoff 1 + architecture 2 + wrap-up 1 = 4 busy hours of 8.5, three tasks
        assertMatches(text, "\\n  cto\\s+3 completed\\s+4.0 h busy\\s+47.1%");
        // the kickoff's proposal: 3 yes (cto, blockchain_dev, compliance), 2 abstain, 3 needed of 5
        assertMatches(text, "adopt_kickoff_meeting\\s+accepted\\s+3 yes, 0 no, 2 abstain, 3 needed");
        assertMatches(text, "kickoff_meeting\\s+adopt_kickoff_meeting\\s+accepted");
        assertContains(text, "\nRisks\n  (none)\n");
        assertMatches(text, "2024-01-15T16:30\\s+wrap_up_meeting\\s+started\\s+pm, cto, blockchain_dev");
    }

    @Test
    void theProgressBarGoesToStderrOneLinePerTenthWithoutATerminal() {
        Result r = cli("--seed", "1", "--timeline", "continuous", "--json", COMPRESSED);
        List<String> lines = r.err().lines().toList();
        assertEquals("[--------------------]   0% 0/6 tasks  2024-01-15T09:00", lines.get(0));
        assertEquals("[####################] 100% 6/6 tasks  2024-01-15T17:30", lines.get(lines.size() - 1));
        // 6 tasks: each completion crosses into a new tenth (17%, 33%, 50%, 67%, 83%, 100%) at most once
        assertTrue(lines.size() <= 7, r.err());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("[")), r.err());
        assertFalse(r.err().contains("\r"));
    }

    @Test
    void sameFileOptionsAndSeedGiveTheSameBytes() {
        String[] args = {"--seed", "42", "--failure-rate", "0.3", "--timeline", "continuous", "--json", FULL};
        Result first = cli(args);
        Result second = cli(args);
        assertTrue(first.code() == 0, first.err());
        assertEquals(first.out(), second.out());
        assertEquals(first.err(), second.err());
        assertEquals(cli("--seed", "42", "--failure-rate", "0.3", FULL).out(),
                cli("--seed", "42", "--failure-rate", "0.3", FULL).out());
    }

    @Test
    void anIncrementalRunStopsAtItsFirstCheckpointWithoutAutoResume() throws IOException {
        Result r = cli("--mode", "incremental", "--seed", "1", "--timeline", "continuous", "--json", COMPRESSED);
        assertEquals(3, r.code(), r.err());
        // after_each_meeting by default: the kickoff (09:00-10:00) is the first meeting task to complete
        assertContains(r.err(), "Run paused at checkpoint 1: after meeting task kickoff_meeting (completed)");
        assertContains(r.err(), "1/6 tasks finished, in progress: none; simulated time 2024-01-15T10:00");
        assertContains(r.err(), "not resumed: --auto-resume");
        JsonNode report = r.json();
        assertEquals("PAUSED_AT_CHECKPOINT", report.get("status").asText());
        assertEquals(1, report.at("/task_summary/completed_tasks").asInt());
        assertEquals(1, report.at("/statistics/checkpoints").asInt());
    }

    @Test
    void autoResumeGoesOnAtEveryCheckpointToTheEnd() throws IOException {
        Result r = cli("--mode", "incremental", "--auto-resume", "--seed", "1", "--timeline", "continuous", "--json",
                COMPRESSED);
        assertEquals(0, r.code(), r.err());
        // two meeting tasks: a checkpoint after the kickoff and one after the wrap-up, each resumed
        assertContains(r.err(), "Run paused at checkpoint 1: after meeting task kickoff_meeting (completed)");
        assertContains(r.err(), "Run paused at checkpoint 2: after meeting task wrap_up_meeting (completed)");
        assertEquals(2, r.err().split("resumed \\(--auto-resume\\)", -1).length - 1, r.err());
        JsonNode report = r.json();
        assertEquals("COMPLETED", report.get("status").asText());
        assertEquals(6, report.at("/task_summary/completed_tasks").asInt());
        assertEquals(2, report.at("/statistics/checkpoints").asInt());
        assertEquals("2024-01-15T17:30", report.get("simulated_end").asText());
    }

    @Test
    void inATerminalEnterResumesAndTheEndOfInputStops() {
        AtomicInteger asked = new AtomicInteger();
        Terminal pressesEnter = terminal(() -> {
            asked.incrementAndGet();
            return true;
        });
        Result resumed = cli(pressesEnter, "--mode", "incremental", "--timeline", "continuous", COMPRESSED);
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(2, asked.get());
        assertContains(resumed.err(), "press Enter to resume");
        assertTrue(resumed.err().contains("\r["), "the bar is redrawn in place on a terminal");

        Result stopped = cli(terminal(() -> false), "--mode", "incremental", "--timeline", "continuous", COMPRESSED);
        assertEquals(3, stopped.code());
        assertContains(stopped.out(), "run-1: PAUSED_AT_CHECKPOINT (after meeting task kickoff_meeting (completed))");
    }

    @Test
    void aMissingFileOrBadJsonIsExit2() throws IOException {
        Result missing = cli("projects/no_such_project.json");
        assertEquals(2, missing.code());
        assertContains(missing.err(), "project file projects/no_such_project.json: no such file");
        assertEquals("", missing.out());

        Path bad = Files.createTempFile("conclave-cli", ".json");
        try {
            Files.writeString(bad, "{\n  \"project_id\": \"p\",\n  \"tasks\": [ }\n");
            Result r = cli(bad.toString());
            assertEquals(2, r.code());
            assertContains(r.err(), "is not valid JSON: $ (line 3, column");
            assertEquals("", r.out());
        } finally {
            Files.delete(bad);
        }
    }

    @Test
    void anInvalidProjectIsExit2WithTheJsonPathOfEveryProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.json");
        Files.writeString(file, """
                {"project_id": "p", "coordination": "anarchy",
                 "agents": [{"agent_id": "a", "name": "A"}, {"agent_id": "a", "name": "B"}],
                 "tasks": [{"task_id": "t", "estimated_hours": 1, "dependencies": ["ghost"]}]}
                """);
        Result r = cli(file.toString());
        assertEquals(2, r.code(), r.err());
        assertContains(r.err(), "is not a valid project");
        // each problem also says where its path is in the file (columns from 1): a field at its name
        // ("coordination" opens at column 21 of line 1; the second "agent_id" at column 46 of line 2), an array
        // element at its first character ("ghost" at column 68 of line 3)
        assertMatches(r.err(), "\\n  \\$\\.coordination: unknown pattern 'anarchy'.*  \\(" + Pattern.quote(file + ":1:21)"));
        assertContains(r.err(), "  $.agents[1].agent_id: duplicate agent_id 'a'  (" + file + ":2:46)");
        assertContains(r.err(), "  $.tasks[0].dependencies[0]: unknown task id 'ghost'  (" + file + ":3:68)");

        Files.writeString(file, "{\"project_id\": \"p\", \"tasks\": \"none\"}");
        Result wrongType = cli(file.toString());
        assertEquals(2, wrongType.code());
        assertContains(wrongType.err(), "  $.tasks: ");
    }

    @Test
    void badOptionsAreExit2WithTheUsage() {
        Result unknown = cli("--fast", COMPRESSED);
        assertEquals(2, unknown.code());
        assertContains(unknown.err(), "conclave run: Unknown option: '--fast'");
        assertContains(unknown.err(), "Usage: conclave run [-hV] [--auto-resume] [--json] [--no-spawn-meetings]");

        Result mode = cli("--mode", "fast", COMPRESSED);
        assertEquals(2, mode.code());
        assertContains(mode.err(), "--mode: must be one of [fully_automated, incremental, simulation], was 'fast'");

        // the same checks as a REST run request: a checkpoint frequency needs an incremental run
        Result frequency = cli("--checkpoint-frequency", "daily", "--failure-rate=2", COMPRESSED);
        assertEquals(2, frequency.code());
        assertContains(frequency.err(), "--failure-rate: must be between 0 and 1, was 2.0");
        assertContains(frequency.err(), "--checkpoint-frequency: applies to incremental runs only; this run is fully_automated");

        assertEquals(2, cli("--seed", "x", COMPRESSED).code());
        assertEquals(2, cli("--seed").code());
        assertEquals(2, cli().code());
        assertEquals(2, cli(COMPRESSED, FULL).code());
        assertEquals(2, cli("--no-spawn-meetings", COMPRESSED).code());
        assertEquals(2, cli("--rules", "no_such_folder", COMPRESSED).code());
    }

    @Test
    void helpPrintsTheUsageOnStdout() {
        Result r = cli("--help");
        assertEquals(0, r.code());
        String text = r.out().replaceAll("\\s+", " "); // the help is wrapped at 100 columns
        assertContains(text, "keeps nothing on disk");
        assertContains(text, "Exit codes: 0 the run completed");
        assertContains(text, "--checkpoint-frequency=F");
        assertEquals("", r.err());
    }

    @Test
    void rulesThatDoNotCompileAreExit1(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("workflow"));
        Files.writeString(dir.resolve("workflow/broken.drl"), "package conclave.workflow;\nrule \"Broken\" when then nonsense( end\n");
        Result r = cli("--rules", dir.toString(), COMPRESSED);
        assertEquals(1, r.code());
        assertContains(r.err(), "do not compile");
        assertContains(r.err(), "workflow/broken.drl:");
        assertEquals("", r.out());
    }

    private static Terminal terminal(java.util.function.BooleanSupplier enter) {
        return Terminal.of(true, true, enter);
    }

    private static JsonNode task(JsonNode report, String id) {
        for (JsonNode t : report.get("tasks")) {
            if (t.get("task_id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no task " + id);
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected <" + part + "> in:\n" + text);
    }

    private static void assertMatches(String text, String regex) {
        assertTrue(Pattern.compile(regex).matcher(text).find(), () -> "expected /" + regex + "/ in:\n" + text);
    }
}
