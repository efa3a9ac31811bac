package io.conclave.app.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
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
    /** One consumer follows the shared topics (policies, nodes, tokens, inboxes, events) for all of them. */
    private final Followers followers;
    /** One producer writes to the shared topics for all of them (acknowledged by every in-sync replica). */
    private final KafkaProducer<String, String> bus;
    /** Activations before the cluster was joined are this node's start-up: {@link PolicySync#start} settles them. */
    private volatile boolean started;

    public Cluster(KafkaSettings settings, String url, PolicyHost host, PolicyArchive archive,
                   Map<String, OwnerRegistry<?>> registries, java.util.function.Consumer<ServiceEvent> localEvents) {
        this.settings = settings;
        ClusterNode[] member = new ClusterNode[1];
        this.journals = new KafkaJournals(settings, parts -> member[0].reload(parts));
        registries.values().forEach(r -> r.journalsIn(journals));
        this.followers = new Followers(settings);
        this.bus = new KafkaProducer<>(settings.producer(null, "bus"));
        this.directory = new NodeDirectory(settings, followers, bus, url,
                () -> host.active() == null ? null : host.active().version());
        this.policies = new PolicySync(settings, followers, bus, host, archive);
        this.events = new EventBridge(settings, followers, bus, localEvents, directory::othersWantEveryEvent);
        this.node = new ClusterNode(journals, registries, directory, policies);
        member[0] = node;
    }

    /**
     * Warms this node up before it joins the group, within {@code budget} (set before {@link #start}; zero: no
     * warm-up): a throwaway project through the active policy ({@link RulesWarmUp#run}), then the cluster's own
     * owners, read ahead and rebuilt ahead ({@link ClusterNode#prepareAhead}), so that a takeover of the partitions
     * the group then gives this node reads only the records written since and catches their owners up.
     */
    public void warmUpBeforeJoining(io.conclave.engine.owner.JournaledRuntime.Setting setting, Duration budget) {
        node.beforeJoining(() -> {
            long deadline = System.nanoTime() + budget.toNanos();
            String rules = RulesWarmUp.run(setting, budget);
            if (budget.isZero() || budget.isNegative()) {
                return rules;
            }
            policies.catchUp(); // every policy version a journal names is known before it is replayed
            // what is read ahead stays in memory until the takeovers: at most a 32nd of the heap in lines (a few
            // times that parsed), dropped once the group has given this node its partitions; so do the owners
            // rebuilt ahead from it (the ones the group gives this node are caught up, not rebuilt)
            String read = journals.readStandby(deadline, Runtime.getRuntime().maxMemory() / 32);
            return rules + "; " + read + "; " + node.prepareAhead(journals.standbyOwners(), deadline);
        });
    }

    /** Settings from the service's configuration. */
    public static KafkaSettings settings(String bootstrap, String nodeId, String prefix, int partitions, short rf,
                                         Duration sessionTimeout, int maxRecordBytes, Duration writeTimeout,
                                         Duration unknownWait) {
        return new KafkaSettings(bootstrap, prefix, partitions, rf, nodeId, sessionTimeout, maxRecordBytes,
                writeTimeout, unknownWait);
    }

    /**
     * Creates the topics, opens the node's writer, adopts the cluster's policy, and joins: partitions arrive in the
     * background.
     */
    public void start() throws IOException {
        journals.start();
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

    /** An event of an owner this node serves: sent to the others while one of them streams events. */
    public void published(ServiceEvent e) {
        events.send(e);
    }

    /** Whether a client follows an event stream on this node, and when the last one closed: told to the others. */
    public void streams(boolean open, java.time.Instant lastClosed) {
        directory.streams(open, lastClosed);
    }

    /**
     * Where a request for owner {@code id} of {@code kind} goes: here when this node serves it, unavailable while its
     * partition is taken over (or read again) here or claimed by no other node, else forwarded to the node that
     * announced it serves it.
     */
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

    /** Who serves an owner: its partition, the node that claims it and where it listens, and this node's stand. */
    public record Owner(String partition, String node, String url, String here) {
    }

    /** Who serves owner {@code id} of {@code kind}, as this node knows it. */
    public Owner owner(String kind, String id) {
        TopicPartition tp = journals.partition(kind, id);
        ClusterNode.State state = node.state(kind, id);
        if (state == ClusterNode.State.SERVING) {
            return new Owner(tp.toString(), settings.nodeId(), directory.url(), "serving");
        }
        NodeDirectory.Owner o = directory.owner(tp);
        boolean claimed = o != null && !(o.node().equals(settings.nodeId()) && state == null);
        return new Owner(tp.toString(), claimed ? o.node() : null, claimed ? o.url() : null,
                state == ClusterNode.State.RECOVERING ? "taking it over" : "forwarding to its node");
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

    /**
     * The longest a write may take on the node serving its owner before it is settled: the write timeout, then the
     * wait for the fate of a commit that got no answer. A node forwarding a write waits longer than this.
     */
    public java.time.Duration longestWrite() {
        return settings.writeTimeout().plus(settings.unknownWait());
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

    /** The follower of the shared topics. */
    public Followers followers() {
        return followers;
    }

    /** The producer of the shared topics. */
    public KafkaProducer<String, String> bus() {
        return bus;
    }

    @Override
    public void close() {
        node.close();
        events.close();
        policies.close();
        directory.close();
        followers.close();
        bus.close(Duration.ofSeconds(2));
    }
}
