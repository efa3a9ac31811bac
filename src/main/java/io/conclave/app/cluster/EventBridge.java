package io.conclave.app.cluster;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;

/**
 * The event stream across nodes: every event of an owner this node serves (published after its command was
 * journaled) is also sent to the events topic; the events other nodes sent there are published on this node's
 * stream. So {@code GET /api/events} and an agent's inbox stream carry every owner's events on every node. The
 * events topic is a bus, not a journal: its records expire after an hour.
 */
public final class EventBridge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventBridge.class);
    private static final String NODE = "conclave-node";

    private final KafkaSettings settings;
    private final Consumer<ServiceEvent> local;
    private final KafkaProducer<String, String> producer;
    private final Followers followers;

    /** {@code local}: where events of other nodes are published here. */
    public EventBridge(KafkaSettings settings, Followers followers, KafkaProducer<String, String> bus,
                       Consumer<ServiceEvent> local) {
        this.settings = settings;
        this.local = local;
        this.producer = bus;
        this.followers = followers;
    }

    /** Follows the events topic from its end: what other nodes send from now on is published here. */
    public void start() {
        followers.follow(settings.eventsTopic(), false, this::take);
    }

    /** Sends an event of this node to the others (not waited for: the command is journaled already). */
    public void send(ServiceEvent event) {
        try {
            ProducerRecord<String, String> r = new ProducerRecord<>(settings.eventsTopic(), null,
                    Json.MAPPER.writeValueAsString(event));
            r.headers().add(NODE, settings.nodeId().getBytes(StandardCharsets.UTF_8));
            producer.send(r, (md, e) -> {
                if (e != null) {
                    LOG.warnf("event %s not sent to the other nodes: %s", event.type(), e.getMessage());
                }
            });
        } catch (Exception e) {
            LOG.warnf("event %s not sent to the other nodes: %s", event.type(), e.getMessage());
        }
    }

    private void take(ConsumerRecord<String, String> r) {
        Header from = r.headers().lastHeader(NODE);
        if (from != null && settings.nodeId().equals(new String(from.value(), StandardCharsets.UTF_8))) {
            return;
        }
        try {
            local.accept(Json.JOURNAL.readValue(r.value(), ServiceEvent.class));
        } catch (Exception e) {
            LOG.warnf("an event from another node does not read: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        // the follower and the producer are the cluster's
    }
}
