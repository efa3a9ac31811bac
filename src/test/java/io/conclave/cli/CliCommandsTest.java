package io.conclave.cli;

import static io.conclave.cli.CliTest.conclave;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.cli.CliTest.Result;

/**
 * The commands of the command line other than {@code run}, in process: {@code validate} on real
 * project files and rule folders, the top level, {@code help}, and {@code serve}'s options (without
 * starting the service). Locations are counted by hand in the texts written here, columns from 1.
 */
class CliCommandsTest {
    private static final List<String> EXAMPLES = List.of("projects/healthcare_blockchain_compressed.json",
            "projects/healthcare_blockchain_project.json", "projects/product_launch_coordination.json");

    @Test
    void validateAcceptsEveryExampleProjectWithoutCompilingTheRules() {
        Result r = conclave(Terminal.none(), Stream.concat(Stream.of("validate"), EXAMPLES.stream()).toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        assertContains(r.out(), "projects/healthcare_blockchain_compressed.json: valid project "
                + "healthcare_blockchain_compressed (6 tasks, 5 agents)\n");
        assertContains(r.out(), "projects/healthcare_blockchain_project.json: valid project "
                + "healthcare_blockchain_project (12 tasks, ");
        assertContains(r.out(), "3 project file(s) checked: 3 valid, 0 invalid\n");
        assertFalse(r.out().contains("rules"), "files only: the rules folder is not compiled\n" + r.out());
        assertEquals("", r.err());
    }

    @Test
    void validateReportsEveryProblemAtItsLineColumnAndJsonPath(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"project_id": "p",
                 "agents": [{"agent_id": "a", "name": "A", "skill_levels": {"x": 11}}],
                 "tasks": [{"task_id": "t", "estimated_hours": 1, "priority": 9, "dependencies": ["ghost"]}]}
                """);
        Result r = conclave(Terminal.none(), "validate", bad.toString(), EXAMPLES.get(0));
        assertEquals(2, r.code(), r.out() + r.err());
        // line 2: "skill_levels" opens at column 44, its key "x" at column 61
        assertContains(r.out(), bad + ":2:61: $.agents[0].skill_levels.x: ");
        // line 3: "priority" at column 51, "ghost" (the first dependency) at column 83
        assertContains(r.out(), bad + ":3:51: $.tasks[0].priority: must be between 1 and 5, was 9\n");
        assertContains(r.out(), bad + ":3:83: $.tasks[0].dependencies[0]: unknown task id 'ghost'\n");
        assertContains(r.out(), EXAMPLES.get(0) + ": valid project");
        assertContains(r.out(), "2 project file(s) checked: 1 valid, 1 invalid\n");
    }

    @Test
    void validateSaysWhereATextStopsBeingJsonAndWhenAFileIsMissing(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"project_id\": \"p\",\n  \"tasks\": [ }\n");
        Path missing = dir.resolve("missing.json");
        Result r = conclave(Terminal.none(), "validate", broken.toString(), missing.toString());
        assertEquals(2, r.code());
        assertMatches(r.out(), Pattern.quote(broken + ":3:") + "1[45]: not valid JSON: Unexpected close marker '}'");
        assertContains(r.out(), missing + ": no such file\n");
        assertContains(r.out(), "2 project file(s) checked: 0 valid, 2 invalid\n");
    }

    @Test
    void validateCompilesTheShippedRulesFolderByDefault() throws IOException {
        long files;
        try (Stream<Path> s = Files.walk(Path.of("rules"))) {
            files = s.filter(p -> p.toString().endsWith(".drl")).count();
        }
        Result r = conclave(Terminal.none(), "validate");
        assertEquals(0, r.code(), r.out() + r.err());
        assertMatches(r.out(), "^rules: the rules compile: policy [0-9a-f]{12}, " + files + " files in \\d+ chapters "
                + "\\(0 compiled now, the others as built\\)\n$");
    }

    @Test
    void validateReportsRuleErrorsAtFileLineColumnAndExits1(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("workflow"));
        Files.writeString(dir.resolve("workflow/broken.drl"),
                "package conclave.workflow;\nrule \"Broken\" when then nonsense( end\n");
        Result r = conclave(Terminal.none(), "validate", "--rules", dir.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        // one line per problem: Drools' three-line message joined
        assertMatches(r.out(), "^" + Pattern.quote(dir.resolve("workflow/broken.drl").toString())
                + ":2:\\d+: .*Parse error.*$");
        assertContains(r.out(), dir + ": the rules do not compile: ");
        assertContains(r.err(), "conclave validate: compiling policy: 1 chapter changed since the build (workflow)");

        // a bad project and bad rules together: both reported, and the project's exit code wins
        Result both = conclave(Terminal.none(), "validate", "--rules", dir.toString(), "projects/none.json");
        assertEquals(2, both.code());
        assertContains(both.out(), "projects/none.json: no such file\n");
        assertContains(both.out(), dir + ": the rules do not compile: ");

        Result notAFolder = conclave(Terminal.none(), "validate", "--rules", dir.resolve("nothing").toString());
        assertEquals(1, notAFolder.code());
        assertContains(notAFolder.out(), "nothing is not a folder");
    }

    @Test
    void theTopLevelListsTheCommandsAndRefusesUnknownOnes() {
        Result none = conclave(Terminal.none());
        assertEquals(2, none.code());
        assertContains(none.err(), "conclave: which command? none given");
        assertMatches(none.err(), "\n\\s+run\\s+Runs a project definition");
        assertMatches(none.err(), "\n\\s+validate\\s+Checks project files");
        assertMatches(none.err(), "\n\\s+serve\\s+Starts the service");

        Result unknown = conclave(Terminal.none(), "runn", "x.json");
        assertEquals(2, unknown.code());
        assertContains(unknown.err(), "conclave: Unmatched arguments from index 0: 'runn', 'x.json'");
        assertContains(unknown.err(), "Did you mean: conclave run");

        Result help = conclave(Terminal.none(), "help", "validate");
        assertEquals(0, help.code());
        assertContains(help.out(), "Usage: conclave validate [-hV] [--rules=DIR] [PROJECT_FILE...]");

        // a swap of two letters, which picocli's own suggestions miss: within two edits of run
        Result swapped = conclave(Terminal.none(), "rnu", "x.json");
        assertEquals(2, swapped.code());
        assertContains(swapped.err(), "Did you mean: run?");
    }

    /** Every command answers -h, --help, -V and --version, the top level and token's too, with exit 0. */
    @Test
    void everyCommandHasHelpAndVersion() {
        for (String[] command : List.of(new String[0], new String[] {"run"}, new String[] {"validate"},
                new String[] {"serve"}, new String[] {"token"}, new String[] {"token", "issue"})) {
            String name = String.join(" ", Stream.concat(Stream.of("conclave"), Stream.of(command)).toList());
            for (String flag : List.of("-h", "--help")) {
                Result r = conclave(Terminal.none(), Stream.concat(Stream.of(command), Stream.of(flag)).toArray(String[]::new));
                assertEquals(0, r.code(), name + " " + flag + ": " + r.err());
                assertContains(r.out(), "Usage: " + name + " [-hV]");
            }
            for (String flag : List.of("-V", "--version")) {
                Result r = conclave(Terminal.none(), Stream.concat(Stream.of(command), Stream.of(flag)).toArray(String[]::new));
                assertEquals(0, r.code(), name + " " + flag + ": " + r.err());
                // the version the build wrote from pom.xml (0.1.0-SNAPSHOT today)
                assertMatches(r.out(), "^conclave \\d+\\.\\d+\\.\\d+\\S*, Java \\S+\\s*$");
            }
        }
    }

    @Test
    void serveHelpAndBadServeOptionsDoNotStartTheService() {
        Result help = conclave(Terminal.none(), "serve", "--help");
        assertEquals(0, help.code());
        assertContains(help.out(), "--port=N");
        assertContains(help.out(), "--data=DIR");

        Result bad = conclave(Terminal.none(), "serve", "--port", "eighty");
        assertEquals(2, bad.code());
        assertContains(bad.err(), "conclave serve: Invalid value for option '--port': 'eighty' is not an int");
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected <" + part + "> in:\n" + text);
    }

    private static void assertMatches(String text, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(),
                () -> "expected /" + regex + "/ in:\n" + text);
    }
}
