package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests' Kafka broker when a port it was given is taken: the port a test picked free can be taken by another
 * process before the broker binds it. On ports picked by the broker itself, its first start tries others (on ports
 * given, it stops, and the refusal quotes Kafka's error line). Kafka's errors are written by SLF4J's simple binding,
 * which the build puts beside the test classes. One test: each start of a broker costs seconds of CPU.
 */
class KafkaBrokerTest {
    @Test
    void aFirstStartOnPickedPortsMovesPastATakenPortAndTheLogSaysWhy(@TempDir Path dir) throws Exception {
        KafkaBroker broker = new KafkaBroker(dir);
        int picked = port(broker);
        try (ServerSocket squatter = new ServerSocket(picked, 1, InetAddress.getLoopbackAddress())) {
            KafkaBroker started = broker.start(Duration.ofSeconds(90));
            assertTrue(squatter.isBound());
            assertNotEquals(picked, port(started), "started again on another port");
            assertTrue(started.alive());
            String log = Files.readString(dir.resolve("broker.log"));
            // the failed first start's fatal line, from Kafka (SLF4J's simple binding prints the level and the logger)
            assertTrue(log.contains(" ERROR ") && log.contains("Address already in use"), log);
        } finally {
            broker.kill(); // its data is thrown away: no gentle stop to wait for
        }
    }

    private static int port(KafkaBroker broker) {
        String bootstrap = broker.bootstrap();
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }
}
