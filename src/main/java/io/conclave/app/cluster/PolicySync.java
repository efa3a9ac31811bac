package io.conclave.app.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.conclave.model.CommandException;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.journal.PolicyArchive;
import io.conclave.model.policy.RuleFile;
import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.Json;

/**
 * The policy of a cluster: every activation, on whichever node (a PUT, a reload, its watcher), is journaled
 * on the policy topic with its files; every node archives every version it reads there and activates the
 * latest one, so all nodes run the same version and every node can replay any journal entry under the exact
 * version it ran under. A node that joins adopts the cluster's active version; the first node of a cluster
 * publishes its own.
 */
public final class PolicySync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PolicySync.class);

    /**
     * One record of the topic: an activation, or ({@code kind} {@value #CANDIDATE}) a candidate proposed on a node,
     * with the version it was proposed from and its note, which every node archives without activating it.
     */
    public record Activation(String version, String activatedBy, List<RuleFile> files, String kind, String from,
                             String note) {
        public Activation(String version, String activatedBy, List<RuleFile> files) {
            this(version, activatedBy, files, null, null, null);
        }

        boolean candidate() {
            return CANDIDATE.equals(kind);
        }
    }

    /** The kind of a candidate's record. */
    public static final String CANDIDATE = "candidate";

    private final KafkaSettings settings;
    private final PolicyHost host;
    private final PolicyArchive archive;
    private final KafkaProducer<String, String> producer;
    private final TopicPartition topic;
    private final Thread reader;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;
    /** The version last read from the topic: an activation of it here came from the topic, not from this node. */
    private volatile String latest;

    public PolicySync(KafkaSettings settings, PolicyHost host, PolicyArchive archive) {
        this.settings = settings;
        this.host = host;
        this.archive = archive;
        this.producer = new KafkaProducer<>(settings.producer(null, "policies"));
        this.topic = new TopicPartition(settings.policyTopic(), 0);
        this.reader = new Thread(this::follow, "conclave-policy-sync");
        this.reader.setDaemon(true);
    }

    /**
     * Reads the topic to its end, archiving every version; then runs the cluster's latest version, or publishes
     * this node's active one when the cluster has none yet. Then follows the topic.
     */
    public void start() throws IOException {
        catchUp();
        Policy active = host.active();
        if (latest == null && active != null) {
            published(active);
        } else if (latest != null) {
            Activation last = lastActivation;
            adopt(last);
        }
        reader.start();
    }

    private volatile Activation lastActivation;

    /** Reads the topic from its beginning to its end, archiving every version (before a partition is replayed). */
    public synchronized void catchUp() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader("policies-catch-up"))) {
            c.assign(List.of(topic));
            c.seekToBeginning(List.of(topic));
            long end = c.endOffsets(List.of(topic)).get(topic);
            while (c.position(topic) < end) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    archived(r);
                }
            }
        }
    }

    private Activation archived(ConsumerRecord<String, String> r) {
        try {
            Activation a = Json.JOURNAL.readValue(r.value(), Activation.class);
            if (a.candidate()) {
                if (!archive.has(a.version())) { // proposed on another node: dry runs and activations find it here too
                    archive.keep(a.version(), a.files());
                    archive.record(new io.conclave.journal.PolicyRecord(java.time.Instant.ofEpochMilli(r.timestamp()),
                            a.version(), io.conclave.journal.PolicyRecord.PROPOSED, a.activatedBy(),
                            "POST /api/policies (another node)", a.from(), a.note()));
                }
                return a;
            }
            archive.keep(a.version(), a.files());
            latest = a.version();
            lastActivation = a;
            return a;
        } catch (IOException e) {
            LOG.errorf("policy record %s@%d not archived: %s", topic, r.offset(), e.getMessage());
            return null;
        }
    }

    private void follow() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader("policies"))) {
            consumer = c;
            c.assign(List.of(topic));
            c.seekToEnd(List.of(topic));
            while (!closed) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    Activation a = archived(r);
                    if (a != null && !a.candidate()) {
                        adopt(a);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the policy follower stopped");
        }
    }

    /** Activates a version read from the topic unless it runs already; a busy compiler is waited for. */
    private void adopt(Activation a) {
        for (int attempt = 0; attempt < 120 && !closed; attempt++) {
            Policy active = host.active();
            if (active != null && active.version().equals(a.version())) {
                return;
            }
            try {
                io.conclave.model.policy.PolicyAttempt tried = host.adopt(a.version(), a.files(), a.activatedBy());
                if (tried != null && tried.activated()) {
                    LOG.infof("policy %s adopted from the cluster (activated by %s)", a.version(), a.activatedBy());
                } else {
                    // an owner of this node refused it (or it does not compile here): this node stays on its
                    // version, which it announces, so the split shows on GET /api/cluster of every node
                    LOG.errorf("policy %s from the cluster (activated by %s) refused on node %s, which stays on %s: %s",
                            a.version(), a.activatedBy(), settings.nodeId(), host.active() == null ? "none"
                                    : host.active().version(), tried == null ? "" : tried.messages());
                }
                return;
            } catch (CommandException e) {
                sleep(); // another compile runs: try again
            } catch (IOException e) {
                LOG.errorf("policy %s from the cluster not activated: %s", a.version(), e.getMessage());
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Journals a candidate proposed on this node, so that every node archives it. */
    public void proposed(io.conclave.engine.policy.PolicyHost.Proposed p) {
        try {
            Activation a = new Activation(p.version(), p.by(), p.files(), CANDIDATE, p.from(), p.note());
            producer.send(new ProducerRecord<>(settings.policyTopic(), CANDIDATE, Json.MAPPER.writeValueAsString(a)))
                    .get(20, TimeUnit.SECONDS);
            LOG.infof("candidate policy %s shared with the cluster", p.version());
        } catch (Exception e) {
            LOG.errorf("candidate policy %s could not be shared with the cluster: %s", p.version(), e.getMessage());
        }
    }

    /** Journals a version this node activated, unless it came from the topic. */
    public void published(Policy p) {
        if (p.version().equals(latest)) {
            return;
        }
        try {
            Activation a = new Activation(p.version(), p.activatedBy(), p.files());
            producer.send(new ProducerRecord<>(settings.policyTopic(), "active", Json.MAPPER.writeValueAsString(a)))
                    .get(20, TimeUnit.SECONDS);
            LOG.infof("policy %s journaled for the cluster", p.version());
        } catch (Exception e) {
            LOG.errorf("policy %s could not be journaled for the cluster: %s", p.version(), e.getMessage());
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
