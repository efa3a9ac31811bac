package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.KafkaSettings;

/** One node's Kafka side in an in-process test, set up as {@code ClusterNode} sets it up. */
final class KafkaNode {
    private KafkaNode() {
    }

    /** A node's settings: the lease's topics and group, one partition per kind, replication 1, a 10 s session. */
    static KafkaSettings settings(SharedBroker.Lease broker, String node) {
        return new KafkaSettings(broker.bootstrap(), broker.prefix(), 1, (short) 1, node, Duration.ofSeconds(10), 16 << 20);
    }

    /** Joins the nodes' group and waits until the group gives this node {@code tp} (paused: the node reads it itself). */
    static KafkaConsumer<String, String> join(KafkaJournals journals, TopicPartition tp) {
        KafkaConsumer<String, String> member = new KafkaConsumer<>(journals.settings().member());
        member.subscribe(journals.commandTopics());
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!member.assignment().contains(tp)) {
            assertTrue(System.nanoTime() < giveUp, "the group never gave " + tp + " to "
                    + journals.settings().nodeId());
            member.poll(Duration.ofMillis(200));
        }
        member.pause(member.assignment());
        return member;
    }
}
