package io.conclave.app.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.conclave.app.TokenStore;
import io.conclave.engine.EngineException;
import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.Json;

/**
 * The tokens of a cluster: every token issued, adopted or revoked on a node is written to the tokens topic
 * (compacted, keyed by the token's id: its record, its secret only as a bcrypt hash), and every node keeps
 * what it reads there in its own store. A token issued on one node is accepted on all; a revocation reaches
 * the others within a poll (a fraction of a second), and is never undone by an older record.
 */
public final class TokenSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TokenSync.class);

    private final KafkaSettings settings;
    private final Consumer<TokenStore.Token> merge;
    private final KafkaProducer<String, String> producer;
    private final Thread reader;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;
    /** Where the follower starts: the end the catch-up read to. */
    private long from;

    public TokenSync(KafkaSettings settings, Consumer<TokenStore.Token> merge) {
        this.settings = settings;
        this.merge = merge;
        this.producer = new KafkaProducer<>(settings.producer(null, "tokens"));
        this.reader = new Thread(this::read, "conclave-token-sync");
        this.reader.setDaemon(true);
    }

    /** Reads the topic to its end (every token the cluster knows), then follows it. */
    public void start() {
        TopicPartition tp = new TopicPartition(settings.tokensTopic(), 0);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader("tokens-catch-up"))) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(500)).forEach(this::take);
            }
            from = end;
            reader.start();
        }
    }

    /**
     * Writes a token saved here (acknowledged by every in-sync replica before the issuing or revoking request is
     * answered). When Kafka does not acknowledge it the request fails with 503: the change holds on this node
     * only, and a revocation sent again is shared again.
     */
    public void publish(TokenStore.Token t) {
        try {
            producer.send(new ProducerRecord<>(settings.tokensTopic(), t.tokenId(), Json.MAPPER.writeValueAsString(t)))
                    .get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notShared(t, e);
        } catch (Exception e) {
            throw notShared(t, e);
        }
    }

    private static EngineException notShared(TokenStore.Token t, Exception e) {
        LOG.errorf("token %s not shared with the cluster: %s", t.tokenId(), e.getMessage());
        return new EngineException(EngineException.Kind.UNAVAILABLE, "token_not_shared", "token " + t.tokenId()
                + (t.revoked() ? " is revoked on this node only" : " holds on this node only")
                + ": the cluster's tokens topic did not acknowledge it (" + e.getMessage() + "); send the request again");
    }

    private void read() {
        TopicPartition tp = new TopicPartition(settings.tokensTopic(), 0);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader("tokens"))) {
            consumer = c;
            c.assign(List.of(tp));
            c.seek(tp, from);
            while (!closed) {
                c.poll(Duration.ofMillis(300)).forEach(this::take);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the token follower stopped");
        }
    }

    private void take(ConsumerRecord<String, String> r) {
        try {
            merge.accept(Json.JOURNAL.readValue(r.value(), TokenStore.Token.class));
        } catch (Exception e) {
            LOG.warnf("a token record does not read: %s", e.getMessage());
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
