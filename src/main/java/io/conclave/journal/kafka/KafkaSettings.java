package io.conclave.journal.kafka;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How a node reaches its Kafka cluster and what it keeps there: one topic per kind of owner
 * ({@code <prefix>projects}, {@code <prefix>meetings}, {@code <prefix>conversations}) keyed by the owner's id,
 * with {@code partitions} partitions and {@code replicationFactor} copies of each; beside each, a compacted
 * topic of snapshots with the same partitions.
 *
 * @param nodeId         this node's name in the consumer group and in its claims of partitions
 * @param sessionTimeout how long the group waits for a silent node before its partitions move
 * @param maxRecordBytes the largest record (a project's creation, a snapshot), in bytes
 * @param writeTimeout   how long a write waits for Kafka before it is refused (nothing applied)
 * @param unknownWait    how long a write whose record got no answer waits for Kafka to say what became of it
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor,
                            String nodeId, Duration sessionTimeout, int maxRecordBytes, Duration writeTimeout,
                            Duration unknownWait) {

    /** With the default waits: 5 s for a write, 30 s to settle one whose record got no answer. */
    public KafkaSettings(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor,
                         String nodeId, Duration sessionTimeout, int maxRecordBytes) {
        this(bootstrapServers, topicPrefix, partitions, replicationFactor, nodeId, sessionTimeout, maxRecordBytes,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** The topic of a kind's commands ("project" -> {@code conclave.projects}). */
    public String topic(String kind) {
        return topicPrefix + kind + "s";
    }

    /** The compacted topic of a kind's snapshots. */
    public String snapshotTopic(String kind) {
        return topic(kind) + ".snapshots";
    }

    /** Where policy versions and the active one are journaled. */
    public String policyTopic() {
        return topicPrefix + "policies";
    }

    /** Where every node says which partitions it serves and where it listens. */
    public String nodesTopic() {
        return topicPrefix + "nodes";
    }

    /** Where the nodes' events meet, so the event stream of any node carries them all. */
    public String eventsTopic() {
        return topicPrefix + "events";
    }

    /** Where the tokens live, so a token issued or revoked on one node holds on every node. */
    public String tokensTopic() {
        return topicPrefix + "tokens";
    }

    /** The agents' inbox items and their acknowledgements, every node's copy fed from it. */
    public String inboxTopic() {
        return topicPrefix + "inbox";
    }

    /** The consumer group of the nodes. */
    public String group() {
        return topicPrefix + "nodes";
    }

    /** An admin client's settings. */
    public Properties admin() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", "conclave-admin-" + nodeId);
        p.put("enable.metrics.push", "false");
        return p;
    }

    /**
     * A writer's settings: every record acknowledged by all in-sync replicas, idempotent, and transactional
     * under {@code transactionalId} (null: not transactional), so a newer writer with the same id fences it.
     */
    public Properties producer(String transactionalId) {
        return producer(transactionalId, transactionalId == null ? "writer" : transactionalId);
    }

    /** The same, with {@code purpose} naming the client in the broker's logs and metrics. */
    public Properties producer(String transactionalId, String purpose) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRecordBytes));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // the brokers' client telemetry (KIP-714) is not asked for: no plugin reads it here, and the client checked
        // for a subscription at every pass of its network thread
        p.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        // a call that waits for Kafka (metadata, a commit, an abort) gives up after the write timeout
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(writeTimeout.toMillis()));
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // an open transaction of a node that died blocks its partitions' readers until it expires (or the
            // node taking them over fences it: KafkaJournals)
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "20000");
            // a transaction begun right after the last one's commit may find the coordinator still writing that
            // one's markers (CONCURRENT_TRANSACTIONS): the whole batch then waits for the retry, 100 ms by
            // default, where the markers take a few; retry after 10 ms, backing off to 100 ms when it lasts
            p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
            p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "100");
        }
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "conclave-" + nodeId + "-" + purpose);
        return p;
    }

    /** A reader's settings: no group, committed records only. */
    public Properties reader(String purpose) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(Math.max(maxRecordBytes, 1 << 20)));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(Math.max(maxRecordBytes, 50 << 20)));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "conclave-" + nodeId + "-" + purpose);
        p.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        return p;
    }

    /**
     * A reader that reads partitions to an end known beforehand (a takeover, a settlement): a fetch that finds
     * nothing new yet returns after 50 ms instead of the default 500 ms, so reading to the end never waits long
     * for a record (or the commit marker) that is about to be there.
     */
    public Properties catchUpReader(String purpose) {
        Properties p = reader(purpose);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        return p;
    }

    /**
     * The follower's settings (one consumer per node reads the shared topics: events, inbox items, nodes, policies,
     * tokens): the broker answers a fetch once 64 KB are there or 20 ms have passed. With the default (answer as soon
     * as one byte is there) a node under load fetched once for nearly every record the other nodes wrote, each fetch
     * a request for the broker to serve and for the node to send and read; now at most about fifty a second, and a
     * record waits at most 20 ms longer to be read.
     */
    public Properties followerReader() {
        Properties p = reader("followers");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(64 << 10));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        return p;
    }

    /** The group member's settings: it only takes part in the group (its partitions are paused, nothing is committed). */
    public Properties member() {
        Properties p = reader("member");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group());
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
        // a rebalance is noticed at the next heartbeat: frequent ones keep hand-overs short (a member that gives
        // nothing up learns of a hand-over's second round, and the others of a member that left, at its
        // heartbeat: half a second at 6s / 12 measured up to 0.35 s of a planned rejoin's gap; ten a second cost
        // the broker next to nothing)
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(100, sessionTimeout.toMillis() / 60)));
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return p;
    }
}
