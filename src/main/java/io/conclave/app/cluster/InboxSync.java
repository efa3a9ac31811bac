package io.conclave.app.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.Json;

/**
 * The agents' inboxes of a cluster: the node that serves an owner writes the inbox items its events make to the
 * inbox topic, any node writes there the acknowledgements it receives (and a node the items it found settled), and
 * every node, the writer included, keeps what it reads there in its own copy, in the topic's order. So every node
 * holds every item under the same id, in the same order, with the same acknowledgements. The topic is compacted,
 * keyed by the item's id: an item's acknowledgement (or settlement) replaces it.
 * <p>
 * Records are JSON: {@code {"item": {...}}}, {@code {"ack": "<id>", "agent_id": "<agent>"}} or
 * {@code {"settled": "<id>", "agent_id": "<agent>"}}.
 */
public final class InboxSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InboxSync.class);

    private final KafkaSettings settings;
    private final Consumer<JsonNode> apply;
    private final KafkaProducer<String, String> producer;
    private final Followers followers;

    /** {@code apply}: what this node does with each record, in the topic's order, on one thread. */
    public InboxSync(Cluster cluster, Consumer<JsonNode> apply) {
        this.settings = cluster.settings();
        this.apply = apply;
        this.producer = cluster.bus();
        this.followers = cluster.followers();
    }

    /** Reads the topic to its end (every item and acknowledgement the cluster kept), then follows it. */
    public void start() {
        followers.follow(settings.inboxTopic(), true, this::take);
    }

    /**
     * Writes records (each keyed by its item's id) and waits until every in-sync replica has them; false (logged)
     * when Kafka did not acknowledge them all within {@code timeout}.
     */
    public boolean write(List<Record> records, Duration timeout) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try {
            for (Record r : records) {
                sent.add(producer.send(new ProducerRecord<>(settings.inboxTopic(), 0, r.itemId(),
                        Json.MAPPER.writeValueAsString(r.value()))));
            }
            long until = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.errorf("inbox records not written to the cluster: interrupted");
            return false;
        } catch (Exception e) {
            LOG.errorf("%d inbox record(s) not written to the cluster: %s", records.size(), e.getMessage());
            return false;
        }
    }

    /** Writes records without waiting (what is lost is found again). */
    public void writeLater(List<Record> records) {
        for (Record r : records) {
            try {
                producer.send(new ProducerRecord<>(settings.inboxTopic(), 0, r.itemId(),
                        Json.MAPPER.writeValueAsString(r.value())), (md, e) -> {
                            if (e != null) {
                                LOG.warnf("inbox record %s not written to the cluster: %s", r.itemId(), e.getMessage());
                            }
                        });
            } catch (Exception e) {
                LOG.warnf("inbox record %s not written to the cluster: %s", r.itemId(), e.getMessage());
            }
        }
    }

    /** The offset after the last record this node applied. */
    public long applied() {
        return followers.taken(settings.inboxTopic());
    }

    /** One record of the topic: keyed by the item's id. */
    public record Record(String itemId, JsonNode value) {
    }

    private void take(ConsumerRecord<String, String> r) {
        try {
            apply.accept(Json.JOURNAL.readTree(r.value()));
        } catch (Exception e) {
            LOG.warnf("an inbox record does not read: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        // the follower and the producer are the cluster's
    }
}
