package io.conclave.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The one Kafka broker the in-process Kafka tests of a JVM share (the read ahead, the chain across a takeover, memory
 * over Kafka, the writer's fence, the followers, the hand-over notice): started by the first of them, killed once no
 * test has held a lease for {@link #IDLE} (an idle broker took ~6% of a core, minutes of it while the rest of the
 * suite ran) or when the JVM ends; a lease after that starts another. Its topics are thrown away. Each test leases
 * its own topics and consumer group, a prefix no other lease has, so what one writes no other reads, and tests may
 * run at once. A broker each cost these tests 25 s of CPU together, run alone. The cluster test kills and restarts
 * its broker, so it keeps one of its own.
 */
final class SharedBroker {
    /** How long the broker waits for the next lease once the last one is given back (the six tests run in a row). */
    static final Duration IDLE = Duration.ofSeconds(10);
    private static final AtomicInteger LEASES = new AtomicInteger();
    private static final ScheduledExecutorService STOPPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conclave-shared-broker-idle");
        t.setDaemon(true);
        return t;
    });
    private static KafkaBroker broker;
    private static int held;
    private static ScheduledFuture<?> stop;

    private SharedBroker() {
    }

    /** A test's part of the broker: its address and the prefix of the test's topics and group. */
    record Lease(String bootstrap, String prefix) implements AutoCloseable {
        /** Its topics are not read again; the last lease given back leaves the broker {@link #IDLE} for the next. */
        @Override
        public void close() {
            release();
        }
    }

    /** A lease named after {@code test}, starting the broker when none runs. */
    static Lease lease(String test) throws IOException, InterruptedException {
        return new Lease(acquire().bootstrap(), "conclave." + test + "-" + LEASES.incrementAndGet() + ".");
    }

    private static synchronized KafkaBroker acquire() throws IOException, InterruptedException {
        if (stop != null) {
            stop.cancel(false);
            stop = null;
        }
        KafkaBroker b = broker();
        held++;
        return b;
    }

    private static synchronized void release() {
        if (--held == 0) {
            KafkaBroker idle = broker;
            stop = STOPPER.schedule(() -> stopIfIdle(idle), IDLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static synchronized void stopIfIdle(KafkaBroker idle) {
        if (held == 0 && broker == idle && idle != null) {
            try {
                idle.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            broker = null;
        }
    }

    private static KafkaBroker broker() throws IOException, InterruptedException {
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
