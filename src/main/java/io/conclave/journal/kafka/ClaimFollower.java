package io.conclave.journal.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.conclave.journal.kafka.Holding.Claim;

/**
 * The writer's follower: one consumer that reads the partitions the node holds, behind the node's own writes, and
 * finds the claims other nodes made there ({@link PartitionLog}). It reads on from where it was, so after a takeover
 * it reads each partition once, whatever the number of batches; a partition new to it, or claimed again, is read from
 * the takeover's end. Used by the writer's thread only.
 */
final class ClaimFollower implements AutoCloseable {
    private final KafkaSettings settings;
    private KafkaConsumer<String, String> consumer;
    /** The claim each followed partition was sought to (a partition claimed again is sought again). */
    private Map<TopicPartition, Long> followed = Map.of();

    ClaimFollower(KafkaSettings settings) {
        this.settings = settings;
    }

    /** A claim record of {@code tp} by {@code node}. */
    static ProducerRecord<String, String> claimRecord(TopicPartition tp, String node) {
        ProducerRecord<String, String> r = new ProducerRecord<>(tp.topic(), tp.partition(), null, node);
        r.headers().add(new RecordHeader(PartitionLog.CONTROL, PartitionLog.CLAIM.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    /** {@code record} stamped with the claim it is written under. */
    static ProducerRecord<String, String> stamped(ProducerRecord<String, String> record, Claim claim) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(PartitionLog.STAMP, Long.toString(claim.offset()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(), headers);
    }

    /** The claim this follower follows {@code tp} under (-2 when it does not follow it). */
    long followed(TopicPartition tp) {
        return followed.getOrDefault(tp, -2L);
    }

    /**
     * Reads the held partitions until each of {@code last} is read past its offset; hands every record on to
     * {@code seen}; returns the held partitions in which another node's claim was read (the first such claim's
     * offset): a claim after the one held that is not one of {@code ours} (the writer's new claims). Throws once
     * {@code deadline} ({@link System#nanoTime}) passes first.
     */
    Map<TopicPartition, Long> readPast(Holding h, Map<TopicPartition, Long> last, Map<TopicPartition, Long> ours,
                                       long deadline, Consumer<ConsumerRecord<String, String>> seen)
            throws TimeoutException {
        Map<TopicPartition, Long> other = new HashMap<>();
        if (last.isEmpty()) {
            return other;
        }
        follow(h);
        while (last.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) <= e.getValue())) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("the partitions written were not read back within the write timeout");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Claim mine = h.claims().get(tp);
                Header control = r.headers().lastHeader(PartitionLog.CONTROL);
                if (mine != null && control != null && r.offset() > mine.offset()
                        && !Long.valueOf(r.offset()).equals(ours.get(tp))
                        && PartitionLog.CLAIM.equals(new String(control.value(), StandardCharsets.UTF_8))) {
                    other.putIfAbsent(tp, r.offset());
                }
                seen.accept(r);
            }
        }
        return other;
    }

    /** Points the consumer at the held partitions: a partition new to it, or claimed again, from its claim's read on. */
    private void follow(Holding h) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(settings.catchUpReader("follower"));
            followed = Map.of();
        }
        Map<TopicPartition, Long> now = new HashMap<>();
        h.claims().forEach((tp, c) -> now.put(tp, c.offset()));
        if (now.equals(followed)) {
            return;
        }
        consumer.assign(now.keySet());
        h.claims().forEach((tp, c) -> {
            if (c.offset() != followed(tp)) {
                consumer.seek(tp, c.readFrom());
            }
        });
        followed = now;
    }

    /**
     * What a settlement found: the new claims, the offsets of the records found before them (by their index in the
     * records settled), and the claims of other nodes read meanwhile.
     */
    record Settlement(Map<TopicPartition, Long> claims, Map<Integer, Long> found, Map<TopicPartition, Long> other) {
    }

    /**
     * Claims the partitions of {@code records} (written to them, their fate unknown) again through {@code producer},
     * and reads up to those claims: a record found before its partition's claim was written; one not found can never
     * count (landing later, it carries the old claim). The partitions claimed again are followed under their new
     * claims from then on.
     */
    Settlement reclaim(KafkaProducer<String, String> producer, Holding h, List<ProducerRecord<String, String>> records,
                       long until) throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, Future<RecordMetadata>> sent = new LinkedHashMap<>();
        for (ProducerRecord<String, String> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!sent.containsKey(tp)) {
                sent.put(tp, producer.send(claimRecord(tp, settings.nodeId())));
            }
        }
        Map<TopicPartition, Long> claims = new HashMap<>();
        for (var e : sent.entrySet()) {
            claims.put(e.getKey(), e.getValue().get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS).offset());
        }
        Map<Integer, Long> found = new HashMap<>();
        Map<TopicPartition, Long> other = readPast(h, claims, claims, until, r -> {
            for (int i = 0; i < records.size(); i++) {
                ProducerRecord<String, String> w = records.get(i);
                if (w.topic().equals(r.topic()) && w.partition() == r.partition()
                        && r.offset() < claims.get(new TopicPartition(r.topic(), r.partition()))
                        && Objects.equals(r.key(), w.key()) && Objects.equals(r.value(), w.value())) {
                    found.putIfAbsent(i, r.offset());
                }
            }
        });
        Map<TopicPartition, Long> now = new HashMap<>(followed);
        claims.forEach((tp, c) -> {
            if (!other.containsKey(tp) && now.containsKey(tp)) {
                now.put(tp, c); // read past it already: followed on from here, not sought again
            }
        });
        followed = now;
        return new Settlement(claims, found, other);
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
            consumer = null;
        }
    }
}
