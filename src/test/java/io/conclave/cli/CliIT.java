package io.conclave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;

/**
 * The packaged application in its command-line mode (run by maven-failsafe after packaging, needing
 * nothing but the JDK and util-linux's {@code script}), through the launcher the build writes,
 * {@code target/conclave}. The compressed example runs on its own calendar (it names a scheduling mode;
 * working hours 09:00-17:00 by default, Monday 2024-01-15 first): the chain kickoff 1 h (09:00-10:00),
 * architecture 2 h (-12:00), prototype 3 h (-15:00), review 1.5 h (-16:30) leaves the wrap-up meeting half
 * an hour that day and half an hour the next, so it ends 2024-01-16T09:30.
 */
// it starts its own processes: the whole suite runs it in surefire's plain lane (the pom's profile whole-suite);
// otherwise it runs on failsafe's second thread, beside the @QuarkusIntegrationTest classes
class CliIT {
    private static final String LAUNCHER = "target/conclave";
    private static final String COMPRESSED = "projects/healthcare_blockchain_compressed.json";

    @Test
    void theLauncherRunsTheCompressedExampleAndPrintsItsJsonReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.json");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(LAUNCHER, "run", COMPRESSED, "--json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish within 2 minutes");
        assertEquals(0, p.exitValue(), () -> read(err));
        JsonNode report = Json.MAPPER.readTree(out.toFile()); // stdout holds the report and nothing else
        assertEquals("COMPLETED", report.get("status").asText());
        assertEquals("run-1", report.get("run_id").asText());
        assertEquals(6, report.at("/task_summary/completed_tasks").asInt());
        assertEquals(6, report.at("/task_summary/total_tasks").asInt());
        assertEquals("2024-01-16T09:30", report.get("simulated_end").asText());
        assertTrue(read(err).contains("100% 6/6 tasks"), () -> read(err));
        assertFalse(read(err).contains("\r"), "no terminal: one line per tenth, no redrawing");
    }

    /**
     * In a real terminal (a pty made by {@code script}) with stdout piped into a file: the bar is redrawn in
     * place on stderr, carriage returns and no line feeds between the states, and the report still goes to
     * the pipe alone. Six tasks: 0%, then one state per finished task, each drawn once.
     */
    @Test
    void inATerminalTheBarRedrawsWhateverStdoutIs(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        String screen = inTerminal(dir, LAUNCHER + " run --json " + COMPRESSED + " | cat > " + report, List.of());
        assertTrue(screen.contains("\r[--------------------]   0% 0/6 tasks  2024-01-15T09:00\r[###-----------------]"),
                screen);
        assertTrue(screen.contains("\r[####################] 100% 6/6 tasks  2024-01-16T09:30"), screen);
        String bar = screen.substring(screen.indexOf("\r["), screen.indexOf("100% 6/6 tasks"));
        assertFalse(bar.contains("\n"), "redrawn in place, not one line per state:\n" + bar);
        assertEquals(7, bar.split("\r\\[", -1).length - 1, bar); // 0/6 ... 5/6 before the last state
        assertEquals("COMPLETED", Json.MAPPER.readTree(report.toFile()).get("status").asText());
    }

    /**
     * At a checkpoint, a person at the terminal (stdin and stderr) is asked for Enter even though stdout
     * goes to a file, and two Enters take the incremental run through its two checkpoints to the end.
     */
    @Test
    void inATerminalWithStdoutPipedACheckpointAsksForEnter(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        String screen = inTerminal(dir, LAUNCHER + " run --mode incremental --timeline continuous --json " + COMPRESSED
                + " | cat > " + report, List.of("press Enter to resume", "press Enter to resume"));
        assertTrue(screen.contains("Run paused at checkpoint 1: after meeting task kickoff_meeting (completed)"), screen);
        assertTrue(screen.contains("Run paused at checkpoint 2: after meeting task wrap_up_meeting (completed)"), screen);
        assertFalse(screen.contains("not resumed"), screen);
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals("COMPLETED", r.get("status").asText());
        assertEquals(2, r.at("/statistics/checkpoints").asInt());
    }

    /** {@code validate} does not boot the service: no Quarkus banner or log, only the verdicts. */
    @Test
    void validateChecksFilesAndRulesWithoutStartingTheService(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(LAUNCHER, "validate", "--rules", "rules", COMPRESSED)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> read(out) + read(err));
        assertTrue(read(out).contains(COMPRESSED + ": valid project healthcare_blockchain_compressed"), read(out));
        assertTrue(read(out).contains("rules: the rules compile: policy "), read(out));
        assertEquals("", read(err));
    }

    /**
     * The launcher bounds the heap: 512 MB unless {@code CONCLAVE_HEAP} says otherwise, and on two cores picks the
     * parallel collector for a bound of 512 MB or less, with a goal of 5% of the time spent collecting and its survivor
     * spaces and promotion age fixed. The JVM it starts prints its final flags ({@code -XX:+PrintFlagsFinal} through
     * {@code JAVA_OPTS}) before the command's own output: MaxHeapSize is 512 x 1024 x 1024 = 536870912 bytes by
     * default, with UseParallelGC true and GCTimeRatio 19 (the JDK's default is 99) and UsePSAdaptiveSurvivorSizePolicy
     * false (the JDK's default is true); 256 x 1024 x 1024 = 268435456 with {@code CONCLAVE_HEAP=256m}, parallel too;
     * 1024 x 1024 x 1024 = 1073741824 with {@code CONCLAVE_HEAP=1g}, and the collector the JDK picks: G1 from two
     * processors up, the serial one below, so not the parallel one, and its goal and survivors left alone.
     */
    @Test
    void theLauncherBoundsTheHeapAndPicksTheCollectorUnlessToldOtherwise(@TempDir Path dir) throws Exception {
        String flags = flags(dir, null);
        assertEquals(536870912L, flag(flags, "MaxHeapSize"));
        assertEquals("true", flagText(flags, "UseParallelGC"));
        assertEquals(19L, flag(flags, "GCTimeRatio"));
        assertEquals("false", flagText(flags, "UsePSAdaptiveSurvivorSizePolicy"));
        flags = flags(dir, "256m");
        assertEquals(268435456L, flag(flags, "MaxHeapSize"));
        assertEquals("true", flagText(flags, "UseParallelGC"));
        flags = flags(dir, "1g");
        assertEquals(1073741824L, flag(flags, "MaxHeapSize"));
        assertEquals("false", flagText(flags, "UseParallelGC"));
        assertEquals("true", flagText(flags, "UsePSAdaptiveSurvivorSizePolicy"));
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors() < 2), flagText(flags, "UseSerialGC"));
    }

    /**
     * The service's JVM asks for transparent huge pages where this machine's kernel gives them on request ({@code
     * [madvise]} in its setting), and not with {@code CONCLAVE_HUGE_PAGES=off}: {@code serve --help} goes through
     * the service's options and prints its usage, and the JVM's final flags say whether it took them.
     */
    @Test
    void theServiceAsksTheJvmForHugePagesWhereTheKernelGivesThemOnRequest(@TempDir Path dir) throws Exception {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean onRequest = Files.isReadable(setting) && Files.readString(setting).contains("[madvise]");
        // no class cache: a JDK 25 would record one of a start that only printed its usage
        String flags = flags(dir, Map.of("CONCLAVE_AOT", "off"), "serve", "--help");
        assertTrue(flags.contains("Usage: conclave serve"), flags);
        assertEquals(String.valueOf(onRequest), flagText(flags, "UseTransparentHugePages"));
        assertEquals("false", flagText(flags(dir, Map.of("CONCLAVE_AOT", "off", "CONCLAVE_HUGE_PAGES", "off"), "serve",
                "--help"), "UseTransparentHugePages"));
    }

    private static String flags(Path dir, String heap) throws Exception {
        return flags(dir, heap == null ? Map.of() : Map.of("CONCLAVE_HEAP", heap), "validate", COMPRESSED);
    }

    /** The JVM's final flags and the output of the launcher's {@code command}, run with {@code env}. */
    private static String flags(Path dir, Map<String, String> env, String... command) throws Exception {
        Path out = dir.resolve("flags.txt");
        List<String> line = new ArrayList<>(List.of(LAUNCHER));
        line.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(line).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_OPTS", "-XX:+PrintFlagsFinal");
        pb.environment().keySet().removeIf(k -> k.startsWith("CONCLAVE_"));
        // the launcher counts cores with GNU nproc, which answers OMP_NUM_THREADS: a two-core machine, as here
        pb.environment().put("OMP_NUM_THREADS", "2");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> read(out));
        return read(out);
    }

    private static long flag(String flags, String name) {
        return Long.parseLong(flagText(flags, name));
    }

    private static String flagText(String flags, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "\\s+=\\s+(\\S+)").matcher(flags);
        assertTrue(m.find(), flags);
        return m.group(1);
    }

    /**
     * Runs {@code command} in a new pseudo-terminal; each time the screen shows the next of {@code prompts},
     * types Enter. Returns everything the terminal showed.
     */
    private static String inTerminal(Path dir, String command, List<String> prompts) throws Exception {
        Path screen = dir.resolve("screen.txt");
        Process p = new ProcessBuilder("script", "-qfec", command, screen.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        List<String> waiting = new ArrayList<>(prompts);
        int answered = 0;
        try (OutputStream keyboard = p.getOutputStream()) { // open until the end: a closed input would end the run
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (!waiting.isEmpty() && count(read(screen), waiting.get(0)) > answered) {
                    waiting.remove(0);
                    answered++;
                    keyboard.write('\n');
                    keyboard.flush();
                }
                p.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the CLI did not finish within 2 minutes:\n" + read(screen));
        assertEquals(0, p.exitValue(), () -> read(screen));
        assertTrue(waiting.isEmpty(), () -> "never asked " + waiting + ":\n" + read(screen));
        return read(screen);
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
