package io.conclave.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private final Path folder;
    private final int port;
    private final int controllerPort;
    private Process process;

    /** A broker on free loopback ports. */
    public KafkaBroker(Path folder) throws IOException {
        this(folder, freePort(), freePort());
    }

    /** A broker listening on {@code port} (clients) and {@code controllerPort} (its KRaft controller). */
    public KafkaBroker(Path folder, int port, int controllerPort) {
        this.folder = folder;
        this.port = port;
        this.controllerPort = controllerPort;
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
                // its CPU under the cluster benchmark) and wrote none of them. SLF4J's no-op binding keeps what was
                // written (nothing) and drops the formatting.
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider"));
        String jfr = System.getProperty("broker.jfr"); // a flight recording of the broker, as node.jfr for the nodes
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + "/broker-" + port + ".jfr,settings=profile");
        }
        command.addAll(List.of("-cp", cp, "kafka.Kafka", config.toString()));
        process = ChildProcesses.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("broker.log").toFile())));
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap());
        admin.put("request.timeout.ms", "2000");
        admin.put("default.api.timeout.ms", "3000");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker stopped (exit code " + process.exitValue() + "); see "
                        + folder.resolve("broker.log"));
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
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
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
