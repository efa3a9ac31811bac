package io.conclave.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The one Kafka broker the in-process Kafka tests of a JVM share (the read ahead, the chain across a takeover, memory
 * over Kafka, the writer's fence, the followers, the hand-over notice): started by the first of them, killed when the
 * JVM ends (its topics are thrown away). Each test leases its own topics and consumer group, a prefix no other lease
 * has, so what one writes no other reads, and tests may run at once. A broker each cost these tests 25 s of CPU
 * together, run alone. The cluster test kills and restarts its broker, so it keeps one of its own.
 */
final class SharedBroker {
    private static final AtomicInteger LEASES = new AtomicInteger();
    private static KafkaBroker broker;

    private SharedBroker() {
    }

    /** A test's part of the broker: its address and the prefix of the test's topics and group. */
    record Lease(String bootstrap, String prefix) implements AutoCloseable {
        /** Nothing to give back: the broker outlives the lease, its topics are not read again. */
        @Override
        public void close() {
        }
    }

    /** A lease named after {@code test}, starting the broker on first use. */
    static Lease lease(String test) throws IOException, InterruptedException {
        return new Lease(broker().bootstrap(), "conclave." + test + "-" + LEASES.incrementAndGet() + ".");
    }

    private static synchronized KafkaBroker broker() throws IOException, InterruptedException {
        if (broker == null || !broker.alive()) {
            Path folder = Files.createTempDirectory("conclave-shared-broker");
            KafkaBroker started = new KafkaBroker(folder).start(Duration.ofSeconds(90));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.kill(); // its topics are thrown away: no gentle stop for the JVM's exit to wait for
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delete(folder);
            }, "conclave-shared-broker-stop"));
            broker = started;
        }
        return broker;
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary folder left behind is not worth failing a finished run for
        }
    }
}
