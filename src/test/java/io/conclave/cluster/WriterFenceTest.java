package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalUnavailable;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.PartitionLog;
import io.conclave.model.command.ProjectCommand;

/**
 * The writer's fence, against a real broker: node A serves a partition, node B takes it over (its claim) while A
 * still believes it serves it, as a node does that was paused past its session. A's next write reaches the partition
 * but is refused as moving (its writer reads B's claim before it), A is told the partition is no longer its own, and
 * every reader, B and a third node reading the partition from its beginning, passes A's record over: entry 2 is B's.
 */
class WriterFenceTest {

    @Test
    void whatANodeWritesAfterAnotherNodesClaimCountsForNobody() throws Exception {
        try (SharedBroker.Lease broker = SharedBroker.lease("fence")) {
            List<Set<TopicPartition>> lostOnA = new CopyOnWriteArrayList<>();
            KafkaJournals a = new KafkaJournals(KafkaNode.settings(broker, "fence-a"), lostOnA::add);
            a.start();
            TopicPartition tp = a.partition("project", "p");
            a.take(List.of(tp), t -> null);
            a.hold(Set.of(tp));
            Journal<ProjectCommand> onA = a.open(CommandCodec.PROJECT, "p", null);
            onA.append(KafkaChainTest.entry(1, "p1"));

            KafkaJournals b = new KafkaJournals(KafkaNode.settings(broker, "fence-b"), unsure -> { });
            b.start();
            b.take(List.of(tp), t -> "fence-a");
            b.hold(Set.of(tp));
            Journal<ProjectCommand> onB = b.open(CommandCodec.PROJECT, "p", null);
            assertEquals(List.of(KafkaChainTest.entry(1, "p1")), onB.read().entries(), "B read what A wrote before");

            JournalUnavailable refused = assertThrows(JournalUnavailable.class,
                    () -> onA.append(KafkaChainTest.entry(2, "from-a")));
            assertEquals(JournalUnavailable.Fate.NOT_WRITTEN, refused.fate(), refused.getMessage());
            assertEquals("moving", refused.code(), refused.getMessage());
            assertEquals(List.of(Set.of(tp)), lostOnA, "A is told another node claimed the partition");
            assertThrows(JournalUnavailable.class, () -> onA.append(KafkaChainTest.entry(2, "again")),
                    "refused at once from now on");
            onB.append(KafkaChainTest.entry(2, "from-b"));
            a.close();
            b.close();

            KafkaJournals c = new KafkaJournals(KafkaNode.settings(broker, "fence-c"), unsure -> { });
            c.start();
            PartitionLog<?> log = c.take(List.of(tp), t -> "fence-b").get(tp);
            assertEquals(List.of(KafkaChainTest.entry(1, "p1"), KafkaChainTest.entry(2, "from-b")),
                    c.open(CommandCodec.PROJECT, "p", null).read().entriesOrThrow());
            // the partition holds A's record too: A's claim, entry 1, B's claim, A's entry 2, B's entry 2, C's claim
            assertEquals(1, log.passedOver(), "A's entry 2 is in the partition, and passed over");
            assertTrue(log.endOffset() >= 6, "end " + log.endOffset());
            c.close();
        }
    }
}
