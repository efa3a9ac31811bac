package io.conclave.app.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.journal.PolicyArchive;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.model.ServiceEvent;

/**
 * This node's part in a cluster of nodes sharing Kafka: the owners' journals on topic partitions
 * ({@link KafkaJournals}), the partitions it serves ({@link ClusterNode}), who serves the others
 * ({@link NodeDirectory}), one policy for all ({@link PolicySync}) and one event stream ({@link EventBridge}).
 * A request for an owner this node does not serve is forwarded to the node that does ({@link #route}).
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Cluster.class);

    /** Where a request for an owner goes. */
    public record Route(Kind kind, String url, String why) {
        public enum Kind { LOCAL, FORWARD, UNAVAILABLE }
    }

    private final KafkaSettings settings;
    private final KafkaJournals journals;
    private final NodeDirectory directory;
    private final PolicySync policies;
    private final EventBridge events;
    private final ClusterNode node;
    /** Activations before the cluster was joined are this node's start-up: {@link PolicySync#start} settles them. */
    private volatile boolean started;

    public Cluster(KafkaSettings settings, String url, PolicyHost host, PolicyArchive archive,
                   Map<String, OwnerRegistry<?>> registries, java.util.function.Consumer<ServiceEvent> localEvents) {
        this.settings = settings;
        this.journals = new KafkaJournals(settings);
        registries.values().forEach(r -> r.journalsIn(journals));
        this.directory = new NodeDirectory(settings, url, () -> host.active() == null ? null : host.active().version());
        this.policies = new PolicySync(settings, host, archive);
        this.events = new EventBridge(settings, localEvents);
        this.node = new ClusterNode(journals, registries, directory, policies);
    }

    /** Settings from the service's configuration. */
    public static KafkaSettings settings(String bootstrap, String nodeId, String prefix, int partitions, short rf,
                                         Duration sessionTimeout, int maxRecordBytes) {
        return new KafkaSettings(bootstrap, prefix, partitions, rf, nodeId, sessionTimeout, maxRecordBytes);
    }

    /** Creates the topics, adopts the cluster's policy, and joins: partitions arrive in the background. */
    public void start() throws IOException {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(settings.admin())) {
            journals.createTopics(admin);
        }
        policies.start();
        directory.start();
        events.start();
        started = true;
        node.start();
        LOG.infof("node %s joins the cluster at %s: %d partitions per kind, served at %s", settings.nodeId(),
                settings.bootstrapServers(), settings.partitions(), directory.url());
    }

    /** A policy activated on this node (here, or adopted from the topic): journaled for the others, and announced. */
    public void activated(Policy p) {
        if (started) {
            policies.published(p);
            directory.policyChanged();
        }
    }

    /** A candidate proposed on this node: shared with the others (archived there, not activated). */
    public void proposed(io.conclave.engine.policy.PolicyHost.Proposed p) {
        if (started) {
            policies.proposed(p);
        }
    }

    /** An event of an owner this node serves: sent to the others. */
    public void published(ServiceEvent e) {
        events.send(e);
    }

    /** Where a request for owner {@code id} of {@code kind} goes. */
    public Route route(String kind, String id) {
        ClusterNode.State state = node.state(kind, id);
        TopicPartition tp = journals.partition(kind, id);
        if (state == ClusterNode.State.SERVING) {
            return new Route(Route.Kind.LOCAL, null, null);
        }
        if (state == ClusterNode.State.RECOVERING) {
            return new Route(Route.Kind.UNAVAILABLE, null, "this node is rebuilding the owners of " + tp);
        }
        NodeDirectory.Owner owner = directory.owner(tp);
        if (owner == null || owner.node().equals(settings.nodeId())) {
            return new Route(Route.Kind.UNAVAILABLE, null, "no node serves " + tp + " right now (it is moving)");
        }
        return new Route(Route.Kind.FORWARD, owner.url(), "served by node " + owner.node());
    }

    /**
     * Tells {@code listener} the owners (kind, ids) of every partition this node takes over, once it serves them:
     * their workflows catch up with what the node that served them before may have left undone.
     */
    public void onServing(java.util.function.BiConsumer<String, List<String>> listener) {
        node.onServing(listener);
    }

    public KafkaSettings settings() {
        return settings;
    }

    public String nodeId() {
        return settings.nodeId();
    }

    public NodeDirectory directory() {
        return directory;
    }

    public ClusterNode node() {
        return node;
    }

    @Override
    public void close() {
        node.close();
        events.close();
        policies.close();
        directory.close();
    }
}
