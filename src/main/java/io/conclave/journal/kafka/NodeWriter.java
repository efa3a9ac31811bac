package io.conclave.journal.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.conclave.journal.JournalUnavailable;

/**
 * This node's one writer: every journal entry, control record and snapshot of every partition the node serves
 * goes through one idempotent producer, the writes waiting at one moment sent together (group commit across owners
 * and partitions). A write returns once every in-sync replica has its record <em>and</em> the writer's follower (a
 * consumer of the partitions the node holds) read the partition past it without finding another node's claim
 * before it: only then does every reader count it.
 * <p>
 * <b>Fencing.</b> A node taking a partition over appends a claim first ({@link #claim}) and stamps every record it
 * writes to the partition with its claim's offset; readers count a record only when it carries the latest claim
 * before it ({@link PartitionLog}). A node that lost a partition (a rebalance moved it, or the group declared the
 * node dead while it was paused) may still append to it, but whatever lands after the next node's claim is passed
 * over by everyone, and its writer, reading the other claim before its records, refuses those writes as moving and
 * tells the node ({@code unsure}: the partition is read again, or let go). (A transaction a command, fenced by the
 * group's generation, did the same at five times the broker's CPU for a one-record transaction: docs/cluster.md.)
 * <p>
 * <b>What a failure means.</b> A write either returns (counted by every reader), or throws {@link JournalUnavailable}:
 * {@code NOT_WRITTEN} when it can never count (refused before it was sent, passed over after another claim, or
 * settled as missing), {@code UNKNOWN} only when Kafka did not answer for {@code unknownWait}. A record whose send
 * got no answer is settled by a new claim of its partition: once the follower read up to that claim, the record
 * either is before it (it counts: the write returns) or can never count (anything landing later carries the old
 * claim).
 */
