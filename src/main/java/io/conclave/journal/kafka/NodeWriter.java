package io.conclave.journal.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.jboss.logging.Logger;

import io.conclave.journal.JournalUnavailable;

/**
 * This node's one writer: every journal entry, control record and snapshot of every partition the node serves
 * goes through one transactional producer ({@code <prefix>tx-<node>}), the writes waiting at one moment
 * committed together in one transaction (group commit across owners and partitions). A write returns once its
 * transaction is committed, so nothing is acknowledged before every in-sync replica has it.
 * <p>
 * <b>Fencing.</b> Each transaction also commits an offset (of the first command partition it wrote) to the nodes'
 * consumer group with this member's generation ({@code sendOffsetsToTransaction}, as Kafka's exactly-once
 * processing does): the group coordinator refuses it from a node that is no longer a member of the current
 * generation, and the transaction is then aborted. A node that lost a partition (a rebalance moved it, or the
 * group declared the node dead while it was paused) therefore can never commit to it again; the node taking the
 * partition over waits until the partition has no open transaction before reading it ({@link KafkaJournals}).
 * <p>
 * <b>What a failure means.</b> A write either returns (committed), or throws {@link JournalUnavailable}:
 * {@code NOT_WRITTEN} when its transaction was never committed (a send that failed or timed out, a refused
 * generation: the transaction is aborted or left to expire, never committed), {@code UNKNOWN} only when the
 * commit itself was sent and Kafka's answer never came; the writer then opens a new producer under the same id
 * (which completes or aborts that transaction) and reads whether the batch is in the partition, so the fate is
 * settled as soon as Kafka answers again, and stays unknown only past {@code unknownWait}.
 */
