package io.conclave.journal.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.conclave.journal.JournalUnavailable;

import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.Command;

/**
 * One topic partition this node serves: the journals of every owner whose id hashes to it, read from the
 * partition when the node took it over ({@link KafkaJournals#take}), and written through the node's one writer
 * ({@link NodeWriter}). An append returns once every in-sync replica has it and no other node's claim is before it,
 * so a command is acknowledged only when every reader counts it.
 * <p>
 * Records are the journal lines of {@link CommandCodec} (a CRC-32C each), keyed by the owner's id. Two
 * control records, marked by a header, change what a replay sees: an owner's deletion, and the damaged tail
 * of an owner's journal an operator set aside.
 * <p>
 * <b>Claims.</b> A node taking the partition over first appends a claim ({@value #CLAIM}), and stamps every record
 * it writes afterwards with its claim's offset (header {@value #STAMP}). A record counts only when its stamp is the
 * latest claim before it (records older than claims carry none: they count until the first claim), so once a node
 * claimed the partition, whatever a node that served it before still writes is passed over by every reader,
 * this one included ({@link NodeWriter} acknowledges a write only once it read the partition past it and found no
 * other claim before it). The claim in effect where a replay may start is stored with that offset ({@link #MARK}).
 */
public final class PartitionLog<C extends Command> implements AutoCloseable {
    /** The header of a control record. */
    static final String CONTROL = "conclave-control";
    static final String DELETED = "deleted";
    static final String SET_ASIDE = "set-aside";
    /** A node's claim of the partition: the records before it are what the node read; later ones count if they carry it. */
    static final String CLAIM = "claim";
    /** The header naming the claim (its offset) a record was written under. */
    static final String STAMP = "conclave-claim";

    private final KafkaSettings settings;
    private final TopicPartition partition;
    private final CommandCodec<C> codec;
    private final NodeWriter writer;
    private final Map<String, OwnerLog<C>> owners = new ConcurrentSkipListMap<>();
    private final Map<String, SnapshotRecord> snapshots;
    private volatile boolean closed;
    /** Why this partition must be read again (the fate of a write to it stayed unknown); null while it need not. */
    private volatile String unsure;
    private long endOffset;
    private long lastReadFrom;
    /** True while the partition is only read ahead ({@link #standby}): not this node's to write. */
    private volatile boolean standby;
    /** True when it was read ahead before it was taken over. */
    private volatile boolean readAhead;
    /** The claim in effect after the last record read or written (-1: none yet): a record counts only if it carries it. */
    private long claim;
    /** The claims since the offset this log was read from, and the one in effect there ({@link #claimAt}). */
    private final java.util.TreeMap<Long, Long> claims = new java.util.TreeMap<>();
    /** Records passed over: written under a claim that a later one had replaced (counted by the reading thread). */
    private volatile long passedOver;

    /**
     * A partition about to be read from offset {@code from} (the owners with a snapshot in {@code snapshots} from
     * it on, the others from their creation), where claim {@code claimFrom} is in effect (-1: none), written through
     * {@code writer}.
     */
    PartitionLog(KafkaSettings settings, TopicPartition partition, CommandCodec<C> codec, NodeWriter writer,
                 long from, long claimFrom, Map<String, SnapshotRecord> snapshots) {
        this.markWritten = from;
        this.claim = claimFrom;
        this.claims.put(from, claimFrom);
        this.settings = settings;
        this.partition = partition;
        this.codec = codec;
        this.writer = writer;
        this.snapshots = snapshots;
    }

