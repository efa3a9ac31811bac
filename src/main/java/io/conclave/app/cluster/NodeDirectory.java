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

    /** One node's announcement: where it listens, the partitions it serves and the policy version it runs. */
    public record Announcement(String node, String url, List<String> partitions, Instant at, String policy) {
    }

    /** The node serving a partition, and the offset of the announcement that says so. */
    public record Owner(String node, String url, long offset) {
    }

    private final KafkaSettings settings;
    private final String url;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final Map<String, Announcement> nodes = new ConcurrentHashMap<>();
    private final Followers followers;
    /** The policy version this node runs, told in every announcement. */
    private final java.util.function.Supplier<String> policy;
    /** What this node announced last: announced again with the new version when its policy changes. */
    private volatile List<TopicPartition> lastServing = List.of();

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
        Announcement a = new Announcement(settings.nodeId(), url, serving.stream().map(TopicPartition::toString).toList(),
                Instant.now(), policy.get());
        try {
            producer.send(new ProducerRecord<>(settings.nodesTopic(), settings.nodeId(), Json.MAPPER.writeValueAsString(a)))
                    .get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.errorf("could not announce the partitions of node %s: %s", settings.nodeId(), e.getMessage());
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
