package io.conclave.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Conclave node as a child process: the packaged application ({@code target/quarkus-app/quarkus-run.jar}) on a
 * free loopback port, its own data and rules folders, given settings; stopped gently, or killed as {@code kill -9}
 * kills.
 */
public final class NodeProcess implements AutoCloseable {
    /** The admin token every node of a test cluster is given. */
    public static final String ADMIN = "cv_clusteradmin_0123456789abcdef0123456789abcdef";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final String name;
    private final Path folder;
    private final int port;
    private final Map<String, String> settings;
    private Process process;

    /**
     * A node in {@code folder} whose {@code conclave.*} settings are {@code settings} (besides data, rules, port, token;
     * the policy compiler's warm-up is off unless {@code settings} turn it on).
     */
    public NodeProcess(String name, Path folder, Map<String, String> settings) throws IOException {
        this.name = name;
        this.folder = folder;
        this.port = KafkaBroker.freePort();
        this.settings = new java.util.LinkedHashMap<>(settings);
    }

    /** Gives the node's next starts {@code key=value} (a setting a test changes between two starts of the node). */
    public NodeProcess set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path folder() {
        return folder;
    }

    /** Starts the node (its rules a copy of the repository's {@code rules/}). */
    public NodeProcess start(String heap) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IOException(JAR + " is missing: package the application first (./mvnw package -DskipTests)");
        }
        Path rules = folder.resolve("rules");
        if (!Files.exists(rules)) {
            copy(Path.of("rules"), rules);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the first compiler only, as the test suite's JVMs run; -Dnode.jit=tiered, both, as the shipped launcher
                "-Xmx" + heap, "-XX:+UseSerialGC",
                "tiered".equals(System.getProperty("node.jit")) ? "-XX:+TieredCompilation" : "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port, "-Dconclave.data-dir=" + folder.resolve("data"),
                "-Dconclave.rules-dir=" + rules, "-Dconclave.security.initial-admin-token=" + ADMIN,
                "-Dconclave.load-projects-on-start=false", "-Dconclave.watch-rules=false",
                // no compile in the background after the start: a test's node compiles only what the test edits (the
                // warm-up took 5-8 s of a core per node start, beside the rest of the suite); a setting turns it on
                "-Dconclave.rules.warm-up=false",
                // what the node leaves in its temporary folder (the Kafka client's native library) goes where the test
                // JVM's does: under target/, not /tmp
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v)); // after the defaults above: the last -D wins
        // -Dnode.opts="..." adds JVM options to every node (a benchmark's trial of a setting, a -D the build does not set)
        String extra = System.getProperty("node.opts");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        String jfr = System.getProperty("node.jfr");
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + "/" + name + ".jfr,settings=profile");
        }
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        process = ChildProcesses.start(new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("server.log").toFile())));
        return this;
    }

    /** Waits until the node answers {@code /q/health/ready} with 200. */
    public void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("node " + name + " stopped; see " + folder.resolve("server.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        // a cold JVM on a loaded machine may take seconds to answer its first request: resending
                        // it only adds load
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("node " + name + " not ready within " + timeout + "; see " + folder.resolve("server.log"));
    }

    /** The CPU time the node's process used so far (zero when it is not running or the system does not say). */
    public Duration cpu() {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Ends the process at once, as {@code kill -9} does: nothing of it runs after this. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