    /** Applies one record read from the partition to the owners' journals (while it is taken over). */
    void take(ConsumerRecord<String, String> r) {
        String control = header(r, CONTROL);
        if (CLAIM.equals(control)) {
            claimed(r.offset());
            return;
        }
        String stamp = header(r, STAMP);
        if ((stamp == null ? -1 : Long.parseLong(stamp)) != claim()) {
            passedOver++; // written under a claim a later one replaced: it never counted
            return;
        }
        String id = r.key();
        if (id == null) {
            return;
        }
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

    /** A claim at {@code offset} (read, or written by this node): from there on, records count if they carry it. */
    synchronized void claimed(long offset) {
        claim = offset;
        claims.put(offset, offset);
    }

    /** The claim in effect now (-1: none). */
    public synchronized long claim() {
        return claim;
    }

    /** The claim in effect at {@code offset} (one this log has seen: from the offset it was read from on). */
    synchronized long claimAt(long offset) {
        Map.Entry<Long, Long> e = claims.floorEntry(offset);
        return e == null ? claims.firstEntry().getValue() : e.getValue();
    }

    /** How many records this log passed over (written under a claim a later one had replaced). */
    public long passedOver() {
        return passedOver;
    }

    /** Whether an owner read as damaged has a snapshot older than {@code from}, where this log was read from. */
    boolean snapshotBehind(long from) {
        return owners.values().stream().anyMatch(o -> o.damage != null && snapshots.containsKey(o.id)
                && snapshots.get(o.id).offset() < from);
    }

    /** The partition was read from {@code from} up to {@code end} (exclusive). */
    void readTo(long from, long end) {
        lastReadFrom = from;
        endOffset = end;
    }

    /** Read before this node joined the group: refuses every write until it is taken over ({@link #adopted}). */
    void standby() {
        standby = true;
    }

    /** Taken over: writable through the node's writer from now on (while the writer holds it). */
    void adopted() {
        readAhead = standby;
        standby = false;
    }

    /** Whether this partition was read ahead before its takeover, which then read only the records since. */
    public boolean readAhead() {
        return readAhead;
    }

    /** The offset the last read of this partition started from (a takeover of one read ahead: where that read ended). */
    public long lastReadFrom() {
        return lastReadFrom;
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

    /** Whether {@code log} is still owner {@code id}'s log here, and this partition's log still kept. */
    boolean holds(String id, OwnerLog<C> log) {
        return !closed && owners.get(id) == log;
    }

    CommandCodec<C> codec() {
        return codec;
    }

    /**
     * Stores an owner's snapshot in the partition of the kind's snapshot topic (same number as this one), through
     * the node's writer, so a node that lost the partition cannot store one either; then forgets the owner's
     * entries before the snapshot and, when the partition's rebuild start moved, stores it too (key {@value #MARK}).
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
            write(new ProducerRecord<>(topic, partition.partition(), MARK, start + " " + claimAt(start)));
            markWritten = start;
        }
    }

    /**
     * The key of the record that says from which offset a partition's replay may start, and which claim is in effect
     * there ({@code "<offset> <claim>"}; written before claims: {@code "<offset>"}, no claim).
     */
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

    /** Why this partition must be read again before it is served (null while it need not). */
    public String unsure() {
        return unsure;
    }

    /** The fate of a write to this partition stayed unknown: nothing is served from it until it is read again. */
    void markUnsure(String why) {
        unsure = why;
    }

    /**
     * Throws when an append would be refused now, before a command is applied: the partition moved, must be read
     * again, or Kafka is unreachable.
     */
    void writable() throws JournalUnavailable {
        if (standby) {
            throw JournalUnavailable.notWritten("moving", 1, partition + " was only read ahead by this node, which "
                    + "does not serve it: nothing was applied");
        }
        if (closed || unsure != null) {
            throw JournalUnavailable.notWritten("moving", 1, partition
                    + " is not served by this node now (" + (unsure != null ? "it is read again: " + unsure
                    : "it moved to another node") + "): nothing was applied; try again shortly");
        }
        writer.refuseNow(partition);
    }

    /** Appends a journal line of {@code id}; returns its offset once every reader counts it. */
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
        writable();
        return writer.write(partition, record);
    }

    /** Stops taking appends; the node's writer refuses those of a partition it no longer holds. */
    @Override
    public void close() {
        closed = true;
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
