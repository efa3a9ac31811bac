package io.conclave.app.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;

/**
 * The event stream across nodes: an event of an owner this node serves (published after its command was journaled)
 * is also sent to the events topic while another node wants the others' events (a client follows its event stream,
 * or did within {@link NodeDirectory#STREAM_LINGER}: {@link NodeDirectory#othersWantEveryEvent}); the events other
 * nodes sent there are published on this node's stream. So {@code GET /api/events} carries every owner's events on
 * every node, and while no node streams, no event crosses (each was serialized, sent, and parsed by every other node
 * for no reader: about a quarter of a node's CPU with three nodes). The events topic is a bus, not a journal: its
 * records expire after an hour.
 */
public final class EventBridge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventBridge.class);
    private static final String NODE = "conclave-node";

    private final KafkaSettings settings;
    private final Consumer<ServiceEvent> local;
    private final KafkaProducer<String, String> producer;
    private final Followers followers;
    private final java.util.function.BooleanSupplier wanted;

    /** {@code local}: where events of other nodes are published here; {@code wanted}: whether another node wants ours. */
    public EventBridge(KafkaSettings settings, Followers followers, KafkaProducer<String, String> bus,
                       Consumer<ServiceEvent> local, java.util.function.BooleanSupplier wanted) {
        this.settings = settings;
        this.local = local;
        this.producer = bus;
        this.followers = followers;
        this.wanted = wanted;
    }

    /** Follows the events topic from its end: what other nodes send from now on is published here. */
    public void start() {
        followers.follow(settings.eventsTopic(), false, this::take);
    }

    /**
     * Sends an event of this node to the others while one of them wants them (not waited for: the command is
     * journaled already).
     */
    public void send(ServiceEvent event) {
        if (!wanted.getAsBoolean()) {
            return;
        }
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
            local.accept(read(r.value()));
        } catch (Exception e) {
            LOG.warnf("an event from another node does not read: %s", e.getMessage());
        }
    }

    /**
     * An event of another node from its text: its fields now, its data (the bulk of it) parsed only when first read.
     * Every node reads every other node's events, and most are read by no stream (the flight recordings of the
     * cluster benchmark: parsing them whole was nearly a tenth of a node's CPU with three nodes).
     */
    static ServiceEvent read(String text) throws IOException {
        long id = 0;
        String type = null;
        Instant at = null;
        String meeting = null;
        String conversation = null;
        String project = null;
        String task = null;
        String agent = null;
        JsonToken data = null;
        try (JsonParser p = Json.JOURNAL.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an event is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = p.getValueAsLong();
                    case "type" -> type = p.getValueAsString();
                    case "at" -> at = value == JsonToken.VALUE_NULL ? null : p.readValueAs(Instant.class);
                    case "meeting_id" -> meeting = p.getValueAsString();
                    case "conversation_id" -> conversation = p.getValueAsString();
                    case "project_id" -> project = p.getValueAsString();
                    case "task_id" -> task = p.getValueAsString();
                    case "agent_id" -> agent = p.getValueAsString();
                    case "data" -> {
                        data = value;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
        }
        // data given as null is Jackson's null node, as a whole read gives it; data left out is none
        return ServiceEvent.received(id, type, at, meeting, conversation, project, task, agent, data == null ? null
                : data == JsonToken.VALUE_NULL ? NullNode::getInstance : () -> dataOf(text));
    }

    private static JsonNode dataOf(String text) {
        try {
            return Json.JOURNAL.readTree(text).get("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // it was read once already: cannot happen
        }
    }

    @Override
    public void close() {
        // the follower and the producer are the cluster's
    }
}
