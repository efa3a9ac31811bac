package io.conclave.app.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.conclave.app.access.TokenStore;
import io.conclave.model.CommandException;
import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.Json;

/**
 * The tokens of a cluster: every token issued, adopted or revoked on a node is written to the tokens topic
 * (compacted, keyed by the token's id: its record, its secret only as a hash), and every node keeps
 * what it reads there in its own store. A token issued on one node is accepted on all; a revocation reaches
 * the others within a poll (a fraction of a second), and is never undone by an older record.
 */
public final class TokenSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TokenSync.class);

    private final KafkaSettings settings;
    private final Consumer<TokenStore.Token> merge;
    private final KafkaProducer<String, String> producer;
    private final Followers followers;

    public TokenSync(Cluster cluster, Consumer<TokenStore.Token> merge) {
        this.settings = cluster.settings();
        this.merge = merge;
        this.producer = cluster.bus();
        this.followers = cluster.followers();
    }

    /** Reads the topic to its end (every token the cluster knows), then follows it. */
    public void start() {
        followers.follow(settings.tokensTopic(), true, this::take);
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

    private static CommandException notShared(TokenStore.Token t, Exception e) {
        LOG.errorf("token %s not shared with the cluster: %s", t.tokenId(), e.getMessage());
        return new CommandException(CommandException.Kind.UNAVAILABLE, "token_not_shared", "token " + t.tokenId()
                + (t.revoked() ? " is revoked on this node only" : " holds on this node only")
                + ": the cluster's tokens topic did not acknowledge it (" + e.getMessage() + "); send the request again");
    }

    /** The key prefix of a node's claim to issue the cluster's first admin token. */
    private static final String CLAIM = "~first-admin:";
    /** The nodes that claimed to issue the first admin token, by the offset of their claim. */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, String> claims =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    /**
     * The node that issues the cluster's one first admin token: the first to claim it on the topic. When no node
     * claimed it yet, this node claims it (the claim is acknowledged by every in-sync replica), then reads the topic
     * up to its claim: a node that claimed it meanwhile, earlier in the topic, is the one. Claims are keyed by node,
     * so compaction keeps every one.
     */
    public String firstAdminNode() {
        if (claims.isEmpty()) {
            try {
                producer.send(new ProducerRecord<>(settings.tokensTopic(), CLAIM + settings.nodeId(), settings.nodeId()))
                        .get(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while claiming the first admin token");
            } catch (Exception e) {
                throw new IllegalStateException("the claim to issue the first admin token was not acknowledged: "
                        + e.getMessage(), e);
            }
            followers.awaitEnd(settings.tokensTopic());
        }
        return claims.firstEntry().getValue();
    }

    private void take(ConsumerRecord<String, String> r) {
        if (r.key() != null && r.key().startsWith(CLAIM)) {
            claims.putIfAbsent(r.offset(), r.value());
            return;
        }
        try {
            merge.accept(Json.JOURNAL.readValue(r.value(), TokenStore.Token.class));
        } catch (Exception e) {
            LOG.warnf("a token record does not read: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        // the follower and the producer are the cluster's
    }
}
