package io.conclave.journal.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.conclave.journal.CommandCodec;

/**
 * Reads command partitions into {@link PartitionLog}s, committed records only: from the kind's snapshots on (the
 * latest per owner, and the offset from which a replay may start), or, for a partition read before, on from where
 * that read ended. A takeover reads this way ({@link KafkaJournals#take}), and so does a read ahead
 * ({@link KafkaJournals#readAhead}), which has a time and a size allowance. One consumer, kept between reads; one
 * thread at a time (the cluster member's).
 */
final class PartitionReader {
    private static final Logger LOG = Logger.getLogger(PartitionReader.class);

    private final KafkaSettings settings;
    private final Map<String, CommandCodec<?>> codecs;
    private final NodeWriter writer;
    /** The kind whose commands a topic holds. */
    private final Function<String, String> kindOf;
    /** Opens the consumer (a real one; a test's stand-in). */
    private final java.util.function.Supplier<Consumer<String, String>> consumers;
    private Consumer<String, String> reader;
    /** The characters of the records the last read took (its snapshots' and records' lines). */
    private long lastChars;

    PartitionReader(KafkaSettings settings, Map<String, CommandCodec<?>> codecs, NodeWriter writer,
                    Function<String, String> kindOf) {
        this(settings, codecs, writer, kindOf, () -> new KafkaConsumer<>(settings.catchUpReader("recover")));
    }

    PartitionReader(KafkaSettings settings, Map<String, CommandCodec<?>> codecs, NodeWriter writer,
                    Function<String, String> kindOf, java.util.function.Supplier<Consumer<String, String>> consumers) {
        this.settings = settings;
        this.codecs = codecs;
        this.writer = writer;
        this.kindOf = kindOf;
        this.consumers = consumers;
    }

    /**
     * Reads {@code parts}, committed records only: those in {@code ahead} (read before) from where
     * their last read ended, the others from their snapshots on (the latest per owner, and the offset a replay may
     * start from) to their ends. Stops with {@link OverBudget} past {@code deadline} ({@link System#nanoTime}) or
     * once the lines read pass {@code maxChars}. {@code snapshotsRead[0]} is set to when the snapshots were read.
     */
    Map<TopicPartition, PartitionLog<?>> read(Collection<TopicPartition> parts,
                                              Map<TopicPartition, PartitionLog<?>> ahead, long deadline,
                                              long maxChars, long[] snapshotsRead) {
        Consumer<String, String> reader = reader();
        Map<TopicPartition, TopicPartition> snapshotOf = new LinkedHashMap<>();
        for (TopicPartition tp : parts) {
            if (!ahead.containsKey(tp)) {
                snapshotOf.put(tp, new TopicPartition(settings.snapshotTopic(kindOf.apply(tp.topic())), tp.partition()));
            }
        }
        long[] chars = {0};
        Map<TopicPartition, Map<String, SnapshotRecord>> snapshots = new HashMap<>();
        Map<TopicPartition, long[]> marks = new HashMap<>();
        Set<TopicPartition> damaged = new HashSet<>();
        readAll(reader, new ArrayList<>(snapshotOf.values()), Map.of(), r -> {
            TopicPartition stp = new TopicPartition(r.topic(), r.partition());
            Map<String, SnapshotRecord> into = snapshots.computeIfAbsent(stp, k -> new HashMap<>());
            if (PartitionLog.MARK.equals(r.key())) {
                marks.put(stp, mark(r.value()));
            } else if (r.key() != null && r.value() != null) {
                chars[0] = within(chars[0] + r.value().length(), maxChars);
                try {
                    into.put(r.key(), SnapshotRecord.parse(r.value()));
                } catch (IOException e) {
                    LOG.errorf("snapshot of %s at %s@%d passed over: %s", r.key(), stp, r.offset(), e.getMessage());
                    into.remove(r.key());
                    damaged.add(stp);
                }
            }
        }, deadline);
        snapshotsRead[0] = System.nanoTime();
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, PartitionLog<?>> taken = new LinkedHashMap<>();
        for (TopicPartition tp : parts) {
            PartitionLog<?> before = ahead.get(tp);
            if (before != null) {
                from.put(tp, before.endOffset());
                taken.put(tp, before);
            } else {
                TopicPartition stp = snapshotOf.get(tp);
                long[] mark = damaged.contains(stp) ? NO_MARK : marks.getOrDefault(stp, NO_MARK);
                from.put(tp, mark[0]);
                taken.put(tp, open(tp, mark[0], mark[1], snapshots.getOrDefault(stp, Map.of())));
            }
        }
        Map<TopicPartition, Long> ends = readAll(reader, new ArrayList<>(parts), from, r -> {
            if (r.value() != null) {
                chars[0] = within(chars[0] + r.value().length(), maxChars);
            }
            taken.get(new TopicPartition(r.topic(), r.partition())).take(r);
        }, deadline);
        ends.forEach((tp, end) -> taken.get(tp).readTo(from.get(tp), end));
        // a node that had lost a partition may store a snapshot after the new node stored a later one (claims fence
        // the partition, not the snapshots beside it): an owner whose latest snapshot is older than the rebuild
        // start reads as damaged from there, so its partition is read again from the beginning
        List<TopicPartition> again = new ArrayList<>();
        for (TopicPartition tp : parts) {
            if (!ahead.containsKey(tp) && from.get(tp) > 0 && taken.get(tp).snapshotBehind(from.get(tp))) {
                again.add(tp);
            }
        }
        if (!again.isEmpty()) {
            LOG.warnf("%s: an owner's snapshot is older than where the replay was to start (stored late by a node "
                    + "that had lost the partition): read again from the beginning", again);
            Map<TopicPartition, Long> zero = new HashMap<>();
            for (TopicPartition tp : again) {
                zero.put(tp, 0L);
                taken.put(tp, open(tp, 0, -1, snapshots.getOrDefault(snapshotOf.get(tp), Map.of())));
            }
            readAll(reader, again, zero, r -> taken.get(new TopicPartition(r.topic(), r.partition())).take(r), deadline)
                    .forEach((tp, end) -> taken.get(tp).readTo(0, end));
        }
        lastChars = chars[0];
        return taken;
    }

