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
    /** Opens the consumer (a real one; a test's stand-in). */
    private final java.util.function.Supplier<org.apache.kafka.clients.consumer.Consumer<String, String>> consumers;
    private org.apache.kafka.clients.consumer.Consumer<String, String> consumer;
    /** The claim each followed partition was sought to (a partition claimed again is sought again). */
    private Map<TopicPartition, Long> followed = Map.of();
    /** Other nodes' claims read in followed partitions (the first in each), kept until it is followed under a new claim. */
    private final Map<TopicPartition, Long> foreign = new HashMap<>();

    ClaimFollower(KafkaSettings settings) {
        this(settings, () -> new KafkaConsumer<>(settings.catchUpReader("follower")));
    }

    ClaimFollower(KafkaSettings settings,
                  java.util.function.Supplier<org.apache.kafka.clients.consumer.Consumer<String, String>> consumers) {
        this.settings = settings;
        this.consumers = consumers;
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
     * offset): a claim after the one held that is not one of {@code ours} (the writer's new claims). Such a claim is
     * remembered until the partition is followed under a new claim, so a read that fails afterwards does not forget
     * it. A read that fails (its {@code deadline}, {@link System#nanoTime}, passed first, or the consumer threw) puts
     * the consumer back where it started: the settlement that follows reads the same records again.
     */
    Map<TopicPartition, Long> readPast(Holding h, Map<TopicPartition, Long> last, Map<TopicPartition, Long> ours,
                                       long deadline, Consumer<ConsumerRecord<String, String>> seen)
            throws TimeoutException {
        if (last.isEmpty()) {
            return held(h);
        }
        follow(h);
        Map<TopicPartition, Long> start = new HashMap<>();
        consumer.assignment().forEach(tp -> start.put(tp, consumer.position(tp)));
        try {
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
                        foreign.putIfAbsent(tp, r.offset());
                    }
                    seen.accept(r);
                }
            }
        } catch (TimeoutException | RuntimeException e) {
            try {
                start.forEach(consumer::seek);
            } catch (RuntimeException again) {
                close(); // in whatever state: the next read opens another, from each claim's read on
            }
            throw e;
        }
        return held(h);
    }

    /** The other nodes' claims read in the held partitions, each while followed under the claim held now. */
    private Map<TopicPartition, Long> held(Holding h) {
        Map<TopicPartition, Long> other = new HashMap<>(foreign);
        other.keySet().removeIf(tp -> !h.claims().containsKey(tp) || h.claims().get(tp).offset() != followed(tp));
        return other;
    }

    /** Points the consumer at the held partitions: a partition new to it, or claimed again, from its claim's read on. */
    private void follow(Holding h) {
        if (consumer == null) {
            consumer = consumers.get();
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
                foreign.remove(tp);
            }
        });
        foreign.keySet().retainAll(now.keySet());
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
                        && Objects.equals(r.key(), w.key()) && Objects.equals(r.value(), w.value())
                        && Objects.equals(stamp(r.headers()), stamp(w.headers()))) {
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

    private static String stamp(org.apache.kafka.common.header.Headers headers) {
        Header h = headers.lastHeader(PartitionLog.STAMP);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
            consumer = null;
            followed = Map.of();
            foreign.clear();
        }
    }
}
