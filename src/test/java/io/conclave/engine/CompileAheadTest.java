package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.journal.PolicyArchive;
import io.conclave.journal.RuleFolder;

/**
 * The rules watcher compiles a changed folder ahead, once it has had no event for a moment, while the rest of its
 * quiet time passes; the look after the quiet time takes that compile's result, a refusal included, instead of
 * compiling again, and nothing goes live before the quiet time is over. A folder that changed again meanwhile goes
 * live as it is then. The quiet time here is long (3 s) so that "ahead" is unmistakable: a compile that started
 * only after it started seconds after the edit.
 */
public class CompileAheadTest {
    private static final long QUIET_MILLIS = 3_000;
    private static final long AHEAD_MILLIS = 50;

    /** One compile the host observed: its version, whether it compiled, and when it started after the edit. */
    private record Compile(String version, boolean ok, long startedMillis) {
    }

    @Test
    void anEditIsCompiledWhileTheQuietTimePassesOnceAndGoesLiveAfterIt(@TempDir Path rules, @TempDir Path data)
            throws Exception {
        try (PolicyHost host = host(rules, data)) {
            List<Compile> compiles = watched(host);
            Instant written = Instant.now();
            long writtenNanos = System.nanoTime();
            editLastRule(rules.resolve("workflow/reports.drl"), "// " + UUID.randomUUID());
            String edited = PolicyCompiler.versionOf(RuleFolder.read(rules));
            awaitActive(host, edited);

            assertEquals(1, compiles.size(), "compiled once: " + compiles);
            Compile c = compiles.get(0);
            assertEquals(edited, c.version());
            assertTrue(c.ok());
            long startedAfterEdit = c.startedMillis() - (writtenNanos / 1_000_000);
            assertTrue(startedAfterEdit < QUIET_MILLIS / 2, "compiled ahead, " + startedAfterEdit + " ms after the edit");
            assertFalse(host.active().activatedAt().isBefore(written.plusMillis(QUIET_MILLIS)),
                    "live only once the quiet time is over: " + host.active().activatedAt() + " after " + written);
        }
    }

    @Test
    void aRefusalFoundAheadIsReportedWithoutCompilingTheFilesAgain(@TempDir Path rules, @TempDir Path data)
            throws Exception {
        try (PolicyHost host = host(rules, data)) {
            String shipped = host.active().version();
            List<Compile> compiles = watched(host);
            long writtenNanos = System.nanoTime();
            Files.writeString(rules.resolve("workflow/broken.drl"), "package conclave.workflow;\n// "
                    + UUID.randomUUID() + "\nrule \"x\" when then (\n");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && !"refused".equals(host.folder().status())) {
                Thread.sleep(50);
            }
            assertEquals("refused", host.folder().status());
            assertTrue(host.folder().refusal().messages().stream().anyMatch(m -> m.file().equals("workflow/broken.drl")
                    && m.line() > 0), host.folder().refusal().messages().toString());
            assertEquals(shipped, host.active().version());
            assertEquals(1, compiles.size(), "compiled once: " + compiles);
            assertFalse(compiles.get(0).ok());
            long startedAfterEdit = compiles.get(0).startedMillis() - writtenNanos / 1_000_000;
            assertTrue(startedAfterEdit < QUIET_MILLIS / 2, "compiled ahead, " + startedAfterEdit + " ms after the edit");
        }
    }

    @Test
    void aFolderChangedAgainDuringTheQuietTimeGoesLiveAsItIsThen(@TempDir Path rules, @TempDir Path data)
            throws Exception {
        try (PolicyHost host = host(rules, data)) {
            List<Compile> compiles = watched(host);
            Path reports = rules.resolve("workflow/reports.drl");
            String before = Files.readString(reports);
            editLastRule(reports, "// first " + UUID.randomUUID());
            String first = PolicyCompiler.versionOf(RuleFolder.read(rules));
            // the first edit compiled ahead (or compiling): then the file changes again
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && compiles.isEmpty()) {
                Thread.sleep(20);
            }
            Files.writeString(reports, before);
            editLastRule(reports, "// second " + UUID.randomUUID());
            String second = PolicyCompiler.versionOf(RuleFolder.read(rules));
            awaitActive(host, second);
            assertEquals(first, compiles.get(0).version(), "the first edit was compiled ahead: " + compiles);
            assertTrue(compiles.stream().anyMatch(c -> c.version().equals(second) && c.ok()), compiles.toString());
            assertEquals(second, host.active().version());
            assertTrue(host.archive().history().stream().noneMatch(e -> e.version().equals(first)),
                    "the first edit never went live");
        }
    }

    /** A host started on a copy of the shipped rules. */
    private static PolicyHost host(Path rules, Path data) throws Exception {
        PolicyLifecycleTest.copyOfRules(rules);
        PolicyHost host = new PolicyHost(rules, new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(CompileAheadTest.class.getClassLoader()));
        host.start();
        return host;
    }

    /**
     * Watches the host's folder (the long quiet time, no poll to speak of) and returns every compile it runs from
     * then on, with the time it started (the observer hears of it at its end).
     */
    private static List<Compile> watched(PolicyHost host) throws Exception {
        List<Compile> compiles = new CopyOnWriteArrayList<>();
        host.onCompile((r, chapters, nanos) -> compiles.add(new Compile(r.version(), r.ok(),
                (System.nanoTime() - nanos) / 1_000_000)));
        host.watch(QUIET_MILLIS, AHEAD_MILLIS, 600_000);
        return compiles;
    }

    /** Puts {@code comment} inside the file's last rule: the rule changes, so the chapter is compiled. */
    private static void editLastRule(Path file, String comment) throws Exception {
        String text = Files.readString(file);
        int end = text.lastIndexOf("\nend");
        Files.writeString(file, text.substring(0, end) + "\n    " + comment + text.substring(end));
    }

    private static void awaitActive(PolicyHost host, String version) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && !version.equals(host.active().version())) {
            Thread.sleep(20);
        }
        assertEquals(version, host.active().version());
    }
}
