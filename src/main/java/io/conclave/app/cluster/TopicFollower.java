package io.conclave.app.cluster;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.conclave.journal.kafka.KafkaSettings;

/**
 * Follows partition 0 of a topic every node keeps whole (the tokens, the inboxes): {@link #start} reads it from the
 * beginning to its end on the caller's thread (so the node starts with everything the cluster kept), then a daemon
 * thread follows it. Each record is handed to {@code take} in the topic's order, on one thread at a time.
 */
final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final KafkaSettings settings;
    private final TopicPartition partition;
    private final String name;
    private final Duration poll;
    private final Consumer<ConsumerRecord<String, String>> take;
    private final Thread reader;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;
    /** Where the follower starts: the end the catch-up read to. */
    private long from;
    /** The offset after the last record taken. */
    private volatile long taken;

    /** {@code name}: the consumers' client names and the thread's ({@code conclave-<name>-sync}). */
    TopicFollower(KafkaSettings settings, String topic, String name, Duration poll,
                  Consumer<ConsumerRecord<String, String>> take) {
        this.settings = settings;
        this.partition = new TopicPartition(topic, 0);
        this.name = name;
        this.poll = poll;
        this.take = take;
        this.reader = new Thread(this::follow, "conclave-" + name + "-sync");
        this.reader.setDaemon(true);
    }

    /** Reads the topic to its end, then follows it. */
    void start() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader(name + "-catch-up"))) {
            c.assign(List.of(partition));
            c.seekToBeginning(List.of(partition));
            long end = c.endOffsets(List.of(partition)).get(partition);
            while (c.position(partition) < end) {
                c.poll(Duration.ofMillis(500)).forEach(this::hand);
            }
            from = end;
            taken = end;
            reader.start();
        }
    }

    /** The offset after the last record handed on. */
    long taken() {
        return taken;
    }

    private void follow() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader(name))) {
            consumer = c;
            c.assign(List.of(partition));
            c.seek(partition, from);
            while (!closed) {
                c.poll(poll).forEach(this::hand);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the %s follower stopped", name);
        }
    }

    private void hand(ConsumerRecord<String, String> r) {
        take.accept(r);
        taken = r.offset() + 1;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
