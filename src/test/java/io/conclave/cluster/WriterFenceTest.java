package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalUnavailable;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.command.ProjectCommand;

/**
 * The writer's fence, against a real broker: every transaction commits an offset to the nodes' group under the
 * generation the node holds its partitions by, so a node whose membership ended (it left, or the group declared it
 * dead while it was paused) commits nothing more, and the next node to serve the partition reads only what was
 * committed before.
 */
class WriterFenceTest {

    @Test
    void aWriterWhoseMembershipEndedCommitsNothing(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("broker")).start(Duration.ofSeconds(90))) {
            // writes give up after 2 s (5 s by default): the refused one below waits that long for a new generation
            KafkaSettings settings = new KafkaSettings(broker.bootstrap(), "conclave.", 1, (short) 1, "fence-a",
                    Duration.ofSeconds(10), 16 << 20, Duration.ofSeconds(2), Duration.ofSeconds(30));
            KafkaJournals a = new KafkaJournals(settings, unsure -> { });
            a.start();
            TopicPartition tp = a.partition("project", "p");
            KafkaConsumer<String, String> member = KafkaNode.join(a, tp);
            a.take(List.of(tp), t -> null);
            KafkaNode.hold(a, member, tp);
            Journal<ProjectCommand> p = a.open(CommandCodec.PROJECT, "p", null);
            p.append(KafkaChainTest.entry(1, "p1"));
            // the membership ends while the writer still holds the partition under it
            member.close();
            JournalUnavailable refused = assertThrows(JournalUnavailable.class,
                    () -> p.append(KafkaChainTest.entry(2, "p2")));
            assertEquals(JournalUnavailable.Fate.NOT_WRITTEN, refused.fate(), refused.getMessage());
            assertEquals("moving", refused.code(), refused.getMessage());
            a.close();

            KafkaJournals b = new KafkaJournals(KafkaNode.settings(broker, "fence-b"), unsure -> { });
            b.start();
            KafkaConsumer<String, String> memberB = KafkaNode.join(b, tp);
            b.take(List.of(tp), t -> "fence-a");
            assertEquals(List.of(KafkaChainTest.entry(1, "p1")),
                    b.open(CommandCodec.PROJECT, "p", null).read().entries(), "only what was committed is read");
            memberB.close();
            b.close();
        }
    }
}
