package io.conclave.app.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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
    private final Thread reader;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;

    /** {@code local}: where events of other nodes are published here. */
    public EventBridge(KafkaSettings settings, Consumer<ServiceEvent> local) {
        this.settings = settings;
        this.local = local;
        this.producer = new KafkaProducer<>(settings.producer(null, "events"));
        this.reader = new Thread(this::read, "conclave-event-bridge");
        this.reader.setDaemon(true);
    }

    public void start() {
        reader.start();
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

    private void read() {
        TopicPartition tp = new TopicPartition(settings.eventsTopic(), 0);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader("events"))) {
            consumer = c;
            c.assign(List.of(tp));
            c.seekToEnd(List.of(tp));
            c.position(tp);
            while (!closed) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    Header from = r.headers().lastHeader(NODE);
                    if (from != null && settings.nodeId().equals(new String(from.value(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    try {
                        local.accept(Json.JOURNAL.readValue(r.value(), ServiceEvent.class));
                    } catch (Exception e) {
                        LOG.warnf("an event from another node does not read: %s", e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the event bridge stopped reading");
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
