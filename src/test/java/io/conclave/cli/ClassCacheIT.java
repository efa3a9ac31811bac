package io.conclave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class cache on a JDK that has the AOT cache (25 and later; Temurin 25 is on the project's machines,
 * {@code -Dconclave.test.jdk25=DIR} names another): the first {@code serve} records, and the service itself ends
 * the recording once its start is over, so the cache file is written while the service still runs; the next start
 * maps it, with no warning from the JDK, and records nothing. Through {@code target/conclave}, the launcher a user
 * runs, after packaging.
 */
@EnabledIf("jdk25Present")
// it starts its own processes: the whole suite runs it in surefire's plain lane (the pom's profile whole-suite);
// otherwise it runs on failsafe's second thread, beside the @QuarkusIntegrationTest classes
class ClassCacheIT {
    private static final Path JDK25 = Path.of(System.getProperty("conclave.test.jdk25",
            "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final String WRITTEN = "the class cache for later starts is written";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static boolean jdk25Present() {
        return Files.isExecutable(JDK25.resolve("bin/java"));
    }

    @Test
    void theFirstStartWritesTheCacheWhileItRunsAndTheNextStartMapsIt(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));

        Service first = Service.start(dir.resolve("first"), cache);
        try {
            first.awaitReady();
            first.awaitLog(WRITTEN, Duration.ofSeconds(120));
            assertTrue(first.process.isAlive(), "written while the service runs, not at its exit");
            List<Path> files = list(cache);
            assertEquals(1, files.size(), files::toString); // the JDK's temporary configuration is gone
            Path file = files.get(0);
            assertTrue(file.getFileName().toString().matches("conclave-jdk25[^/]*-\\d+\\.aot"), file::toString);
            assertTrue(Files.size(file) > 1_000_000, () -> file + " holds only " + file.toFile().length() + " bytes");
            assertTrue(first.log().contains(WRITTEN + ": " + file), first::log);
        } finally {
            first.stop();
        }

        Service second = Service.start(dir.resolve("second"), cache);
        try {
            second.awaitReady();
            String command = second.commandLine();
            assertTrue(command.contains("-XX:AOTCache=" + list(cache).get(0)), command);
            assertFalse(command.contains("AOTCacheOutput") || command.contains("aot-recording"), command);
            // the compiler's warm-up follows the moment a recording start ends its recording
            second.awaitLog("the policy compiler is warm", Duration.ofSeconds(120));
            String log = second.log();
            assertFalse(log.contains(WRITTEN), log);
            assertFalse(log.contains("[warning][aot") || log.contains("[error][aot"), "the JDK refused the cache:\n" + log);
        } finally {
            second.stop();
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    /** The service through the launcher on JDK 25, its data and log in {@code dir}. */
    private record Service(Process process, Path logFile, int port) {
        static Service start(Path dir, Path cache) throws IOException {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = dir.resolve("service.log");
            ProcessBuilder pb = new ProcessBuilder("target/conclave", "serve")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", JDK25.toString());
            pb.environment().put("CONCLAVE_AOT_DIR", cache.toString());
            // the JIT's first compiler only, as the suite's other JVMs: the second start, its compiler warm-up included,
            // took 17 s of CPU with both (the cache holds classes, whichever compiler runs them)
            pb.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Dquarkus.http.port=" + port + " -Dconclave.data-dir=" + dir.resolve("data")
                    + " -Dconclave.rules-dir=" + Path.of("rules").toAbsolutePath() + " -Dconclave.load-projects-on-start=false");
            return new Service(pb.start(), log, port);
        }

        void awaitReady() throws InterruptedException {
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                assertTrue(process.isAlive(), this::log);
                try {
                    if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not ready within 2 minutes:\n" + log());
        }

        void awaitLog(String text, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                if (log().contains(text)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the log never said '" + text + "':\n" + log());
        }

        /** The JVM's command line (the launcher execs java, so the process is the JVM). */
        String commandLine() throws IOException {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
