package io.conclave.journal.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.ProjectCommand;

/**
 * What every reader of a partition counts: a record only when it carries the latest claim before it. Node A claims the
 * partition, node B claims it after A; what A still writes after B's claim is passed over, whether the partition is
 * read from its beginning or from a rebuild start past both claims (which names the claim in effect there).
 */
class ClaimsTest {
    private static final TopicPartition TP = new TopicPartition("conclave.projects", 0);
    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    /** Entry {@code seq} of project p: a bid of {@code price}, chained after {@code before}'s line. */
    private static String line(long seq, double price, String before) throws Exception {
        JournalEntry<ProjectCommand> e = new JournalEntry<>(seq, "ann", "abababababab", AT.plusSeconds(seq),
                new PlaceBid("t" + seq, "ann", price, 0.5, null), null, "ab".repeat(32));
        return CommandCodec.PROJECT.toLine(e, before == null ? Chain.GENESIS : Chain.hash(before));
    }

    private static ConsumerRecord<String, String> record(long offset, String line, Long stamp) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(TP.topic(), TP.partition(), offset, "p", line);
        if (stamp != null) {
            r.headers().add(new RecordHeader(PartitionLog.STAMP, Long.toString(stamp).getBytes(StandardCharsets.UTF_8)));
        }
        return r;
    }

    private static ConsumerRecord<String, String> claim(long offset, String node) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(TP.topic(), TP.partition(), offset, null, node);
        r.headers().add(new RecordHeader(PartitionLog.CONTROL, PartitionLog.CLAIM.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    private static List<Double> prices(PartitionLog<ProjectCommand> log) {
        return log.owner("p").read().entries().stream().map(e -> ((PlaceBid) e.command()).cost()).toList();
    }

    @Test
    void whatAWriterWritesAfterAnotherNodesClaimCountsForNobody() throws Exception {
        String e1 = line(1, 1, null);          // written before any claim: no stamp
        String e2 = line(2, 2, e1);            // A's, under its claim at 1
        String e3a = line(3, 30, e2);          // A's, still under its claim at 1, landing after B's claim at 3
        String e3b = line(3, 3, e2);           // B's, under its claim at 3
        List<ConsumerRecord<String, String>> partition = List.of(record(0, e1, null), claim(1, "a"),
                record(2, e2, 1L), claim(3, "b"), record(4, e3a, 1L), record(5, e3b, 3L));

        PartitionLog<ProjectCommand> whole = new PartitionLog<>(null, TP, CommandCodec.PROJECT, null, 0, -1, Map.of());
        partition.forEach(whole::take);
        assertEquals(List.of(1.0, 2.0, 3.0), prices(whole), "A's late entry 3 (a bid of 30) is not B's entry 3");
        assertEquals(1, whole.passedOver());
        assertEquals(3, whole.claim());
        assertEquals(-1, whole.claimAt(0), "before the first claim, none is in effect");
        assertEquals(1, whole.claimAt(2));
        assertEquals(3, whole.claimAt(4));

        // a replay from a rebuild start past both claims knows B's claim from the start's record: A's late entry is
        // passed over there too (without it, the first stamp read would be taken for the claim in effect)
        long[] mark = PartitionReader.mark("4 " + whole.claimAt(4));
        assertArrayEquals(new long[] {4, 3}, mark);
        PartitionLog<ProjectCommand> fromMark = new PartitionLog<>(null, TP, CommandCodec.PROJECT, null, mark[0], mark[1],
                Map.of());
        partition.stream().filter(r -> r.offset() >= 4).forEach(fromMark::take);
        assertEquals(1, fromMark.passedOver());
        assertEquals(1, fromMark.owners().size());
    }

    @Test
    void aRebuildStartWrittenBeforeClaimsNamesNone() {
        assertArrayEquals(new long[] {17, -1}, PartitionReader.mark("17"));
    }
}
