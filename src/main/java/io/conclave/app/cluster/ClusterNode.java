package io.conclave.app.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.NodeWriter;
import io.conclave.journal.kafka.PartitionLog;

/**
 * This node as a member of the cluster: it joins the nodes' consumer group on the command topics (the
 * cooperative sticky assignor: a rebalance moves only the partitions that change hands, the others are served
 * throughout), and serves the owners of the partitions the group gives it. Taking partitions over claims them,
 * reads them (from the snapshots on, or, when they were read ahead, the records since) and rebuilds their owners'
 * sessions; giving one up waits for the batch being written and closes its owners. What a node that lost a partition
 * still writes there after the next node's claim counts for nobody ({@link NodeWriter}). Which node serves which
 * partition is announced on the nodes topic ({@link NodeDirectory}), so a request reaching another node is forwarded
 * here. The group's own timing decides
 * failover: a node silent for the session timeout loses its partitions to the others; a node that stops gives notice
 * first (the others read its partitions ahead, at most {@link #HAND_OVER_WAIT}), then leaves the group at once.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterNode.class);

    /** Where a partition stands on this node. */
    public enum State { RECOVERING, SERVING }

    private final KafkaJournals journals;
    private final Map<String, OwnerRegistry<?>> registries;
    private final NodeDirectory directory;
    private final PolicySync policies;
    private final Map<TopicPartition, State> partitions = new ConcurrentHashMap<>();
    /** Partitions to read again (a write's fate stayed unknown, or a takeover failed): the member's thread does it. */
    private final ConcurrentLinkedQueue<TopicPartition> toReload = new ConcurrentLinkedQueue<>();
    /** The partitions the writer may write (the member's thread only). */
    private final Set<TopicPartition> held = new HashSet<>();
    private final Thread member;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;
    /** True once the group gave this node its first assignment (possibly empty). */
    private volatile boolean joined;
    /** Nodes that announced they are about to leave: their partitions are read ahead by the member's thread. */
    private final ConcurrentLinkedQueue<NodeDirectory.Announcement> toReadAhead = new ConcurrentLinkedQueue<>();
    /** Set once this node has prepared its hand-over: it is done once. */
    private final java.util.concurrent.atomic.AtomicBoolean handingOver = new java.util.concurrent.atomic.AtomicBoolean();
    /** How long a node that leaves waits for the others to read its partitions ahead, at most. */
    private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(3);
    /** Run on the member's thread before it joins the group (the rules' warm-up); says what it did. */
    private volatile java.util.function.Supplier<String> beforeJoining = () -> null;
    /** True while {@link #beforeJoining} runs. */
    private volatile boolean warming;
    /** Observed takeovers, for the figures: partition, owners rebuilt and milliseconds, newest last. */
    private final List<String> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Told of the owners of every partition this node takes over, once they are served (kind, ids). */
    private final List<java.util.function.BiConsumer<String, List<String>>> servingListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The owners rebuilt ahead of takeovers, in {@link #rebuilds}. */
    private final OwnersAhead ahead;
    /** Rebuilds owners side by side, each on its own: mostly CPU (replays), one thread a core. */
    private final ExecutorService rebuilds = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "conclave-takeover");
                t.setDaemon(true);
                return t;
            });

    public ClusterNode(KafkaJournals journals, Map<String, OwnerRegistry<?>> registries, NodeDirectory directory,
                       PolicySync policies) {
        this.journals = journals;
        this.registries = registries;
        this.ahead = new OwnersAhead(journals, registries, rebuilds);
        this.directory = directory;
        this.policies = policies;
        // Own thread: the member's consumer must be polled steadily by one thread, or the group drops the node.
        this.member = new Thread(this::run, "conclave-cluster-member");
        this.member.setDaemon(true);
        // a notice older than the wait is no longer waited on (the node left, or died; the compacted topic keeps it)
        directory.onLeaving(toReadAhead::add, HAND_OVER_WAIT);
    }

    /**
     * Runs {@code warmUp} on the member's thread before it joins the group (set before {@link #start}): the group
     * gives this node partitions only once it is done.
     */
    public void beforeJoining(java.util.function.Supplier<String> warmUp) {
        this.beforeJoining = warmUp;
    }

    /** Joins the group (after the warm-up); partitions arrive in the background. */
    public void start() {
        member.start();
    }

    /** Partitions whose last write's fate stayed unknown: read again by the member's thread. */
    void reload(Collection<TopicPartition> parts) {
        toReload.addAll(parts);
    }

    private void run() {
        warming = true;
        try {
            String did = beforeJoining.get();
            if (did != null) {
                LOG.infof("node %s, before joining the group: %s", journals.settings().nodeId(), did);
            }
        } finally {
            warming = false;
        }
        if (closed) {
            return;
        }
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(journals.settings().member())) {
            consumer = c;
            c.subscribe(journals.commandTopics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                    release(parts);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> parts) {
                    release(parts);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                    // the group member only holds the partitions: nothing is consumed through it
                    c.pause(parts);
                    joined = true;
                    journals.standbyWanted(); // what was read ahead is wanted now: kept a while from here
                    if (!parts.isEmpty()) {
                        takeOver(parts);
                    }
                }
            });
            while (!closed) {
                c.poll(Duration.ofMillis(200));
                if (journals.standbyAge() > 2 * journals.settings().sessionTimeout().toNanos()) {
                    forgetReadAhead(); // the group has settled without giving this node those partitions
                }
                for (NodeDirectory.Announcement leaving; (leaving = toReadAhead.poll()) != null; ) {
                    if (!closed && !handingOver.get()) {
                        ahead.readAheadFor(leaving, HAND_OVER_WAIT, directory);
                    }
                }
                Set<TopicPartition> again = new HashSet<>();
                for (TopicPartition tp; (tp = toReload.poll()) != null; ) {
                    if (c.assignment().contains(tp)) {
                        again.add(tp);
                    }
                }
                if (!again.isEmpty()) {
                    LOG.infof("reading %s again", again);
                    release(again);
                    takeOver(again);
                }
            }
            // closing the consumer revokes every partition (given up here), then leaves the group at once
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the cluster member stopped");
        }
    }

    /**
     * Takes partitions over: claims and reads them, lets the writer write them, then
     * rebuilds their owners (side by side) and announces them. A takeover that fails is tried again shortly.
     */
    private void takeOver(Collection<TopicPartition> parts) {
        long start = System.nanoTime();
        parts.forEach(tp -> partitions.put(tp, State.RECOVERING));
        policies.catchUp(); // every policy version a journal entry names is known before it is replayed
        long caughtUp = System.nanoTime();
        Map<TopicPartition, PartitionLog<?>> logs;
        try {
            logs = journals.take(parts, tp -> {
                NodeDirectory.Owner before = directory.owner(tp);
                return before == null ? null : before.node();
            });
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "could not take %s over; trying again shortly", parts);
            parts.forEach(partitions::remove);
            toReload.addAll(parts);
            sleep(1000);
            return;
        }
        int unused = journals.dropStandby(); // the owners rebuilt ahead on them are let go once these are served
        if (unused > 0) {
            LOG.infof("forgot %d partition(s) read ahead: other nodes serve them", unused);
        }
        held.addAll(logs.keySet());
        // writable before the owners are rebuilt: one may journal its move to the active policy as it is rebuilt
        journals.hold(held);
        long read = System.nanoTime();
        // every owner rebuilt on its own, side by side (a partition of many owners does not keep one thread busy while
        // the other is done); the partitions served in turn, each once its owners are (they are queued in that order)
        List<Map.Entry<PartitionLog<?>, List<Future<?>>>> work = new ArrayList<>();
        Map<TopicPartition, Integer> rebuiltAhead = new HashMap<>();
        for (PartitionLog<?> log : logs.values()) {
            OwnerRegistry<?> registry = registries.get(journals.kindOf(log.partition().topic()));
            List<Future<?>> owners = new ArrayList<>();
            for (String id : log.owners()) {
                if (registry.preparedAhead(id)) {
                    rebuiltAhead.merge(log.partition(), 1, Integer::sum);
                }
                owners.add(rebuilds.submit(() -> registry.adopt(id)));
            }
            work.add(Map.entry(log, owners));
        }
        // each partition served once its owners are ready; those ready by then are served with it, in one announcement
        List<Map.Entry<PartitionLog<?>, List<Future<?>>>> left = new ArrayList<>(work);
        while (!left.isEmpty()) {
            List<PartitionLog<?>> ready = new ArrayList<>();
            boolean first = true;
            for (var it = left.iterator(); it.hasNext(); first = false) {
                Map.Entry<PartitionLog<?>, List<Future<?>>> w = it.next();
                if (first || w.getValue().stream().allMatch(Future::isDone)) {
                    it.remove(); // the first waited for, the others taken when done
                    if (OwnersAhead.await(w.getValue(), w.getKey().partition()) == 0) {
                        ready.add(w.getKey());
                    }
                }
            }
            serve(ready, read, rebuiltAhead);
        }
        ahead.drop();
        announce();
        LOG.infof("took %d partition(s) over in %d ms (%d ms to read them, %d of them to catch up with the policies)",
                parts.size(), (System.nanoTime() - start) / 1_000_000, (read - start) / 1_000_000,
                (caughtUp - start) / 1_000_000);
    }

    /** Rebuilds ahead the owners of partitions read ahead ({@link OwnersAhead#prepare}); says what it did. */
    String prepareAhead(Map<String, List<String>> owners, long deadline) {
        return ahead.prepare(owners, deadline);
    }

    /**
     * Before this node leaves (called at the start of a stop, while requests are still taken; again, doing nothing,
     * when the node closes): says so, and waits (at most {@link #HAND_OVER_WAIT}, serving meanwhile) until every
     * other serving node has read its partitions ahead.
     */
    public void prepareHandOver() {
        List<TopicPartition> serving = serving();
        if (serving.isEmpty() || !joined || !member.isAlive() || journals.health().down() != null
                || !handingOver.compareAndSet(false, true)) {
            return; // nothing to hand over, or Kafka unreachable: the others read at their takeover
        }
        long start = System.nanoTime();
        long at = directory.announceLeaving(serving);
        if (at < 0) {
            return;
        }
        long deadline = start + HAND_OVER_WAIT.toNanos();
        List<String> waiting = directory.notReadAheadYet(at);
        while (!waiting.isEmpty() && System.nanoTime() - deadline < 0) {
            sleep(20);
            waiting = directory.notReadAheadYet(at);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (waiting.isEmpty()) {
            LOG.infof("leaving: the other nodes read this node's partitions ahead in %d ms", ms);
        } else {
            LOG.infof("leaving after %d ms without waiting longer for %s", ms, waiting);
        }
        leave(); // now, while requests are taken: one for a partition given up hears 503, not a refused connection
    }

    /** Stops the member at once (its poll woken): closing its consumer gives the partitions up and leaves the group. */
    private void leave() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null && member.isAlive()) {
            c.wakeup(); // a poll waits up to 200 ms: the partitions went unserved that long more
        }
        try {
            member.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drops the partitions read ahead that no takeover used: the group gave them to other nodes (or the node that gave
     * notice did not leave).
     */
    private void forgetReadAhead() {
        int forgotten = journals.dropStandby();
        if (forgotten > 0) {
            LOG.infof("forgot %d partition(s) read ahead: other nodes serve them", forgotten);
        }
        ahead.drop();
    }

    /**
     * Serves partitions whose owners are ready ({@code rebuiltAhead}: how many of a partition's owners were rebuilt
     * ahead), announced at once (the others forward their requests here), in one announcement: each waits for the
     * broker's acknowledgement, and the empty partitions served first delayed the projects' by tens of milliseconds.
     */
    private void serve(List<PartitionLog<?>> logs, long read, Map<TopicPartition, Integer> rebuiltAhead) {
        if (logs.isEmpty()) {
            return;
        }
        logs.forEach(log -> partitions.put(log.partition(), State.SERVING));
        announce();
        long ms = (System.nanoTime() - read) / 1_000_000;
        for (PartitionLog<?> log : logs) {
            TopicPartition tp = log.partition();
            List<String> ids = log.owners();
            int ahead = rebuiltAhead.getOrDefault(tp, 0);
            servingListeners.forEach(l -> l.accept(journals.kindOf(tp.topic()), List.copyOf(ids)));
            taken.add(tp + " " + ids.size() + " " + ms + (log.readAhead() ? " read-ahead" : "")
                    + (ahead > 0 ? ", " + ahead + " rebuilt ahead" : ""));
            LOG.infof("serving %s: %d owner(s) ready in %d ms, %d of them rebuilt ahead (read from offset %s to %d)",
                    tp, ids.size(), ms, ahead,
                    log.rebuildStart() == Long.MAX_VALUE ? "-" : Long.toString(log.rebuildStart()), log.endOffset());
        }
    }

    /**
     * Gives partitions up: requests stop being served here at once, the writer finishes the batch it is writing
     * and writes them no more, then their owners are closed; announced.
     */
    private void release(Collection<TopicPartition> parts) {
        parts.forEach(partitions::remove);
        held.removeAll(parts);
        journals.hold(held);
        for (TopicPartition tp : parts) {
            giveUp(tp);
        }
        announce();
    }

    /**
     * Stops taking the partition's appends, then closes its owners here. In that order: a request that no longer
     * finds an owner in the registry asks whether this node serves its partition, and must hear "moving" (503), not
     * "no such project" (404), which it heard when the owners were closed first.
     */
    private void giveUp(TopicPartition tp) {
        PartitionLog<?> log = journals.log(tp);
        OwnerRegistry<?> registry = registries.get(journals.kindOf(tp.topic()));
        journals.give(tp);
        if (log != null) {
            for (String id : log.owners()) {
                registry.release(id);
            }
        }
        // owners created here since the partition was read are in the registry too
        for (var rt : registry.all()) {
            if (journals.partition(journals.kindOf(tp.topic()), rt.id()).equals(tp)) {
                registry.release(rt.id());
            }
        }
        LOG.infof("gave %s up", tp);
    }

    /**
     * Announces what this node serves now. The list is taken under the directory's lock, so that of two takeovers
     * announcing side by side, the later announcement is the fuller list.
     */
    private void announce() {
        synchronized (directory) {
            directory.announce(serving());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tells {@code listener} the kind and ids of the owners of every partition this node takes over, once they
     * are served (on the takeover's thread: hand the work on).
     */
    public void onServing(java.util.function.BiConsumer<String, List<String>> listener) {
        servingListeners.add(listener);
    }

    /** The partitions this node serves (recovered and writable). */
    public List<TopicPartition> serving() {
        return partitions.entrySet().stream().filter(e -> e.getValue() == State.SERVING).map(Map.Entry::getKey)
                .sorted(java.util.Comparator.comparing(TopicPartition::toString)).toList();
    }

    /** How this node stands to owner {@code id} of {@code kind}: serving, recovering, or null (another node's). */
    public State state(String kind, String id) {
        State s = partitions.get(journals.partition(kind, id));
        return s == State.SERVING && !journals.serves(kind, id) ? State.RECOVERING : s;
    }

    /**
     * Why this node cannot take writes now (null when it can): Kafka unreachable, not yet given its partitions by
     * the group, or some of them still being taken over.
     */
    public String notReady() {
        String down = journals.health().down();
        if (down != null) {
            return "Kafka is unreachable: " + down;
        }
        if (warming) {
            return "warming the rules up before joining the nodes' group";
        }
        if (!joined) {
            return "the nodes' group has not given this node its partitions yet";
        }
        List<String> recovering = partitions.entrySet().stream().filter(e -> e.getValue() == State.RECOVERING)
                .map(e -> e.getKey().toString()).sorted().toList();
        return recovering.isEmpty() ? null : "taking over " + recovering;
    }

    public KafkaJournals journals() {
        return journals;
    }

    /**
     * The takeovers this node made: "topic-partition owners milliseconds", then " read-ahead" when the partition had
     * been read ahead (the takeover read only the records since), and ", N rebuilt ahead" when N of its owners had been
     * rebuilt ahead (the takeover caught them up).
     */
    public List<String> takeovers() {
        return List.copyOf(taken);
    }

    /**
     * Leaves the cluster: the member's consumer is closed (its partitions are given up, after the batch being
     * written, and the group is left at once, so the others take them over without waiting for a timeout).
     */
    @Override
    public void close() {
        prepareHandOver();
        leave();
        for (TopicPartition tp : List.copyOf(partitions.keySet())) {
            giveUp(tp);
        }
        journals.close();
        rebuilds.shutdownNow();
        directory.announce(List.of());
    }
}
