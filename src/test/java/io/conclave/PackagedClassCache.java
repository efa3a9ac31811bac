package io.conclave;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class cache (the JDK's dynamic AppCDS archive) for the packaged application the tests start as processes of
 * their own: the cluster test's nodes, the unvetted start, the example agents' service and the
 * {@code @QuarkusIntegrationTest} classes' application. A start that maps it spends about half the CPU of one that
 * loads, verifies and links every class again (1.3 s against 2.2-2.6 s on the project's machine, ready in 0.8 s
 * against 1.4-1.7 s), and a verify starts the packaged application some twenty times.
 *
 * <p>Written once by a start of its own (the shipped rules, no project, no compile: JDK 17 could crash writing an
 * archive after a chapter compile, docs/operations.md#start-up), stopped as soon as it is ready; kept in
 * {@value #FILE} beside a stamp of the JDK and the jars it was written for, and written again when any changes.
 * A cache that cannot be written is reported and left out: the starts then load their classes as before. The
 * {@code @QuarkusIntegrationTest} application names the same file in {@code quarkus.test.arg-line}; the JDK ignores
 * a file that is missing. {@code -Dtest.class-cache=false} leaves it out everywhere but there.
 */
public final class PackagedClassCache {
    /** Where the cache is kept, relative to the project (as {@code quarkus.test.arg-line} names it). */
    public static final String FILE = "target/test-class-cache/packaged.jsa";
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static List<String> options;

    private PackagedClassCache() {
    }

    /** The JVM options that map the cache (writing it first if needed), or none where it cannot be had. */
    public static synchronized List<String> options() {
        if (options == null) {
            options = Boolean.parseBoolean(System.getProperty("test.class-cache", "true")) ? written() : List.of();
        }
        return options;
    }

    private static List<String> written() {
        Path cache = Path.of(FILE).toAbsolutePath();
        Path stamp = cache.resolveSibling("packaged.stamp");
        try {
            String expected = Runtime.version() + "\n" + jars();
            if (!Files.exists(cache) || !Files.exists(stamp) || !Files.readString(stamp).equals(expected)) {
                write(cache);
                Files.writeString(stamp, expected);
            }
            return List.of("-XX:SharedArchiveFile=" + cache);
        } catch (IOException | RuntimeException e) {
            System.err.println("no class cache for the packaged application's starts: " + e);
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Every jar of the packaged application with its size and time: the JDK maps an archive only for the same. */
    private static String jars() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(JAR.getParent())) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                b.append(f).append(' ').append(Files.size(f)).append(' ')
                        .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
        }
        return b.toString();
    }

    private static void write(Path cache) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(cache.getParent());
        Path scratch = Files.createTempDirectory(dir, "writing-");
        Path written = scratch.resolve("packaged.jsa");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=" + written,
                "-Dquarkus.http.port=" + port, "-Dconclave.data-dir=" + scratch.resolve("data"),
                "-Dconclave.rules-dir=" + Path.of("rules").toAbsolutePath(),
                "-Dconclave.projects-dir=" + scratch.resolve("no-projects"),
                "-Dconclave.security.initial-admin-token=cv_classcache_0123456789abcdef0123456789abcdef",
                "-Dconclave.load-projects-on-start=false", "-Dconclave.watch-rules=false",
                "-Dconclave.rules.warm-up=false", "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(scratch.resolve("server.log").toFile()).start();
        try {
            awaitReady(p, port);
        } finally {
            p.destroy(); // SIGTERM: the JDK writes the archive as it exits
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (!Files.exists(written)) {
            throw new IOException("the JDK wrote no archive; see " + scratch.resolve("server.log"));
        }
        Files.move(written, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("class cache for the packaged application's starts written in %d ms: %s%n",
                (System.nanoTime() - t0) / 1_000_000, cache);
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void awaitReady(Process p, int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("the application the class cache is written from was not ready");
    }
}
