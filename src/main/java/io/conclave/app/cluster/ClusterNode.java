package io.conclave.app.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.PartitionLog;

/**
 * This node as a member of the cluster: it joins the nodes' consumer group on the command topics, and serves
 * the owners of the partitions the group gives it. Taking a partition over fences its earlier writer, reads it
 * (from the snapshots on), and rebuilds its owners' sessions; giving it up closes them. Which node serves which
 * partition is announced on the nodes topic ({@link NodeDirectory}), so a request reaching another node is
 * forwarded here. The group's own timing decides failover: a node silent for the session timeout loses its
 * partitions to the others.
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
    private final ConcurrentLinkedQueue<TopicPartition> toReload = new ConcurrentLinkedQueue<>();
    private final Thread member;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;
    /** Observed takeovers, for the figures: partition, owners rebuilt and milliseconds, newest last. */
    private final List<String> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Told of the owners of every partition this node takes over, once they are served (kind, ids). */
    private final List<java.util.function.BiConsumer<String, List<String>>> servingListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.ExecutorService takeovers = java.util.concurrent.Executors.newFixedThreadPool(6,
            r -> {
                Thread t = new Thread(r, "conclave-takeover");
                t.setDaemon(true);
                return t;
            });

    public ClusterNode(KafkaJournals journals, Map<String, OwnerRegistry<?>> registries, NodeDirectory directory,
                       PolicySync policies) {
        this.journals = journals;
        this.registries = registries;
        this.directory = directory;
        this.policies = policies;
        this.member = new Thread(this::run, "conclave-cluster-member");
        this.member.setDaemon(true);
    }

    /** Creates the topics when missing and joins the group; partitions arrive in the background. */
    public void start() throws IOException {
        try (Admin admin = Admin.create(journals.settings().admin())) {
            journals.createTopics(admin);
        }
        member.start();
    }

    private void run() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(journals.settings().member())) {
            consumer = c;
            c.subscribe(journals.commandTopics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                    parts.forEach(ClusterNode.this::giveUp);
                    directory.announce(serving());
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> parts) {
                    onPartitionsRevoked(parts);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                    // the group member only holds the partitions: nothing is consumed through it
                    c.pause(parts);
                    // partitions are taken over side by side: each waits mostly for the broker
                    policies.catchUp(); // every policy version a journal entry names is known before it is replayed
                    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                    for (TopicPartition tp : parts) {
                        done.add(takeovers.submit(() -> takeOver(tp)));
                    }
                    for (java.util.concurrent.Future<?> f : done) {
                        try {
                            f.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            LOG.errorf(e.getCause(), "a takeover failed");
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    directory.announce(serving());
                }
            });
            while (!closed) {
                c.poll(Duration.ofMillis(200));
                TopicPartition tp;
                boolean changed = false;
                while ((tp = toReload.poll()) != null) {
                    if (partitions.containsKey(tp)) {
                        policies.catchUp();
                        giveUp(tp);
                        takeOver(tp);
                        changed = true;
                    }
                }
                if (changed) {
                    directory.announce(serving());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the cluster member stopped");
        }
    }

    /** Fences the partition's earlier writer, reads it and rebuilds its owners. */
    private void takeOver(TopicPartition tp) {
        long start = System.nanoTime();
        partitions.put(tp, State.RECOVERING);
        try {
            PartitionLog<?> log = journals.take(tp, broken -> toReload.add(broken.partition()));
            OwnerRegistry<?> registry = registries.get(journals.kindOf(tp.topic()));
            int owners = 0;
            List<String> ids = new java.util.ArrayList<>();
            for (String id : log.owners()) {
                registry.adopt(id);
                ids.add(id);
                owners++;
            }
            partitions.put(tp, State.SERVING);
            String kind = journals.kindOf(tp.topic());
            servingListeners.forEach(l -> l.accept(kind, List.copyOf(ids)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            taken.add(tp + " " + owners + " " + ms);
            LOG.infof("serving %s: %d owner(s) rebuilt in %d ms (read from offset %s to %d)", tp, owners, ms,
                    log.rebuildStart() == Long.MAX_VALUE ? "-" : Long.toString(log.rebuildStart()), log.endOffset());
        } catch (RuntimeException e) {
            partitions.remove(tp);
            LOG.errorf(e, "could not take %s over; it is tried again at the next rebalance", tp);
        }
    }

    /** Closes the partition's owners here and stops its writer. */
    private void giveUp(TopicPartition tp) {
        partitions.remove(tp);
        PartitionLog<?> log = journals.log(tp);
        OwnerRegistry<?> registry = registries.get(journals.kindOf(tp.topic()));
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
        journals.give(tp);
        LOG.infof("gave %s up", tp);
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
        return partitions.get(journals.partition(kind, id));
    }

    public KafkaJournals journals() {
        return journals;
    }

    /** The takeovers this node made: "topic-partition owners milliseconds". */
    public List<String> takeovers() {
        return List.copyOf(taken);
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            member.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TopicPartition tp : List.copyOf(partitions.keySet())) {
            giveUp(tp);
        }
        journals.close();
        takeovers.shutdownNow();
        directory.announce(List.of());
    }
}
