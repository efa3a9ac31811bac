package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.conclave.app.cluster.Followers;
import io.conclave.app.cluster.NodeDirectory;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.KafkaSettings;

/**
 * The notice a node gives before it leaves, on the nodes topic against a real broker: node A, serving a partition,
 * says it is about to leave; node B, serving another, is told (with A's partitions), and A waits for B alone (the
 * nodes serving partitions, itself excepted) until B says it read A's partitions ahead. A notice older than what a
 * listener accepts (one the compacted topic kept from a node gone long ago) is not told.
 */
class HandOverNoticeTest {
    private static final TopicPartition P0 = new TopicPartition("conclave.projects", 0);
    private static final TopicPartition P1 = new TopicPartition("conclave.projects", 1);

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void aLeavingNodeIsToldToTheOthersAndWaitsForEachToReadItsPartitionsAhead() throws Exception {
        try (SharedBroker.Lease broker = SharedBroker.lease("hand-over")) {
            KafkaSettings a = KafkaNode.settings(broker, "node-a");
            KafkaSettings b = KafkaNode.settings(broker, "node-b");
            KafkaJournals journals = new KafkaJournals(a, unsure -> { });
            try (Admin admin = Admin.create(a.admin())) {
                journals.createTopics(admin);
            } finally {
                journals.close();
            }
            try (KafkaProducer<String, String> busA = new KafkaProducer<>(a.producer(null));
                 KafkaProducer<String, String> busB = new KafkaProducer<>(b.producer(null));
                 Followers followA = new Followers(a); Followers followB = new Followers(b)) {
                NodeDirectory nodeA = new NodeDirectory(a, followA, busA, "http://a", () -> "v1");
                NodeDirectory nodeB = new NodeDirectory(b, followB, busB, "http://b", () -> "v1");
                List<NodeDirectory.Announcement> told = new CopyOnWriteArrayList<>();
                List<NodeDirectory.Announcement> toldIfNewerThanNow = new CopyOnWriteArrayList<>();
                nodeB.onLeaving(told::add, Duration.ofSeconds(30));
                nodeB.onLeaving(toldIfNewerThanNow::add, Duration.ZERO);
                nodeA.start();
                nodeB.start();
                nodeA.announce(List.of(P0));
                nodeB.announce(List.of(P1));
                await(() -> nodeA.owner(P1) != null && nodeB.owner(P0) != null, "each node knows the other's partition");

                long at = nodeA.announceLeaving(List.of(P0));
                assertTrue(at >= 0, "the notice was sent");
                await(() -> !told.isEmpty(), "node B is told that node A is about to leave");
                assertEquals("node-a", told.get(0).node());
                assertEquals(List.of(P0.toString()), told.get(0).partitions());
                assertEquals(List.of(), toldIfNewerThanNow, "a notice older than the listener accepts is not told");
                assertEquals("node-a", nodeB.owner(P0).node(), "a leaving node still serves its partitions");
                assertEquals(List.of("node-b"), nodeA.notReadAheadYet(at), "node A waits for node B, not for itself");

                nodeB.announceReadAhead("node-a");
                await(() -> nodeA.notReadAheadYet(at).isEmpty(), "node B's word reaches node A");
                assertEquals("node-b", nodeA.owner(P1).node(), "node B still serves its partition after saying so");
                assertEquals(List.of("node-b"), nodeA.notReadAheadYet(at + 1_000),
                        "a word given before a later notice does not count for it");
            }
        }
    }
}
