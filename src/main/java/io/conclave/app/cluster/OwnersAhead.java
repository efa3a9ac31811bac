package io.conclave.app.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.journal.kafka.KafkaJournals;

/**
 * Owners rebuilt ahead of their takeover, from the partitions this node read ahead (before it joins the group, or on
 * another node's notice that it stops): kept aside in their registries, so that the takeover applies only the entries
 * written since ({@link OwnerRegistry#adopt}) instead of rebuilding them. On a JVM a few seconds old a partition's 4-7
 * projects took 100-270 ms to rebuild, all of it time its owners went unserved during a planned hand-over.
 */
final class OwnersAhead {
    private static final Logger LOG = Logger.getLogger(OwnersAhead.class);
    /** Owners of each kind rebuilt ahead, at most: what a takeover catches up, not the whole cluster kept twice. */
    static final int PER_KIND = 64;
    /**
     * No owner is rebuilt ahead once this share of the heap's maximum was live: they stay in memory until the
     * takeovers, and a large project's session is many times its journal (which the read ahead bounds).
     */
    static final double MAX_HEAP_LIVE = 0.5;

    private final KafkaJournals journals;
    private final Map<String, OwnerRegistry<?>> registries;
    private final ExecutorService rebuilds;

    OwnersAhead(KafkaJournals journals, Map<String, OwnerRegistry<?>> registries, ExecutorService rebuilds) {
        this.journals = journals;
        this.registries = registries;
        this.rebuilds = rebuilds;
    }

    /**
     * Rebuilds ahead, side by side, {@code owners} (kind, ids) of partitions read ahead, at most {@value #PER_KIND} of
     * each kind, until {@code deadline} ({@link System#nanoTime}) and while less than half the heap was live after the
     * last collections. Returns what it did, for the log; never throws (a damaged journal is left to its takeover,
     * which says so).
     */
    String prepare(Map<String, List<String>> owners, long deadline) {
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger rebuilt = new java.util.concurrent.atomic.AtomicInteger();
        for (Map.Entry<String, List<String>> kind : owners.entrySet()) {
            OwnerRegistry<?> registry = registries.get(kind.getKey());
            List<String> ids = kind.getValue();
            for (String id : ids.subList(0, Math.min(PER_KIND, ids.size()))) {
                work.add(rebuilds.submit(() -> {
                    if (System.nanoTime() - deadline < 0 && heapLive() < MAX_HEAP_LIVE) {
                        registry.prepare(id, journals.standbyJournals());
                        rebuilt.incrementAndGet();
                    }
                    return null;
                }));
            }
        }
        int failed = await(work, null);
        int total = owners.values().stream().mapToInt(List::size).sum();
        return String.format("%d of its %d owner(s) rebuilt ahead in %d ms%s", rebuilt.get(), total,
                (System.nanoTime() - start) / 1_000_000, failed > 0 ? " (" + failed + " could not be)"
                        : rebuilt.get() < work.size() ? " (the time allowed or half the heap reached)" : "");
    }

    /**
     * Reads ahead the partitions of a node that is about to leave (some of them will come here) and rebuilds their
     * owners ahead, within what is left of that node's {@code wait}, then says so: that node leaves the group once
     * every serving node has, so their takeovers read only what it wrote meanwhile and catch its owners up.
     */
    void readAheadFor(NodeDirectory.Announcement leaving, Duration wait, NodeDirectory directory) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String p : leaving.partitions()) {
            int dash = p.lastIndexOf('-');
            parts.add(new TopicPartition(p.substring(0, dash), Integer.parseInt(p.substring(dash + 1))));
        }
        // within what is left of the leaving node's wait (as far as the two clocks agree)
        Duration age = Duration.between(leaving.at(), java.time.Instant.now());
        Duration left = wait.minus(age.isNegative() ? Duration.ZERO : age);
        if (left.isNegative() || left.isZero()) {
            return;
        }
        long deadline = System.nanoTime() + left.toNanos();
        String did = journals.readAhead(parts, deadline, Runtime.getRuntime().maxMemory() / 32);
        did += "; " + prepare(journals.standbyOwners(parts), deadline);
        directory.announceReadAhead(leaving.node());
        LOG.infof("node %s is about to leave: %s", leaving.node(), did);
    }

    /**
     * Waits for owners being rebuilt ({@code work}); how many failed, each logged as a failed takeover of
     * {@code partition} when one is named (a failure ahead is left to the takeover, which says so).
     */
    static int await(List<Future<?>> work, TopicPartition partition) {
        int failed = 0;
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failed++;
                if (partition != null) {
                    LOG.errorf(e.getCause(), "a takeover of %s failed", partition);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed++;
            }
        }
        return failed;
    }

    /**
     * The heap's share that was live after the last collections (each heap pool's usage after its last collection):
     * garbage not counted, and what was allocated since the last collection not yet either; a full heap collects.
     */
    private static double heapLive() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null) {
                used += p.getCollectionUsage().getUsed();
            }
        }
        return (double) used / Runtime.getRuntime().maxMemory();
    }

    /** Lets go the owners rebuilt ahead that no takeover used (other nodes serve them). */
    void drop() {
        int n = registries.values().stream().mapToInt(OwnerRegistry::dropPrepared).sum();
        if (n > 0) {
            LOG.infof("let %d owner(s) rebuilt ahead go: other nodes serve them", n);
        }
    }
}
