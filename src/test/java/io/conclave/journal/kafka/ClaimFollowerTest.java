package io.conclave.journal.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/**
 * The writer's follower when a read back fails (against Kafka's stand-in consumer, no broker). A batch wrote to P and
 * Q; the follower read P's records, another node's claim among them, but Q's never came before the deadline. The
 * settlement that follows must see P's records again (it looks for the batch's records before its new claims; had
 * they been consumed and dropped, a write every reader counts would be refused as not applied) and must still know of
 * the other claim (had it been forgotten, the node would go on writing P under a claim nobody counts), until P is
 * followed under a new claim of this node's.
 */
class ClaimFollowerTest {
    private static final KafkaSettings SETTINGS = new KafkaSettings("localhost:1", "conclave.", 2, (short) 1, "node-a",
            Duration.ofSeconds(10), 16 << 20);
    private static final TopicPartition P = new TopicPartition("conclave.projects", 0);
    private static final TopicPartition Q = new TopicPartition("conclave.projects", 1);

    private static ConsumerRecord<String, String> entry(TopicPartition tp, long offset, long claim) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "p", "line " + offset);
        r.headers().add(new RecordHeader(PartitionLog.STAMP, Long.toString(claim).getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    private static ConsumerRecord<String, String> claim(TopicPartition tp, long offset) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, "node-b");
        r.headers().add(new RecordHeader(PartitionLog.CONTROL, PartitionLog.CLAIM.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    /*
     * By hand: this node claimed P at 0 and Q at 10 (followed from 1 and 11). P holds this node's records at 1 and 2,
     * node B's claim at 3, this node's record at 4 (written after it: B's claim is before it). The batch's last records
     * are P@4 and Q@12; Q's never come. The first read fails past its deadline; the second, from where the first
     * started, reads P from 1 again (1, 2 and 4 seen) and reports B's claim at 3, which the second pass is not even
     * handed (the stand-in consumer gives it P@4 only: the claim must have been remembered).
     */
    @Test
    void aFailedReadBackIsReadAgainAndAnotherNodesClaimIsNotForgotten() throws Exception {
        MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updateBeginningOffsets(Map.of(P, 0L, Q, 0L));
        ClaimFollower follower = new ClaimFollower(SETTINGS, () -> consumer);
        Holding held = new Holding(Map.of(P, new Holding.Claim(0, 1), Q, new Holding.Claim(10, 11)));
        consumer.schedulePollTask(() -> List.of(entry(P, 1, 0), entry(P, 2, 0), claim(P, 3), entry(P, 4, 0))
                .forEach(consumer::addRecord));

        long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        assertThrows(TimeoutException.class, () -> follower.readPast(held, Map.of(P, 4L, Q, 12L), Map.of(), deadline,
                r -> { }));
        assertEquals(1, consumer.position(P), "put back where the failed read started");
        assertEquals(11, consumer.position(Q));

        List<Long> seen = new ArrayList<>();
        consumer.schedulePollTask(() -> List.of(entry(P, 1, 0), entry(P, 2, 0)).forEach(consumer::addRecord));
        consumer.schedulePollTask(() -> consumer.addRecord(entry(P, 4, 0)));
        Map<TopicPartition, Long> other = follower.readPast(held, Map.of(P, 4L), Map.of(),
                System.nanoTime() + Duration.ofSeconds(5).toNanos(), r -> seen.add(r.offset()));
        assertEquals(List.of(1L, 2L, 4L), seen);
        assertEquals(Map.of(P, 3L), other, "B's claim, read by the failed pass");

        // P lost, then taken over again (this node's new claim at 20): B's claim is no news about the new claim, even
        // to a batch that writes no command partition (snapshots only: nothing to read back, no seek yet)
        Holding again = new Holding(Map.of(P, new Holding.Claim(20, 21), Q, new Holding.Claim(10, 11)));
        assertEquals(Map.of(), follower.readPast(again, Map.of(), Map.of(), System.nanoTime(), r -> { }));
    }
}
