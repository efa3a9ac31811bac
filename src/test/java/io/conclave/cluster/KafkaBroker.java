package io.conclave.cluster;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker for trials, tests and benchmarks: one process in KRaft mode (broker and controller together),
 * started from Kafka's own jars (the test class path) in a child JVM, on loopback ports, its data in a folder of its
 * own. One broker, so replication factor 1 everywhere: the topics Conclave creates are to be given
 * {@code conclave.cluster.replication-factor=1}, and the broker's own transaction and offsets topics are created
 * with one copy and a minimum of one in-sync replica (Kafka's defaults need three brokers). Its storage is formatted
 * on the first start only, so the broker can be stopped (or killed) and started again on the same ports with
 * everything it held. {@link KafkaDev} starts one for a trial cluster.
 */
public final class KafkaBroker implements AutoCloseable {
    /** How many times a first start on ports picked here is tried, each on ports picked again. */
    static final int PORT_TRIES = 3;
    /**
     * SLF4J's simple binding for the broker's errors (the build copies it to {@code target/broker-logging}, the
     * surefire configuration names it in {@code broker.logging}); null when it is not there (a test run from an IDE).
     */
    private static final String LOGGING = Optional.ofNullable(System.getProperty("broker.logging"))
            .filter(f -> Files.isRegularFile(Path.of(f))).orElse(null);
    private final Path folder;
    /** Whether the ports were picked here (and may be picked again when another process took one first). */
    private final boolean portsPicked;
    private int port;
    private int controllerPort;
    private Process process;

    /** A broker on free loopback ports. */
    public KafkaBroker(Path folder) throws IOException {
        this(folder, freePort(), freePort(), true);
    }

    /** A broker listening on {@code port} (clients) and {@code controllerPort} (its KRaft controller). */
    public KafkaBroker(Path folder, int port, int controllerPort) {
        this(folder, port, controllerPort, false);
    }

    private KafkaBroker(Path folder, int port, int controllerPort, boolean portsPicked) {
        this.folder = folder;
        this.port = port;
        this.controllerPort = controllerPort;
        this.portsPicked = portsPicked;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The broker's settings (written to {@code server.properties} in its folder). */
    Properties settings() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", folder.resolve("logs").toString());
        // one broker: Kafka's own topics with one copy (transactions and the nodes' group need them)
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Started again after kill -9, the broker waited out its previous incarnation's session with the controller
        // (9 s by default) before it registered: 12.8 s against 3.8 s for a first start, 2.6 s of CPU either way.
        // With a 2 s session it is back in 4.3 s (BrokerOutage starts it again under load). One broker, so nothing
        // else is fenced sooner.
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("group.min.session.timeout.ms", "2000");
        p.put("auto.create.topics.enable", "false");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("log.cleaner.threads", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("message.max.bytes", "16777216");
        // A transaction's first record to a partition waits, in the broker, until the coordinator has finished
        // the node's previous transaction (its markers); the broker looks again after this backoff, 20 ms by
        // default, which was the p90 of a transaction here (TransactionProbe: record p90 27.8 ms, 7.3 ms with
        // 1 ms; docs/cluster.md#broker-settings). A node commits transactions back to back.
        p.put("add.partitions.to.txn.retry.backoff.ms", "1");
        p.put("add.partitions.to.txn.retry.backoff.max.ms", "10");
        // -Dbroker.settings="k=v,k=v" overrides any of these (a benchmark's trial of a setting)
        String extra = System.getProperty("broker.settings");
        if (extra != null && !extra.isBlank()) {
            for (String kv : extra.split(",")) {
                String[] parts = kv.trim().split("=", 2);
                p.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return p;
    }

    /**
     * Starts the broker (formatting its storage the first time); returns once it answers an admin client.
     * Started again after {@link #kill} or {@link #stop}, it has everything it held.
     */
    public KafkaBroker start(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean first = !Files.exists(folder.resolve("logs").resolve("meta.properties"));
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(timeout, deadline);
            } catch (Stopped e) {
                // a port picked free here may be taken by another process before the broker binds it (freePort closes
                // its socket): the broker then exits at once. Only then, and only on a first start, are ports picked
                // again; a restart keeps its ports, which its clients know.
                String taken = taken();
                if (!portsPicked || !first || taken.isEmpty() || attempt == PORT_TRIES) {
                    throw new IOException(e.getMessage() + (taken.isEmpty() ? "" : "; " + taken
                            + " taken by another process"));
                }
                System.err.printf("the Kafka broker in %s stopped at its start: %s taken by another process;"
                        + " starting it again on other ports%n", folder, taken);
                port = freePort();
                controllerPort = freePort();
            }
        }
    }

    /** What the broker's log says of its last error: the error's line and its root cause (the last "Caused by"). */
    private String fatal() {
        String log = "; see " + folder.resolve("broker.log");
        try {
            List<String> lines = Files.readAllLines(folder.resolve("broker.log"));
            int error = lines.size() - 1;
            while (error >= 0 && !lines.get(error).contains(" ERROR ")) {
                error--;
            }
            if (error >= 0) {
                String cause = error + 1 < lines.size() ? lines.get(error + 1).strip() : "";
                for (String line : lines.subList(error + 1, lines.size())) {
                    if (line.startsWith("Caused by: ")) {
                        cause = line.substring("Caused by: ".length());
                    }
                }
                return ": " + lines.get(error).strip() + (cause.isEmpty() ? "" : " (" + cause + ")") + log;
            }
        } catch (IOException e) {
            // the message says where to look
        }
        return log + (LOGGING == null ? " (it writes no errors: broker.logging names no SLF4J simple binding)" : "");
    }

    /** Thrown when the broker's process ended before it answered. */
    private static final class Stopped extends Exception {
        Stopped(String message) {
            super(message, null, false, false);
        }
    }

    /** The broker's ports that another process holds now ("" when both are free). */
    private String taken() {
        List<String> taken = new ArrayList<>();
        for (int p : new int[] {port, controllerPort}) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.getLocalPort();
            } catch (IOException e) {
                taken.add("port " + p);
            }
        }
        return String.join(" and ", taken);
    }

    private KafkaBroker startOnce(Duration timeout, long deadline) throws IOException, InterruptedException, Stopped {
        Files.createDirectories(folder);
        Path config = folder.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            settings().store(out, "Conclave's trial broker");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        if (!Files.exists(folder.resolve("logs").resolve("meta.properties"))) {
            run(List.of(java, "-Xmx256m", "-cp", cp, "kafka.tools.StorageTool", "format", "-t",
                    Uuid.randomUuid().toString(), "-c", config.toString()), folder.resolve("format.log"));
        }
        // the first compiler only, as the test suite's JVMs run (a broker of a test lives for a minute or two, and
        // is started again cold in the outage test); -Dbroker.jit=tiered, which the cluster benchmark gives, runs it
        // with both compilers, as a broker in service runs
        String jit = "tiered".equals(System.getProperty("broker.jit")) ? "-XX:+TieredCompilation" : "-XX:TieredStopAtLevel=1";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", jit,
                "-Dlog4j2.configurationFile=none", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                // Kafka logs through SLF4J, which finds the test class path's JBoss LogManager binding: unconfigured,
                // every level is on, so the broker formatted its trace and debug lines for every request (a fifth of
                // its CPU under the cluster benchmark) and wrote none of them. SLF4J's simple binding (put beside the
                // test classes by the build, not on their class path) writes its errors only, such as why it
                // stopped at its start; without it, the no-op binding writes nothing.
                "-Dslf4j.provider=" + (LOGGING != null ? "org.slf4j.simple.SimpleServiceProvider"
                        : "org.slf4j.helpers.NOP_FallbackServiceProvider"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        String jfr = System.getProperty("broker.jfr"); // a flight recording of the broker, as node.jfr for the nodes
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + "/broker-" + port + ".jfr,settings=profile");
        }
        command.addAll(List.of("-cp", LOGGING != null ? cp + File.pathSeparator + LOGGING : cp, "kafka.Kafka",
                config.toString()));
        process = ChildProcesses.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("broker.log").toFile())));
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap());
        admin.put("request.timeout.ms", "2000");
        admin.put("default.api.timeout.ms", "3000");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new Stopped("the Kafka broker stopped (exit code " + process.exitValue() + ")" + fatal());
            }
            try (Admin a = Admin.create(admin)) {
                a.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                tookTransactionBackoff(a);
                return this;
            } catch (IllegalStateException e) {
                throw e;
            } catch (Exception e) {
                Thread.sleep(300);
            }
        }
        throw new IOException("the Kafka broker did not answer within " + timeout + "; see "
                + folder.resolve("broker.log"));
    }

    /**
     * Kafka ignores a setting it does not know (with a line in its log), so a renamed one would quietly bring the
     * 20 ms back: the broker is asked what it runs with.
     */
    private void tookTransactionBackoff(Admin a) throws Exception {
        var broker = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.BROKER, "1");
        var config = a.describeConfigs(List.of(broker)).all().get(3, TimeUnit.SECONDS).get(broker);
        for (String key : List.of("add.partitions.to.txn.retry.backoff.ms", "add.partitions.to.txn.retry.backoff.max.ms")) {
            var entry = config.get(key);
            if (entry == null || !entry.value().equals(settings().getProperty(key))) {
                throw new IllegalStateException("the broker does not run with " + key + "=" + settings().getProperty(key)
                        + " (it says " + (entry == null ? "nothing" : entry.value()) + "); see " + folder.resolve("broker.log"));
            }
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("formatting the broker's storage failed: " + Files.readString(log));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The CPU time the broker's process used so far (zero when it is not running or the system does not say). */
    public Duration cpu() {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Whether the broker's process runs. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Ends the broker's process at once, as {@code kill -9} does. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker gently (SIGTERM), then forcibly after 15 s. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