public final class NodeWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeWriter.class);
    private static final int MAX_BATCH = 500; // the most writes one batch takes

    /** Told of every batch a writer wrote: the node, its writes, and the time from its first send to its acknowledgement. */
    public interface CommitObserver {
        void committed(String node, int writes, long nanos);
    }

    private static volatile CommitObserver commits = (node, writes, nanos) -> { };

    /** Sets who is told of every batch of every writer of this process (metrics, a test; the last one set). */
    public static void observeCommits(CommitObserver observer) {
        commits = observer;
    }

    private final KafkaSettings settings;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    /** Held for the whole of a batch; {@link #hold} takes it, so ownership never changes under one. */
    private final ReentrantLock batchLock = new ReentrantLock(true); // fair: a rebalance's hold waits one batch at most
    private volatile Holding holding = new Holding(Map.of());
    private final KafkaHealth health;
    /** Told of partitions whose last batch's fate stayed unknown, or which another node claimed: read them again. */
    private final Consumer<Set<TopicPartition>> unsure;
    /** Told of the claims this writer made to settle a batch (the partition's log counts records under it from now on). */
    private final BiConsumer<TopicPartition, Long> reclaimed;
    private final Thread thread;
    private KafkaProducer<String, String> producer;
    /** Reads the held partitions behind the writes (the writer's thread only). */
    private final ClaimFollower follower;
    /** Held partitions another node claimed after this one: refused until held under a new claim. */
    private final Set<TopicPartition> lost = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public NodeWriter(KafkaSettings settings, KafkaHealth health, Consumer<Set<TopicPartition>> unsure,
                      BiConsumer<TopicPartition, Long> reclaimed) {
        this.settings = settings;
        this.health = health;
        this.unsure = unsure;
        this.reclaimed = reclaimed;
        this.follower = new ClaimFollower(settings);
        // Own thread: one thread drives the producer and its follower, sending every owner's writes together.
        this.thread = new Thread(this::run, "conclave-writer");
        this.thread.setDaemon(true);
    }

    /** Opens the producer, starts writing. */
    public void start() {
        try {
            producer = open();
        } catch (RuntimeException e) {
            health.failed("the writer could not start: " + e.getMessage());
        }
        thread.start();
    }

    private KafkaProducer<String, String> open() {
        KafkaProducer<String, String> p = new KafkaProducer<>(settings.producer(null, "writer"));
        openedAt = System.nanoTime();
        return p;
    }

    /** Changes what this node may write (after a rebalance or a takeover), between two batches. */
    public void hold(Holding next) {
        batchLock.lock();
        try {
            // a claim this writer made since the caller read its partitions' claims (a settlement's) stays
            Map<TopicPartition, Holding.Claim> merged = new HashMap<>(next.claims());
            holding.claims().forEach((tp, mine) -> merged.computeIfPresent(tp,
                    (k, offered) -> mine.offset() > offered.offset() ? mine : offered));
            holding = new Holding(Map.copyOf(merged));
            Holding h = holding;
            lost.removeIf(tp -> !h.claims().containsKey(tp) || h.claims().get(tp).offset() != follower.followed(tp));
        } finally {
            batchLock.unlock();
        }
    }

    /** Claims {@code parts} (a takeover, before it reads them): their claims' offsets, once replicated. */
    public Map<TopicPartition, Long> claim(Collection<TopicPartition> parts) throws JournalUnavailable {
        if (closed) {
            throw stopping();
        }
        String down = health.down();
        if (down != null) {
            throw unreachable(down);
        }
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        List<Write> writes = parts.stream().map(tp -> new Write(tp, ClaimFollower.claimRecord(tp, settings.nodeId()),
                true, new CompletableFuture<>(), deadline)).toList();
        queue.addAll(writes);
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (Write w : writes) {
            offsets.put(w.owner(), await(w));
        }
        return offsets;
    }

    /**
     * Writes {@code record}, which belongs to the owners of command partition {@code owner}; returns its offset
     * once every reader counts it. Refused at once, before anything is sent, while Kafka is unreachable or the
     * partition is not this node's.
     */
    public long write(TopicPartition owner, ProducerRecord<String, String> record) throws JournalUnavailable {
        if (closed) {
            throw stopping();
        }
        refuseNow(owner);
        Write w = new Write(owner, record, false, new CompletableFuture<>(),
                System.nanoTime() + settings.writeTimeout().toNanos());
        queue.add(w);
        return await(w);
    }

    private long await(Write w) throws JournalUnavailable {
        try {
            // the writer settles every write: counted, not written, or unknown after unknownWait
            return w.done().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JournalUnavailable u) {
                throw u;
            }
            throw JournalUnavailable.unknown("kafka_outcome_unknown", "writing " + w.owner() + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JournalUnavailable.unknown("kafka_outcome_unknown", "interrupted while writing " + w.owner());
        }
    }

    /** Throws when a write of {@code owner} would be refused now: Kafka unreachable, or the partition not held. */
    public void refuseNow(TopicPartition owner) throws JournalUnavailable {
        String down = health.down();
        if (down != null) {
            throw unreachable(down);
        }
        if (!holding.partitions().contains(owner) || lost.contains(owner)) {
            throw moving(owner + " is not this node's to write now (it is moving)");
        }
    }

    /** One record waiting for its batch: a claim, or a record of (or beside) command partition {@code owner}. */
    private record Write(TopicPartition owner, ProducerRecord<String, String> record, boolean claim,
                         CompletableFuture<Long> done, long deadline) {
        void fail(JournalUnavailable e) {
            done.completeExceptionally(e);
        }

        /** Whether the record goes to the command partition itself (not to the snapshots beside it). */
        boolean inPartition() {
            return record.topic().equals(owner.topic()) && record.partition() == owner.partition();
        }
    }

    private long openedAt; // when the current producer was opened ({@link System#nanoTime})

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Write first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!closed) {
                        probe();
                    }
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batchLock.lock();
                try {
                    write(batch);
                } finally {
                    batchLock.unlock();
                }
            } catch (InterruptedException e) {
                // stopped with the batch sent (settled writes ignore this): what became of it is not known here
                failAll(batch, JournalUnavailable.unknown("kafka_outcome_unknown", "the node stopped while writing"));
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "the writer of node %s failed", settings.nodeId());
                failAll(batch, JournalUnavailable.unknown("kafka_outcome_unknown", "the writer failed: " + e));
            }
        }
        List<Write> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, stopping());
    }

    /** While idle: asks Kafka every two seconds (an outage is found before a write), or whether it answers again. */
    private void probe() {
        if (health.down() == null && producer != null) {
            health.probe(Duration.ofSeconds(2));
            return;
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
        try {
            producer = open();
            producer.partitionsFor(settings.topic("project")); // answers only when a broker does
            health.reached();
        } catch (RuntimeException e) {
            health.failed(describe(e));
            sleep(500);
        }
    }

    /** Writes a batch and settles every write of it: counted, refused, or settled by a new claim. */
    private void write(List<Write> batch) throws InterruptedException {
        Holding h = holding;
        List<Write> writes = new ArrayList<>(batch.size());
        for (Write w : batch) {
            if (!w.claim() && (!h.partitions().contains(w.owner()) || lost.contains(w.owner()))) {
                w.fail(moving(w.owner() + " is not this node's to write any more"));
            } else {
                writes.add(w);
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        if (producer == null) {
            probe();
            if (producer == null) {
                failAll(writes, unreachable(health.down()));
                return;
            }
        }
        long[] offsets = new long[writes.size()];
        long begun = System.nanoTime();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>(writes.size());
            for (Write w : writes) {
                sent.add(producer.send(w.claim() ? w.record()
                        : ClaimFollower.stamped(w.record(), h.claims().get(w.owner()))));
            }
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                try {
                    offsets[i] = sent.get(i).get(Math.max(1, w.deadline() - System.nanoTime()), TimeUnit.NANOSECONDS)
                            .offset();
                } catch (TimeoutException t) {
                    // said plainly, for the log and the 503: which record, and how long after the producer opened
                    throw new TimeoutException("no answer to the record for " + w.owner() + " within the write "
                            + "timeout (" + settings.writeTimeout().toMillis() + " ms; the producer was opened "
                            + (System.nanoTime() - openedAt) / 1_000_000 + " ms before)");
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            settle(writes, h, cause);
            return;
        } catch (RuntimeException e) {
            settle(writes, h, e);
            return;
        }
        Map<TopicPartition, Long> last = new HashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            if (!w.claim() && w.inPartition()) {
                last.merge(w.owner(), offsets[i], Math::max);
            }
        }
        Map<TopicPartition, Long> other;
        try {
            other = follower.readPast(h, last, Map.of(), writes.stream().mapToLong(Write::deadline).min().orElse(0), r -> { });
        } catch (RuntimeException | TimeoutException e) {
            settle(writes, h, e);
            return;
        }
        health.reached();
        commits.committed(settings.nodeId(), writes.size(), System.nanoTime() - begun);
        lose(other.keySet()); // before any write is answered: a client told "moving" finds the partition let go
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            Long claimedAt = other.get(w.owner());
            if (!w.claim() && claimedAt != null && (claimedAt < offsets[i] || !w.inPartition())) {
                w.fail(moving("another node claimed " + w.owner() + " before this write"));
            } else {
                w.done().complete(offsets[i]);
            }
        }
    }

    /** Partitions another node claimed: refused from now on, and read again (or let go) by the node. */
    private void lose(Set<TopicPartition> parts) {
        Set<TopicPartition> fresh = new java.util.HashSet<>(parts);
        fresh.removeAll(lost);
        if (!fresh.isEmpty()) {
            LOG.warnf("%s, held by this node: claimed by another node, or its last write unsettled; refused until read "
                    + "again", fresh);
            lost.addAll(fresh);
            unsure.accept(Set.copyOf(fresh));
        }
    }

    /**
     * A batch Kafka did not answer in time (or whose records were not read back): each of its records may or may not
     * be in its partition. Settled by a new claim of each partition written: once the follower read up to it, a
     * record of the batch before it counts (its write returns), and one that is not can never count (landing later,
     * it carries the old claim). Until {@code unknownWait} has passed; past it, the writes are unknown and their
     * partitions must be read again. Claims and snapshots of the batch are refused (a takeover claims again; a
     * snapshot is only a shortcut).
     */
    private void settle(List<Write> writes, Holding h, Throwable cause) throws InterruptedException {
        LOG.warnf("a batch of %d write(s) got no answer (%s): settling it", writes.size(), describe(cause));
        health.failed(describe(cause));
        discard();
        refuseWaiting(describe(cause));
        List<Write> open = new ArrayList<>();
        for (Write w : writes) {
            if (!w.claim() && w.inPartition()) {
                open.add(w);
            } else {
                w.fail(JournalUnavailable.unknown("kafka_outcome_unknown", "Kafka did not answer (" + describe(cause)
                        + ")"));
            }
        }
        if (open.isEmpty()) {
            return;
        }
        List<ProducerRecord<String, String>> records = open.stream()
                .map(w -> ClaimFollower.stamped(w.record(), h.claims().get(w.owner()))).toList();
        long until = System.nanoTime() + settings.unknownWait().toNanos();
        while (System.nanoTime() < until) {
            refuseWaiting(describe(cause));
            if (Thread.interrupted()) { // stopping: Kafka's clients report it as one of their own exceptions
                throw new InterruptedException();
            }
            try {
                producer = open();
                settled(open, follower.reclaim(producer, h, records, until), cause);
                health.reached();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                discard();
                health.failed(describe(e));
                sleep(500);
            }
        }
        refuseWaiting(describe(cause));
        failAll(open, JournalUnavailable.unknown("kafka_outcome_unknown", "Kafka did not say whether the entry was "
                + "written (" + describe(cause) + "): read the owner before sending the command again"));
        Set<TopicPartition> unsettled = new java.util.HashSet<>();
        open.forEach(w -> unsettled.add(w.owner()));
        lose(unsettled);
    }

    /**
     * A batch settled by new claims: the writes found before them count; the others can never count. A partition
     * another node claimed meanwhile is lost: its writes after that claim do not count.
     */
    private void settled(List<Write> open, ClaimFollower.Settlement s, Throwable cause) {
        lose(s.other().keySet());
        Map<TopicPartition, Holding.Claim> now = new HashMap<>(holding.claims());
        s.claims().forEach((tp, c) -> {
            if (!s.other().containsKey(tp) && now.containsKey(tp)) {
                now.put(tp, new Holding.Claim(c, c + 1));
                reclaimed.accept(tp, c);
            }
        });
        holding = new Holding(Map.copyOf(now));
        int counted = 0;
        for (int i = 0; i < open.size(); i++) {
            Write w = open.get(i);
            Long at = s.found().get(i);
            if (at != null && at < Math.min(s.claims().get(w.owner()), s.other().getOrDefault(w.owner(), Long.MAX_VALUE))) {
                w.done().complete(at);
                counted++;
            } else {
                w.fail(JournalUnavailable.notWritten("kafka_unreachable", 2, "Kafka did not take the entry ("
                        + describe(cause) + "): nothing was applied"));
            }
        }
        LOG.infof("settled a batch by claiming %s again: %d of its %d write(s) had been written", s.claims().keySet(),
                counted, open.size());
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Gives the producer up at once (its records in flight are settled by a new claim, not waited for). */
    private void discard() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private static JournalUnavailable stopping() {
        return JournalUnavailable.notWritten("node_stopping", 1, "this node is stopping: nothing was applied");
    }

    private static JournalUnavailable moving(String why) {
        return JournalUnavailable.notWritten("moving", 1, why + ": nothing was applied; try again shortly");
    }

    private static void failAll(List<Write> writes, JournalUnavailable e) {
        writes.forEach(w -> w.fail(e));
    }

    /**
     * Refuses the writes waiting behind a batch Kafka did not answer: never sent, so "not applied" is certain (waiting,
     * each would hold its owner's lock). Later writes are refused before they wait ({@link #refuseNow}).
     */
    private void refuseWaiting(String why) {
        List<Write> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        failAll(waiting, unreachable(why));
    }

    /** The refusal of a write never sent because Kafka cannot be written now ({@code why}). */
    private static JournalUnavailable unreachable(String why) {
        return JournalUnavailable.notWritten("kafka_unreachable", 2, "Kafka cannot be written now (" + why
                + "): nothing was applied; try again shortly");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes no more writes, writes the ones waiting (up to their deadline and a settlement), closes the producer. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(settings.writeTimeout().plus(settings.unknownWait()).toMillis() + 2000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (!thread.isAlive()) {
            follower.close();
        }
    }
}
