package io.conclave.journal.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The Kafka clients' settings a node's configuration gives. */
class KafkaSettingsTest {

    @Test
    void noClientAsksTheBrokersForTelemetry() {
        KafkaSettings s = new KafkaSettings("localhost:9092", "conclave.", 12, (short) 3, "node-1",
                Duration.ofSeconds(6), 1 << 20);
        for (Properties p : new Properties[] {s.producer("conclave.tx-node-1"), s.producer(null), s.reader("x"),
                s.followerReader(), s.member(), s.catchUpReader("y"), s.admin()}) {
            assertEquals("false", p.get("enable.metrics.push"), p.toString());
        }
    }
}