    /** No rebuild start stored: a replay reads from the beginning, where no claim is in effect. */
    private static final long[] NO_MARK = {0, -1};

    /** A rebuild start ({@link PartitionLog#MARK}): its offset and the claim in effect there (-1 when it names none). */
    static long[] mark(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? new long[] {Long.parseLong(value), -1}
                : new long[] {Long.parseLong(value.substring(0, space)), Long.parseLong(value.substring(space + 1))};
    }

    private static long within(long chars, long maxChars) {
        if (chars > maxChars) {
            throw new OverBudget("more than " + maxChars + " characters of records");
        }
        return chars;
    }

    /**
     * The consumer, kept from one read to the next (its connection and the cluster's metadata with it: a new one for
     * each takeover spent tens of milliseconds getting them).
     */
    private Consumer<String, String> reader() {
        if (reader == null) {
            reader = consumers.get();
        }
        return reader;
    }

    /** The characters of the lines the last read took. */
    long lastChars() {
        return lastChars;
    }

    /** Closes the consumer (a failed read may have left it in any state): the next read opens another. */
    void close() {
        if (reader != null) {
            try {
                reader.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debugf("closing the takeovers' reader: %s", e.getMessage());
            }
            reader = null;
        }
    }

    /** A read that passed its time or size allowance (a read ahead's: {@link KafkaJournals#readAhead}). */
    static final class OverBudget extends RuntimeException {
        OverBudget(String why) {
            super(why, null, false, false);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private PartitionLog<?> open(TopicPartition tp, long from, long claim, Map<String, SnapshotRecord> snapshots) {
        CommandCodec codec = codecs.get(kindOf.apply(tp.topic()));
        return new PartitionLog<>(settings, tp, codec, writer, from, claim, snapshots);
    }

    /**
     * Reads {@code parts} from the given offsets (their beginning when none) to their ends as they are now,
     * committed records only, handing each record before its partition's end on, in each partition's order; returns
     * the ends.
     */
    private static Map<TopicPartition, Long> readAll(Consumer<String, String> reader, List<TopicPartition> parts,
                                                     Map<TopicPartition, Long> from,
                                                     java.util.function.Consumer<ConsumerRecord<String, String>> take,
                                                     long deadline) {
        if (parts.isEmpty()) {
            return Map.of();
        }
        reader.assign(parts);
        Map<TopicPartition, Long> begin = reader.beginningOffsets(parts);
        Map<TopicPartition, Long> end = reader.endOffsets(parts);
        for (TopicPartition tp : parts) {
            reader.seek(tp, Math.max(from.getOrDefault(tp, 0L), begin.get(tp)));
        }
        while (parts.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                throw new OverBudget("the time allowed passed");
            }
            for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                // a poll may return records committed after the ends were asked (any assigned partition is
                // fetched): they belong to the next read, which starts at the end (a partition read ahead is read
                // on from there at its takeover), so handing them on now would hand them on twice
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    take.accept(r);
                }
            }
        }
        return end;
    }
}
