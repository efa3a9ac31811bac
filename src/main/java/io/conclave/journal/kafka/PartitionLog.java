package io.conclave.journal.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.Command;

/**
 * One topic partition this node serves: the journals of every owner whose id hashes to it, read from the
 * partition when the node took it over, and its one writer. The writer is a transactional producer whose
 * id is the partition's ({@code conclave-tx-<topic>-<partition>}): opening it fences any earlier writer of the
 * partition (a node that lost it, even one that is only paused), whose open transaction is aborted, so what
 * is read afterwards is everything that was ever acknowledged, and nothing a fenced node writes later
 * becomes visible. Appends of all owners of the partition are committed together, a batch per transaction
 * (group commit); an append returns once its transaction is committed, so a command is acknowledged only
 * when every in-sync replica has it.
 * <p>
 * Records are the journal lines of {@link CommandCodec} (a CRC-32C each), keyed by the owner's id. Two
 * control records, marked by a header, change what a replay sees: an owner's deletion, and the damaged tail
 * of an owner's journal an operator set aside.
 */
public final class PartitionLog<C extends Command> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PartitionLog.class);
    /** The header of a control record. */
    static final String CONTROL = "conclave-control";
    static final String DELETED = "deleted";
    static final String SET_ASIDE = "set-aside";

    private final KafkaSettings settings;
    private final TopicPartition partition;
    private final CommandCodec<C> codec;
    private final KafkaProducer<String, String> producer;
    private final Map<String, OwnerLog<C>> owners = new ConcurrentSkipListMap<>();
    private final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Consumer<PartitionLog<C>> onBroken;
    private volatile boolean closed;
    /** Why appends are refused: the writer was fenced or a commit's outcome is unknown; the partition must be read again. */
    private volatile String broken;
    private long endOffset;

    private PartitionLog(KafkaSettings settings, TopicPartition partition, CommandCodec<C> codec,
                         Consumer<PartitionLog<C>> onBroken, long mark) {
        this.markWritten = mark;
        this.settings = settings;
        this.partition = partition;
        this.codec = codec;
        this.onBroken = onBroken;
        this.producer = new KafkaProducer<>(settings.producer(settings.topicPrefix() + "tx-" + partition.topic()
                + "-" + partition.partition()));
        this.writer = new Thread(this::writeLoop, "conclave-writer-" + partition);
        this.writer.setDaemon(true);
    }

    /**
     * Takes over a partition: fences its earlier writer, then reads it from {@code from} to its end (each owner
     * from its snapshot, when {@code snapshots} has one, else from its creation). {@code onBroken} is told when
     * the partition must be given up and read again (its writer fenced, a commit's outcome unknown).
     */
    public static <C extends Command> PartitionLog<C> open(KafkaSettings settings, TopicPartition partition,
                                                           CommandCodec<C> codec, long from,
                                                           Map<String, SnapshotRecord> snapshots,
                                                           Consumer<PartitionLog<C>> onBroken) {
        PartitionLog<C> log = new PartitionLog<>(settings, partition, codec, onBroken, from);
        try {
            log.producer.initTransactions();
            log.read(from, snapshots);
        } catch (RuntimeException e) {
            log.producer.close(Duration.ZERO);
            throw e;
        }
        log.writer.start();
        return log;
    }

    private void read(long from, Map<String, SnapshotRecord> snapshots) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(settings.reader("recover-" + partition))) {
            reader.assign(List.of(partition));
            long start = Math.max(from, reader.beginningOffsets(List.of(partition)).get(partition));
            reader.seek(partition, start);
            long end = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < end) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(500)).records(partition)) {
                    take(r, snapshots);
                }
            }
            endOffset = end;
        }
    }

    /** Applies one record read from the partition to the owners' journals. */
    private void take(ConsumerRecord<String, String> r, Map<String, SnapshotRecord> snapshots) {
        String id = r.key();
        if (id == null) {
            return;
        }
        String control = header(r, CONTROL);
        if (DELETED.equals(control)) {
            owners.remove(id);
            return;
        }
        OwnerLog<C> log = owners.get(id);
        if (SET_ASIDE.equals(control)) {
            if (log != null) {
                log.setAside(Long.parseLong(r.value()));
            }
            return;
        }
        if (log == null) {
            SnapshotRecord snapshot = snapshots.get(id);
            log = new OwnerLog<>(id, codec, this, snapshot != null && snapshot.offset() >= r.offset() ? snapshot : null);
            owners.put(id, log);
        }
        log.take(r.value(), r.offset());
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The partition. */
    public TopicPartition partition() {
        return partition;
    }

    /** The ids of the owners whose journals are in this partition (not deleted), sorted. */
    public List<String> owners() {
        return List.copyOf(owners.keySet());
    }

    /** The journal of {@code id} in this partition; a new, empty one for an owner being created. */
    OwnerLog<C> owner(String id) {
        return owners.computeIfAbsent(id, k -> new OwnerLog<>(k, codec, this, null));
    }

    CommandCodec<C> codec() {
        return codec;
    }

    /**
     * Stores an owner's snapshot in the partition of the kind's snapshot topic (same number as this one), through
     * this partition's writer, so a fenced node cannot store one either; then forgets the owner's entries before
     * the snapshot and, when the partition's rebuild start moved, stores it too (key {@value #MARK}).
     */
    void saveSnapshot(String id, SnapshotRecord snapshot) throws IOException {
        String topic = settings.snapshotTopic(codec.owner());
        write(new ProducerRecord<>(topic, partition.partition(), id, snapshot.toJson()));
        OwnerLog<C> log = owners.get(id);
        if (log != null) {
            log.trim(snapshot);
        }
        long start = rebuildStart();
        if (start != Long.MAX_VALUE && start > markWritten) {
            write(new ProducerRecord<>(topic, partition.partition(), MARK, Long.toString(start)));
            markWritten = start;
        }
    }

    /** The key of the record that says from which offset a partition's replay may start. */
    public static final String MARK = "~rebuild-start";
    private volatile long markWritten;

    /** The offset after the last record read when the partition was taken over. */
    public long endOffset() {
        return endOffset;
    }

    /**
     * The smallest offset a replay of this partition must start from so that every owner can be rebuilt: its
     * snapshot's marker, or its first entry when it has no snapshot. {@link Long#MAX_VALUE} without owners.
     */
    public long rebuildStart() {
        return owners.values().stream().mapToLong(OwnerLog::startOffset).min().orElse(Long.MAX_VALUE);
    }

    /** Why this partition takes no appends (null while it does). */
    public String broken() {
        return broken;
    }

    /** Appends a journal line of {@code id}; returns its offset once its transaction is committed. */
    long append(String id, String line) throws IOException {
        return write(new ProducerRecord<>(partition.topic(), partition.partition(), id, line));
    }

    /** Appends a control record ({@link #DELETED}, {@link #SET_ASIDE}) of {@code id}. */
    long control(String id, String control, String value) throws IOException {
        ProducerRecord<String, String> r = new ProducerRecord<>(partition.topic(), partition.partition(), id, value);
        r.headers().add(new RecordHeader(CONTROL, control.getBytes(StandardCharsets.UTF_8)));
        long offset = write(r);
        if (DELETED.equals(control)) {
            owners.remove(id);
        }
        return offset;
    }

    private long write(ProducerRecord<String, String> record) throws IOException {
        if (closed || broken != null) {
            throw new IOException(partition + " takes no writes on this node: "
                    + (broken != null ? broken : "it moved to another node"));
        }
        Write w = new Write(record, new CompletableFuture<>());
        writes.add(w);
        try {
            return w.done.get(settings.sessionTimeout().toMillis() + 40_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer from Kafka for " + partition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + partition);
        }
    }

    /** One record waiting for its transaction. */
    private record Write(ProducerRecord<String, String> record, CompletableFuture<Long> done) {
    }

    /** Commits what is waiting, a transaction per batch, until closed. */
    private void writeLoop() {
        List<Write> batch = new ArrayList<>();
        while (!closed) {
            try {
                Write first = writes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                writes.drainTo(batch, 499);
                commit(batch);
            } catch (InterruptedException e) {
                break;
            }
        }
        List<Write> left = new ArrayList<>();
        writes.drainTo(left);
        left.forEach(w -> w.done.completeExceptionally(new IOException(partition + " was given up by this node")));
    }

    private void commit(List<Write> batch) {
        if (broken != null) {
            batch.forEach(w -> w.done.completeExceptionally(new IOException(broken)));
            return;
        }
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        try {
            producer.beginTransaction();
            for (Write w : batch) {
                sent.add(producer.send(w.record));
            }
            producer.commitTransaction();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done.complete(sent.get(i).get().offset());
            }
        } catch (KafkaException | ExecutionException | InterruptedException e) {
            // the outcome of the transaction may be unknown (or the writer was fenced): the node gives the
            // partition up and reads it again, so what it holds is what Kafka holds
            String why = "writing " + partition + " failed: " + e;
            try {
                producer.abortTransaction();
            } catch (RuntimeException ignored) {
                // fenced or unknown: reading the partition again settles it
            }
            broken = why;
            LOG.errorf("%s; the partition is read again", why);
            batch.forEach(w -> w.done.completeExceptionally(new IOException(why)));
            onBroken.accept(this);
        }
    }

    /** Stops writing (appends waiting are refused) and closes the writer, which a later owner fences anyway. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }

    /** What an owner's journal holds: its entries' offsets and line hashes, and the snapshot they start from (or null). */
    record Held(List<Long> offsets, List<String> hashes, SnapshotRecord snapshot) {
    }

    /**
     * The lines of an owner's entries, read again from the partition at the offsets its journal holds (an evidence
     * export: the node keeps the entries, not their lines); each must hash to what the node read there.
     */
    List<String> linesOf(String id, Held held) throws IOException {
        List<String> lines = new ArrayList<>(held.offsets().size());
        if (held.offsets().isEmpty()) {
            return lines;
        }
        java.util.Set<Long> wanted = new java.util.HashSet<>(held.offsets());
        long last = held.offsets().get(held.offsets().size() - 1);
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(settings.reader("evidence-" + partition))) {
            reader.assign(List.of(partition));
            reader.seek(partition, held.offsets().get(0));
            long deadline = System.nanoTime() + settings.sessionTimeout().toNanos() + 30_000_000_000L;
            while (reader.position(partition) <= last && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(500)).records(partition)) {
                    if (r.offset() <= last && wanted.contains(r.offset()) && id.equals(r.key())) {
                        lines.add(r.value());
                    }
                }
            }
        } catch (KafkaException e) {
            throw new IOException("the journal of " + id + " could not be read again from " + partition + ": " + e, e);
        }
        if (lines.size() != held.offsets().size()) {
            throw new IOException(partition + " gave " + lines.size() + " of the " + held.offsets().size()
                    + " entries of " + id + " it holds");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (!Chain.hash(lines.get(i)).equals(held.hashes().get(i))) {
                throw new IOException("the record at " + location(held.offsets().get(i)) + " is not the line this node"
                        + " read there");
            }
        }
        return lines;
    }

    /** Where an entry is, for messages to operators. */
    String location(long offset) {
        return partition + "@" + offset;
    }

    /**
     * The journal of one owner as read from the partition: its entries from its creation (or from its snapshot's
     * marker) on, up to the first damaged one.
     */
    static final class OwnerLog<C extends Command> {
        final String id;
        private final CommandCodec<C> codec;
        private final PartitionLog<C> partition;
        /** The snapshot the owner is rebuilt from, when its journal is read from the snapshot's marker on. */
        private SnapshotRecord snapshot;
        /** Records of the owner after its damaged entry (the damaged one included): what a repair sets aside. */
        int afterDamage;
        final List<JournalEntry<C>> entries = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();
        /** The hash of each entry's line ({@link Chain}): the next entry records the last one's. */
        private final List<String> hashes = new ArrayList<>();
        Journal.Damage damage;

        OwnerLog(String id, CommandCodec<C> codec, PartitionLog<C> partition, SnapshotRecord snapshot) {
            this.id = id;
            this.codec = codec;
            this.partition = partition;
            this.snapshot = snapshot;
        }

        synchronized void take(String line, long offset) {
            if (damage != null) {
                afterDamage++;
                return;
            }
            long expected = entries.isEmpty() ? (snapshot != null ? snapshot.seq() : 1)
                    : entries.get(entries.size() - 1).seq() + 1;
            JournalEntry<C> entry;
            try {
                entry = codec.fromLine(line);
            } catch (IOException e) {
                damage = new Journal.Damage(partition.location(offset) + " (" + codec.owner() + " " + id + ")",
                        expected, e.getMessage());
                return;
            }
            if (snapshot != null && entries.isEmpty() && entry.seq() < expected) {
                return; // folded into the snapshot
            }
            if (snapshot != null && entries.isEmpty() && entry.seq() == expected
                    && !(entry.command() instanceof io.conclave.model.command.TakeSnapshot t
                    && snapshot.digest().equals(t.digest()))) {
                damage = new Journal.Damage(partition.location(offset) + " (" + codec.owner() + " " + id + ")",
                        expected, "its snapshot does not match the journal's entry " + expected);
                afterDamage++;
                return;
            }
            if (entry.seq() != expected) {
                damage = new Journal.Damage(partition.location(offset) + " (" + codec.owner() + " " + id + ")",
                        expected, "it is entry " + entry.seq() + " where entry " + expected
                        + " belongs (an entry is missing or out of place)");
                afterDamage++;
                return;
            }
            entries.add(entry);
            offsets.add(offset);
            hashes.add(Chain.hash(line));
        }

        /** An entry this node appended: its line's hash and offset. */
        synchronized void added(JournalEntry<C> entry, String hash, long offset) {
            entries.add(entry);
            offsets.add(offset);
            hashes.add(hash);
        }

        /** The hash of the last entry's line: what the next entry records before it ({@link Chain#GENESIS} for none). */
        synchronized String lastHash() {
            return hashes.isEmpty() ? Chain.GENESIS : hashes.get(hashes.size() - 1);
        }

        /** The offsets and line hashes of the entries held, and whether the first is the snapshot's marker. */
        synchronized Held held() {
            boolean fromSnapshot = snapshot != null && !entries.isEmpty() && entries.get(0).seq() == snapshot.seq();
            return new Held(List.copyOf(offsets), List.copyOf(hashes), fromSnapshot ? snapshot : null);
        }

        synchronized SnapshotRecord snapshot() {
            return snapshot;
        }

        /** The last entry's number (0 when there is none). */
        synchronized long lastSeq() {
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        }

        /** The partition offset of entry {@code seq}, or -1 when it is not held. */
        synchronized long offsetOf(long seq) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i).seq() == seq) {
                    return offsets.get(i);
                }
            }
            return -1;
        }

        /** Forgets the entries before the snapshot's marker: a replay starts from the snapshot now. */
        synchronized void trim(SnapshotRecord s) {
            int keep = 0;
            while (keep < entries.size() && entries.get(keep).seq() < s.seq()) {
                keep++;
            }
            entries.subList(0, keep).clear();
            offsets.subList(0, keep).clear();
            hashes.subList(0, keep).clear();
            snapshot = s;
        }

        /** Keeps the entries before {@code fromEntry}; the damaged ones from there on were set aside. */
        synchronized void setAside(long fromEntry) {
            while (!entries.isEmpty() && entries.get(entries.size() - 1).seq() >= fromEntry) {
                entries.remove(entries.size() - 1);
                offsets.remove(offsets.size() - 1);
                hashes.remove(hashes.size() - 1);
            }
            damage = null;
            afterDamage = 0;
        }

        synchronized long startOffset() {
            return offsets.isEmpty() ? Long.MAX_VALUE : offsets.get(0);
        }

        synchronized Journal.Read<C> read() {
            return new Journal.Read<>(List.copyOf(entries), damage);
        }

        PartitionLog<C> partition() {
            return partition;
        }
    }
}
