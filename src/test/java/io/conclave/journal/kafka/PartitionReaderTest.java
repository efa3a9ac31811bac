package io.conclave.journal.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.ProjectCommand;

/**
 * How a partition is read, against Kafka's own stand-in consumer (no broker): a poll may hand back records committed
 * after the read asked for the partition's end (a node keeps writing while another reads its partition ahead); those
 * belong to the next read, which starts at that end. Taken by both reads, they would stand twice in the owner's
 * journal, and the owner would read as damaged.
 */
class PartitionReaderTest {
    private static final KafkaSettings SETTINGS = new KafkaSettings("localhost:1", "conclave.", 1, (short) 1, "node-b",
            Duration.ofSeconds(10), 16 << 20);
    private static final TopicPartition PROJECTS = new TopicPartition("conclave.projects", 0);
    private static final TopicPartition SNAPSHOTS = new TopicPartition(SETTINGS.snapshotTopic("project"), 0);
    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    /** Entry {@code seq} of owner p as its line in the partition, chained to the one before. */
    private static List<String> lines(int count) throws Exception {
        List<String> out = new ArrayList<>();
        String prev = Chain.GENESIS;
        for (int seq = 1; seq <= count; seq++) {
            JournalEntry<ProjectCommand> e = new JournalEntry<>(seq, "ann", "abababababab", AT.plusSeconds(seq),
                    new PlaceBid("t" + seq, "ann", 10.0 + seq, 0.5, null), null, "ab".repeat(32));
            String line = CommandCodec.PROJECT.toLine(e, prev);
            out.add(line);
            prev = Chain.hash(line);
        }
        return out;
    }

    /** Kafka's stand-in consumer, the project partition ending at {@code projects}, its snapshots at {@code snapshots}. */
    private static MockConsumer<String, String> consumer(long projects, long snapshots) {
        MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updateBeginningOffsets(Map.of(PROJECTS, 0L, SNAPSHOTS, 0L));
        consumer.updateEndOffsets(Map.of(PROJECTS, projects, SNAPSHOTS, snapshots));
        return consumer;
    }

    private static PartitionReader reader(MockConsumer<String, String> consumer) {
        return new PartitionReader(SETTINGS, Map.of("project", CommandCodec.PROJECT), null, topic -> "project",
                () -> consumer);
    }

    /** Hands p's lines at offsets {@code from} (inclusive) to {@code to} to the consumer's next poll. */
    private static void addProjects(MockConsumer<String, String> consumer, List<String> lines, int from, int to) {
        for (int offset = from; offset < to; offset++) {
            consumer.addRecord(new ConsumerRecord<>(PROJECTS.topic(), 0, offset, "p", lines.get(offset)));
        }
    }

    /*
     * By hand: the partition holds entries 1 and 2 of owner p (offsets 0 and 1) when the first read asks for its end
     * (2); entries 3 and 4 (offsets 2 and 3) are committed before its poll, which hands back all four. The first read
     * keeps 1 and 2 and ends at 2; the second, from 2, takes 3 and 4: p's journal is 1, 2, 3, 4, undamaged, read to 4.
     */
    @Test
    void recordsPastTheEndAskedForAreLeftToTheNextRead() throws Exception {
        List<String> lines = lines(4);
        MockConsumer<String, String> consumer = consumer(2, 0);
        PartitionReader reader = reader(consumer);
        consumer.schedulePollTask(() -> addProjects(consumer, lines, 0, 4));
        PartitionLog<?> log = reader.read(List.of(PROJECTS), Map.of(), Long.MAX_VALUE, Long.MAX_VALUE, new long[1])
                .get(PROJECTS);
        assertEquals(2, log.endOffset());
        assertEquals(2, log.owner("p").read().entries().size(), "only the entries before the end asked for");

        // the next read (a takeover of the partition read ahead): Kafka still holds offsets 2 and 3
        consumer.updateEndOffsets(Map.of(PROJECTS, 4L));
        consumer.schedulePollTask(() -> addProjects(consumer, lines, 2, 4));
        PartitionLog<?> again = reader.read(List.of(PROJECTS), Map.of(PROJECTS, log), Long.MAX_VALUE, Long.MAX_VALUE,
                new long[1]).get(PROJECTS);
        assertEquals(2, again.lastReadFrom());
        assertEquals(4, again.endOffset());
        var read = again.owner("p").read();
        assertNull(read.damage(), () -> "p read as damaged: " + read.damage());
        assertEquals(List.of(1L, 2L, 3L, 4L), read.entries().stream().map(JournalEntry::seq).toList());
    }

    /*
     * By hand: p's entries 1-5 at offsets 0-4, entries 2 and 4 snapshot markers. The node serving the partition stored
     * the snapshot at entry 4 (offset 3) and the rebuild start 3; then a node that had lost the partition, paused
     * between its marker at entry 2 and storing that snapshot, stored it: the latest snapshot of p is entry 2's
     * (offset 1), older than the rebuild start. Read from 3, p's first entry is 4 with no snapshot before it: damaged.
     * So the partition is read again from offset 0, where entry 2's snapshot applies: p is entries 2-5, undamaged.
     */
    @Test
    void aSnapshotOlderThanTheRebuildStartReadsThePartitionFromItsBeginning() throws Exception {
        List<String> lines = new ArrayList<>();
        String prev = Chain.GENESIS;
        for (int seq = 1; seq <= 5; seq++) {
            ProjectCommand c = seq % 2 == 0 ? new io.conclave.model.command.TakeSnapshot("d" + seq, AT)
                    : new PlaceBid("t" + seq, "ann", 10.0 + seq, 0.5, null);
            String line = CommandCodec.PROJECT.toLine(new JournalEntry<>(seq, "ann", "abababababab", AT.plusSeconds(seq),
                    c, null, "ab".repeat(32)), prev);
            lines.add(line);
            prev = Chain.hash(line);
        }
        List<String> snapshotTopic = List.of(SnapshotRecord.of(4, 3, "d4", "{}").toJson(), "3 -1",
                SnapshotRecord.of(2, 1, "d2", "{}").toJson());
        MockConsumer<String, String> consumer = consumer(5, 3);
        PartitionReader reader = reader(consumer);
        consumer.schedulePollTask(() -> {
            for (int offset = 0; offset < 3; offset++) {
                consumer.addRecord(new ConsumerRecord<>(SNAPSHOTS.topic(), 0, offset, offset == 1 ? PartitionLog.MARK
                        : "p", snapshotTopic.get(offset)));
            }
        });
        for (int read = 0; read < 2; read++) { // from the rebuild start, then from the beginning
            consumer.schedulePollTask(() -> addProjects(consumer, lines, 0, 5));
        }
        PartitionLog<?> log = reader.read(List.of(PROJECTS), Map.of(), Long.MAX_VALUE, Long.MAX_VALUE, new long[1])
                .get(PROJECTS);
        var read = log.owner("p").read();
        assertNull(read.damage(), () -> "p read as damaged: " + read.damage());
        assertEquals(0, log.lastReadFrom(), "read again from the beginning");
        assertEquals(List.of(2L, 3L, 4L, 5L), read.entries().stream().map(JournalEntry::seq).toList());
    }
}