public final class NodeWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeWriter.class);
    /** The most writes one transaction takes. */
    private static final int MAX_BATCH = 500;

    /** What this node may write: the command partitions it serves, the group generation that gave them (or null). */
    public record Holding(Set<TopicPartition> partitions, ConsumerGroupMetadata group) {
    }

    /** Told of every transaction a writer committed: the node, its writes, and the time from its begin to its commit. */
    public interface CommitObserver {
        void committed(String node, int writes, long nanos);
    }

    private static volatile CommitObserver commits = (node, writes, nanos) -> { };

    /** Sets who is told of every commit of every writer of this process (metrics, a test; the last one set). */
    public static void observeCommits(CommitObserver observer) {
        commits = observer;
    }

    private final KafkaSettings settings;
    private final String transactionalId;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    /** Held for the whole of a transaction; {@link #hold} takes it, so ownership never changes under one. */
    private final ReentrantLock batchLock = new ReentrantLock();
    private final Condition regrouped = batchLock.newCondition();
    private volatile Holding holding = new Holding(Set.of(), null);
    private final KafkaHealth health;
    /** Told of partitions whose last batch's fate stayed unknown: they must be read again. */
    private final Consumer<Set<TopicPartition>> unsure;
    private final Thread thread;
    private KafkaProducer<String, String> producer;
    private volatile boolean closed;

    public NodeWriter(KafkaSettings settings, KafkaHealth health, Consumer<Set<TopicPartition>> unsure) {
        this.settings = settings;
        this.health = health;
        this.unsure = unsure;
        this.transactionalId = settings.transactionalId(settings.nodeId());
        // Own thread: one thread drives the transactional producer, committing every owner's writes together.
        this.thread = new Thread(this::run, "conclave-writer");
        this.thread.setDaemon(true);
    }

    /** Opens the producer (fencing this node's earlier incarnation, its open transaction aborted), starts writing. */
    public void start() {
        try {
            producer = open();
        } catch (RuntimeException e) {
            health.failed("the transactional writer could not start: " + e.getMessage());
        }
        thread.start();
    }

    private KafkaProducer<String, String> open() {
        KafkaProducer<String, String> p = new KafkaProducer<>(settings.producer(transactionalId));
        try {
            p.initTransactions();
            openedAt = System.nanoTime();
            return p;
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
    }

    /** What this node may write now. */
    public Holding holding() {
        return holding;
    }

    /**
     * Changes what this node may write (the group member's thread, after a rebalance): waits for the transaction
     * being committed, so no transaction ever mixes two holdings.
     */
    public void hold(Holding next) {
        batchLock.lock();
        try {
            holding = new Holding(Set.copyOf(next.partitions()), next.group());
            regrouped.signalAll();
        } finally {
            batchLock.unlock();
        }
    }

    /**
     * Writes {@code record}, which belongs to the owners of command partition {@code owner}; returns its offset
     * once its transaction is committed. Refused at once, before anything is sent, while Kafka is unreachable or
     * the partition is not this node's.
     */
    public long write(TopicPartition owner, ProducerRecord<String, String> record) throws JournalUnavailable {
        if (closed) {
            throw stopping();
        }
        refuseNow(owner);
        Write w = new Write(owner, record, new CompletableFuture<>(), System.nanoTime() + settings.writeTimeout().toNanos());
        queue.add(w);
        try {
            // the writer settles every write: committed, not written, or unknown after unknownWait
            return w.done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JournalUnavailable u) {
                throw u;
            }
            throw JournalUnavailable.unknown("kafka_outcome_unknown", "writing " + owner + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JournalUnavailable.unknown("kafka_outcome_unknown", "interrupted while writing " + owner);
        }
    }

    /** Throws when a write of {@code owner} would be refused now: Kafka unreachable, or the partition not held. */
    public void refuseNow(TopicPartition owner) throws JournalUnavailable {
        String down = health.down();
        if (down != null) {
            throw unreachable(down);
        }
        if (!holding.partitions().contains(owner)) {
            throw JournalUnavailable.notWritten("moving", 1, owner + " is not this node's to write now "
                    + "(it is moving): nothing was applied; try again shortly");
        }
    }

    /** One record waiting for its transaction. */
    private record Write(TopicPartition owner, ProducerRecord<String, String> record, CompletableFuture<Long> done,
                         long deadline) {
        void fail(JournalUnavailable e) {
            done.completeExceptionally(e);
        }
    }

    /** When the current producer was opened ({@link System#nanoTime}). */
    private long openedAt;

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
                List<Write> again = batch;
                while (!again.isEmpty()) {
                    batchLock.lock();
                    try {
                        Holding used = holding; // changes only under batchLock: what this transaction is fenced by
                        again = commit(again);
                        if (!again.isEmpty()) {
                            again = awaitGeneration(again, used);
                        }
                    } finally {
                        batchLock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                // stopped while the batch waited for a generation: never committed (settled writes ignore this)
                failAll(batch, stopping());
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "the writer of node %s failed", settings.nodeId());
            }
        }
        List<Write> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, stopping());
    }

    /**
     * While idle: when Kafka was found unreachable (or the producer had to be closed), a new producer tells whether
     * it answers again; otherwise an idle node asks Kafka every two seconds, so an outage is found before the next
     * write (readiness goes down).
     */
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
            health.reached();
        } catch (RuntimeException e) {
            health.failed(describe(e));
            sleep(500);
        }
    }

    /**
     * Commits a batch in one transaction. Returns the writes to try again (the group's generation changed under
     * the transaction, which was aborted); every other write is settled.
     */
    private List<Write> commit(List<Write> batch) {
        Holding h = holding;
        List<Write> writes = new ArrayList<>(batch.size());
        for (Write w : batch) {
            if (h.group() == null || !h.partitions().contains(w.owner())) {
                w.fail(JournalUnavailable.notWritten("moving", 1, w.owner()
                        + " is not this node's to write any more: nothing was applied; try again shortly"));
            } else {
                writes.add(w);
            }
        }
        if (writes.isEmpty()) {
            return List.of();
        }
        if (producer == null) {
            probe();
            if (producer == null) {
                failAll(writes, unreachable(health.down()));
                return List.of();
            }
        }
        long[] offsets = new long[writes.size()];
        long begun = System.nanoTime();
        try {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(writes.size());
            for (Write w : writes) {
                sent.add(producer.send(w.record()));
            }
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                RecordMetadata md;
                try {
                    md = sent.get(i).get(Math.max(1, w.deadline() - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException t) {
                    // said plainly, for the log and the 503: which record, and how long after the producer opened
                    throw new java.util.concurrent.TimeoutException("no answer to the record for " + w.owner()
                            + " within the write timeout (" + settings.writeTimeout().toMillis() + " ms; the producer"
                            + " was opened " + (System.nanoTime() - openedAt) / 1_000_000 + " ms before)");
                }
                offsets[i] = md.offset();
            }
            // the fence: refused unless this node is a member of the group's current generation. One offset does
            // it (nothing reads the group's offsets; one for every partition written was as many records more)
            Write first = writes.get(0);
            long next = first.record().topic().equals(first.owner().topic()) ? offsets[0] + 1 : 0;
            producer.sendOffsetsToTransaction(Map.of(first.owner(), new OffsetAndMetadata(next)), h.group());
        } catch (Exception e) {
            // the commit was never sent: the transaction is aborted (or expires), nothing of it becomes visible
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (noAnswer(cause)) {
                discard();
            } else {
                abandon();
            }
            if (regrouping(cause) && writes.stream().allMatch(w -> w.deadline() > System.nanoTime())) {
                return writes;
            }
            boolean unreachable = !(regrouping(cause) || cause instanceof FencedInstanceIdException);
            if (unreachable) {
                health.failed(describe(cause));
                // the writes queued behind this batch were never sent: refused now, not after another wait for Kafka
                refuseWaiting(describe(cause));
            }
            failAll(writes, JournalUnavailable.notWritten(unreachable ? "kafka_unreachable" : "moving",
                    unreachable ? 2 : 1, "Kafka did not take the entry (" + describe(cause) + "): nothing was applied"));
            return List.of();
        }
        try {
            producer.commitTransaction();
        } catch (Exception e) {
            settle(writes, offsets, e);
            return List.of();
        }
        health.reached();
        commits.committed(settings.nodeId(), writes.size(), System.nanoTime() - begun);
        for (int i = 0; i < writes.size(); i++) {
            writes.get(i).done().complete(offsets[i]);
        }
        return List.of();
    }

    /**
     * The group moved on under a transaction: its writes wait for this member's next generation and are tried again
     * under it; when the earliest of their deadlines comes first, they are refused as moving. (Tried again at once
     * instead, each attempt was refused the same way, and the last one ran into the deadline while it waited for
     * its record, which said Kafka was unreachable.)
     */
    private List<Write> awaitGeneration(List<Write> writes, Holding used) throws InterruptedException {
        long until = writes.stream().mapToLong(Write::deadline).min().orElse(0);
        for (long left = until - System.nanoTime(); holding == used && left > 0; left = until - System.nanoTime()) {
            regrouped.awaitNanos(left);
        }
        if (holding == used) {
            failAll(writes, JournalUnavailable.notWritten("moving", 1, "the nodes' group moved on and this node was "
                    + "not a member of its new generation within the write timeout: nothing was applied; try again"));
            return List.of();
        }
        return writes;
    }

    private static boolean regrouping(Throwable e) {
        return e instanceof CommitFailedException || e instanceof IllegalGenerationException
                || e instanceof RebalanceInProgressException || e instanceof UnknownMemberIdException;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Kafka did not answer in time (the write timeout passed): likely unreachable, so an abort would wait as long. */
    private static boolean noAnswer(Throwable e) {
        return e instanceof TimeoutException || e instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    /**
     * Gives a transaction up without asking Kafka: the producer is closed at once, and the transaction, never
     * committed, is aborted by the coordinator when the next producer under this id opens (or when it expires). An
     * abort would wait for Kafka as long again: the first refusals of a broker outage came twice the write timeout
     * (10 s) after its kill while it was asked for.
     */
    private void discard() {
        producer.close(Duration.ZERO);
        producer = null;
    }

    /** Gives a transaction up without committing it; a producer that cannot even abort is closed (it expires). */
    private void abandon() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private static JournalUnavailable stopping() {
        return JournalUnavailable.notWritten("node_stopping", 1, "this node is stopping: nothing was applied");
    }

    private static void failAll(List<Write> writes, JournalUnavailable e) {
        writes.forEach(w -> w.fail(e));
    }

    /**
     * The commit was sent but its answer never came: a new producer under the same id completes or aborts that
     * transaction, then the batch's first record is looked for in its partition (committed records only). Until
     * {@code unknownWait} has passed; past it, the writes are unknown and their partitions must be read again.
     */
    private void settle(List<Write> writes, long[] offsets, Exception cause) {
        LOG.warnf("the commit of %d write(s) got no answer (%s): settling it", writes.size(), describe(cause));
        health.failed(describe(cause));
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
        long until = System.nanoTime() + settings.unknownWait().toNanos();
        TopicPartition tp = new TopicPartition(writes.get(0).record().topic(), writes.get(0).record().partition());
        while (System.nanoTime() < until) {
            refuseWaiting(describe(cause));
            try {
                producer = open();
                Boolean committed = PartitionReader.committedAt(settings, tp, offsets[0], until);
                if (committed != null) {
                    health.reached();
                    for (int i = 0; i < writes.size(); i++) {
                        if (committed) {
                            writes.get(i).done().complete(offsets[i]);
                        } else {
                            writes.get(i).fail(JournalUnavailable.notWritten("kafka_unreachable", 2,
                                    "Kafka did not commit the entry (" + describe(cause) + "): nothing was applied"));
                        }
                    }
                    LOG.infof("the unanswered commit of %d write(s) was %s", writes.size(),
                            committed ? "committed" : "aborted");
                    return;
                }
            } catch (RuntimeException e) {
                if (producer != null) {
                    producer.close(Duration.ZERO);
                    producer = null;
                }
                health.failed(describe(e));
                sleep(500);
            }
        }
        refuseWaiting(describe(cause));
        Set<TopicPartition> owners = new LinkedHashSet<>();
        writes.forEach(w -> owners.add(w.owner()));
        failAll(writes, JournalUnavailable.unknown("kafka_outcome_unknown", "Kafka did not say whether the entry was "
                + "committed (" + describe(cause) + "): read the owner before sending the command again"));
        unsure.accept(owners);
    }

    /**
     * Refuses the writes waiting behind a batch Kafka did not answer (given up, or being settled): never sent, so
     * "not applied" is certain; waiting for Kafka again, each would hold its owner's lock (the first refusals of a
     * broker outage came 24 s after the broker died). Later writes are refused before they wait ({@link #refuseNow}).
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

    /** Takes no more writes, commits the ones waiting (up to their deadline and a settlement), closes the producer. */
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
    }
}
