package io.conclave.app.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.Json;

/**
 * Which node serves which partition, and where it listens: every node announces on the nodes topic (keyed by
 * node, compacted) the partitions it serves whenever they change, and reads every announcement. A partition
 * belongs to the latest announcement that claims it: a node that took over a dead node's partitions announces
 * after it, so it wins without the dead node ever saying anything.
 */
public final class NodeDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeDirectory.class);

    /**
     * One node's announcement: where it listens, the partitions it serves and the policy version it runs; while a
     * planned hand-over is prepared, {@code leaving} (the node is about to leave the group: the others read its
     * partitions ahead) or {@code readAhead} (this node has read ahead the partitions of the node named, which may
     * come to it). Both are left out otherwise (older nodes ignore them). {@code streams}: whether a client follows
     * an event stream there, and {@code streamsClosed} when the last one closed (null: none ever did): the others send
     * it their events while it streams and for {@link #STREAM_LINGER} after (an older node says neither: sent all).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Announcement(String node, String url, List<String> partitions, Instant at, String policy,
                               Boolean leaving, String readAhead, Boolean streams, Instant streamsClosed) {

        /** Whether the node wants every event of the others at {@code now}. */
        public boolean wantsEveryEvent(Instant now) {
            return streams == null || streams || streamsClosed != null && now.isBefore(streamsClosed.plus(STREAM_LINGER));
        }
    }

    /**
     * How long after its last event stream closed a node still gets the others' events: a client that reconnects
     * within it resumes (Last-Event-ID) from the node's kept events without a gap.
     */
    public static final java.time.Duration STREAM_LINGER = java.time.Duration.ofMinutes(10);

    /** The node serving a partition, and the offset of the announcement that says so. */
    public record Owner(String node, String url, long offset) {
    }

    private final KafkaSettings settings;
    private final String url;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final Map<String, Announcement> nodes = new ConcurrentHashMap<>();
    /** The offset of each node's latest word that it read this node's partitions ahead, on the nodes topic. */
    private final Map<String, Long> readAheadForMe = new ConcurrentHashMap<>();
    private final Followers followers;
    /** The policy version this node runs, told in every announcement. */
    private final java.util.function.Supplier<String> policy;
    private final List<java.util.function.Consumer<Announcement>> leavingListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What this node announced last: announced again with the new version when its policy changes. */
    private volatile List<TopicPartition> lastServing = List.of();
    /** Whether a client follows an event stream here, and when the last one closed (see {@link Announcement}). */
    private volatile boolean streams;
    private volatile Instant streamsClosed;
    private volatile boolean announced;

    public NodeDirectory(KafkaSettings settings, Followers followers, KafkaProducer<String, String> bus, String url,
                         java.util.function.Supplier<String> policy) {
        this.settings = settings;
        this.url = url;
        this.policy = policy;
        this.producer = bus;
        this.followers = followers;
    }

    /** Reads every announcement kept (the topic is compacted: the latest of each node), then follows them. */
    public void start() {
        followers.follow(settings.nodesTopic(), true, this::take);
    }

    /** Says which partitions this node serves now (durably, before returning). */
    public synchronized void announce(List<TopicPartition> serving) {
        lastServing = List.copyOf(serving);
        announced = true;
        send(announcement(serving, null, null), 20);
    }

    private Announcement announcement(List<TopicPartition> serving, Boolean leaving, String readAhead) {
        return new Announcement(settings.nodeId(), url, serving.stream().map(TopicPartition::toString).toList(),
                Instant.now(), policy.get(), leaving, readAhead, streams, streamsClosed);
    }

    /**
     * Says whether a client follows an event stream here now, and when the last one closed: the others send their
     * events only while some node wants them ({@link #othersWantEveryEvent}). Announced at once when this node has
     * announced its partitions already (otherwise its first announcement says it).
     */
    public synchronized void streams(boolean open, Instant lastClosed) {
        if (open == streams && java.util.Objects.equals(lastClosed, streamsClosed)) {
            return;
        }
        streams = open;
        streamsClosed = lastClosed;
        if (announced) {
            announce(lastServing);
        }
    }

    /** Whether another node wants this node's events now (an older node, which does not say, always does). */
    public boolean othersWantEveryEvent() {
        Instant now = Instant.now();
        for (Announcement a : nodes.values()) {
            if (!a.node().equals(settings.nodeId()) && a.wantsEveryEvent(now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Says that this node, which still serves {@code serving}, is about to leave the group: the others read those
     * partitions ahead and say so ({@link #announceReadAhead}); returns when this announcement was sent.
     */
    public synchronized long announceLeaving(List<TopicPartition> serving) {
        lastServing = List.copyOf(serving);
        return send(announcement(serving, true, null), 2);
    }

    /** Says that this node has read ahead the partitions of {@code leaving} (serving what it served before). */
    public synchronized void announceReadAhead(String leaving) {
        send(announcement(lastServing, null, leaving), 20);
    }

    /**
     * The nodes other than this one that serve partitions now (as last announced) and have not yet said, after this
     * node's announcement at offset {@code leaving} of the nodes topic, that they read its partitions ahead.
     */
    public List<String> notReadAheadYet(long leaving) {
        return owners.values().stream().map(Owner::node).distinct().filter(n -> !n.equals(settings.nodeId()))
                .filter(n -> readAheadForMe.getOrDefault(n, -1L) < leaving).sorted().toList();
    }

    /**
     * Tells {@code listener} of every other node that announces it is about to leave (on the followers' thread: hand
     * the work on); announcements older than {@code fresh} (kept by the compacted topic from a node that left or
     * died since) are not told.
     */
    public void onLeaving(java.util.function.Consumer<Announcement> listener, java.time.Duration fresh) {
        leavingListeners.add(a -> {
            if (a.at() != null && a.at().isAfter(Instant.now().minus(fresh))) {
                listener.accept(a);
            }
        });
    }

    /** Sends an announcement of this node, waiting at most {@code seconds}; returns its offset (-1: not sent). */
    private long send(Announcement a, int seconds) {
        try {
            return producer.send(new ProducerRecord<>(settings.nodesTopic(), settings.nodeId(),
                    Json.MAPPER.writeValueAsString(a))).get(seconds, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            LOG.errorf("could not announce the partitions of node %s: %s", settings.nodeId(), e.getMessage());
            return -1;
        }
    }

    /** Announces the same partitions again: the policy this node runs changed. */
    public synchronized void policyChanged() {
        announce(lastServing);
    }

    private void take(ConsumerRecord<String, String> r) {
        try {
            Announcement a = Json.JOURNAL.readValue(r.value(), Announcement.class);
            nodes.put(a.node(), a);
            if (settings.nodeId().equals(a.readAhead())) {
                readAheadForMe.put(a.node(), r.offset()); // kept when that node announces something else later
            }
            if (Boolean.TRUE.equals(a.leaving()) && !a.node().equals(settings.nodeId())) {
                leavingListeners.forEach(l -> l.accept(a));
            }
            owners.entrySet().removeIf(e -> e.getValue().node().equals(a.node()));
            for (String p : a.partitions()) {
                Owner known = owners.get(p);
                if (known == null || known.offset() < r.offset()) {
                    owners.put(p, new Owner(a.node(), a.url(), r.offset()));
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("an announcement on %s does not read: %s", settings.nodesTopic(), e.getMessage());
        }
    }

    /** The node serving a partition, as last announced; null when none claims it. */
    public Owner owner(TopicPartition tp) {
        return owners.get(tp.toString());
    }

    /** Where the nodes that serve partitions now listen, each once, sorted. */
    public List<String> servingUrls() {
        return owners.values().stream().map(Owner::url).distinct().sorted().toList();
    }

    /** The nodes as they last announced themselves, by name. */
    public List<Announcement> nodes() {
        List<Announcement> out = new ArrayList<>(nodes.values());
        out.sort(java.util.Comparator.comparing(Announcement::node));
        return out;
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        // the follower and the producer are the cluster's
    }
}
