package io.conclave.journal.kafka;

import java.io.IOException;
import java.util.List;

import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.JournalUnavailable;
import io.conclave.model.command.Command;

/**
 * The journal of one owner on the topic partition its id hashes to: read from what the node read when it
 * took the partition over (and every entry written since), appended through the node's writer under its claim.
 * What it reads is always what Kafka holds and every reader counts, so a command that could not be written is
 * rolled back to it.
 * An owner whose partition this node does not serve has no journal here: every call says so.
 */
final class KafkaJournal<C extends Command> implements Journal<C> {
    private final PartitionLog<C> partition;
    private final PartitionLog.OwnerLog<C> owner;
    private final String id;
    private final String kind;

    KafkaJournal(PartitionLog<C> partition, String id, CommandCodec<C> codec) {
        this.partition = partition;
        this.owner = partition == null ? null : partition.owner(id);
        this.id = id;
        this.kind = codec.owner();
    }

    /** The owner's log as committed: readable while the partition is held, even when it takes no writes now. */
    private PartitionLog.OwnerLog<C> served() throws IOException {
        if (owner == null) {
            throw JournalUnavailable.notWritten("moving", 1, location() + " is not served by this node");
        }
        return owner;
    }

    @Override
    public void writable() throws IOException {
        served();
        partition.writable();
    }

    /**
     * The entries held. Not once the partition's log was let go (given up, or a read ahead dropped or read again) or the
     * owner's log replaced (the owner deleted and created again): an owner rebuilt ahead on such a log, which catches up
     * through this read, is rebuilt again. (Writes need no such look: a log let go refuses them, and an owner's log is
     * replaced only once that owner was deleted.)
     */
    @Override
    public Read<C> read() throws IOException {
        PartitionLog.OwnerLog<C> log = served();
        if (!partition.holds(id, log)) {
            throw JournalUnavailable.notWritten("moving", 1, location() + " is not this node's to read now");
        }
        return log.read();
    }

    @Override
    public Start<C> start() throws IOException {
        PartitionLog.OwnerLog<C> log = served();
        SnapshotRecord s = log.snapshot();
        return new Start<>(s == null ? null : new Snapshot(s.seq(), s.digest(), s.state()), log.read());
    }

    @Override
    public void append(JournalEntry<C> entry) throws IOException {
        PartitionLog.OwnerLog<C> log = served();
        byte[] bytes = partition.codec().toBytes(entry, log.lastHash());
        String line = new String(bytes, 0, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8);
        // added to the log only once committed: a rollback replays what Kafka holds
        long offset = partition.append(id, line);
        log.added(entry, Chain.hash(bytes, 0, bytes.length - 1), offset);
    }

    /**
     * The lines of the entries this node holds, read again from the partition: from the creation, or from the
     * snapshot's marker (with the snapshot) once the entries before it were let go.
     */
    @Override
    public Stored stored() throws IOException {
        PartitionLog.Held held = served().held();
        List<String> lines = partition.linesOf(id, held);
        SnapshotRecord s = held.snapshot();
        return new Stored(lines, s == null ? null : new Snapshot(s.seq(), s.digest(), s.state()));
    }

    /** The journal's last entry number: it changes with every append. */
    @Override
    public long size() throws IOException {
        return served().lastSeq();
    }

    @Override
    public String setAside(Damage damage) throws IOException {
        throw new IOException("a damaged journal on Kafka is set aside by its store");
    }

    @Override
    public String location() {
        return (partition == null ? kind + "s" : partition.partition().toString()) + " (" + kind + " " + id + ")";
    }

    /** Stores the snapshot beside the partition (compacted, keyed by the owner) and forgets the entries before it. */
    @Override
    public void saveSnapshot(Snapshot snapshot) throws IOException {
        PartitionLog.OwnerLog<C> log = served();
        long offset = log.offsetOf(snapshot.seq());
        if (offset < 0) {
            throw new IOException("the marker entry " + snapshot.seq() + " of " + location() + " is not in the journal");
        }
        partition.saveSnapshot(id, SnapshotRecord.of(snapshot.seq(), offset, snapshot.digest(), snapshot.state()));
    }

    @Override
    public void close() {
        // the partition's writer outlives its owners
    }
}
