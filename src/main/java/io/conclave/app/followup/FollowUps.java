package io.conclave.app.followup;

import jakarta.enterprise.context.ApplicationScoped;
import io.conclave.app.Engine;
import io.conclave.app.access.TokenService;

/**
 * The service's {@link OwnerCommands}: this node's owners on one node, routed to the serving node in a cluster.
 * Every workflow that spans two owners sends its follow-ups through here.
 */
@ApplicationScoped
public class FollowUps implements OwnerCommands {
    /** How often follow-ups that could not be delivered are sent again (a cluster only). */
    static final java.time.Duration RETRY_EVERY = java.time.Duration.ofSeconds(30);

    private final OwnerCommands commands;
    private final ClusterOwnerCommands cluster;
    private final UndeliveredFollowUps undelivered;

    public FollowUps(Engine engine, TokenService tokens, io.quarkus.scheduler.Scheduler scheduler) {
        LocalOwnerCommands local = new LocalOwnerCommands(engine.projects(), engine.meetings());
        this.cluster = engine.cluster() == null ? null
                : new ClusterOwnerCommands(engine.cluster(), local, () -> tokens.nodeToken(engine.cluster().nodeId()));
        this.undelivered = cluster == null ? null : new UndeliveredFollowUps(cluster);
        this.commands = cluster == null ? local : undelivered;
        if (undelivered != null) {
            // a follow-up whose target stayed unreachable for ClusterOwnerCommands.PATIENCE is sent again later
            scheduler.newJob("conclave-follow-ups").setInterval(RETRY_EVERY.toString())
                    .setConcurrentExecution(io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> undelivered.retry()).schedule();
        }
    }

    @Override
    public Outcome send(FollowUp followUp) {
        return commands.send(followUp);
    }

    /**
     * In a cluster, what the node serving owner {@code id} answers to a GET of {@code path}; null on one node or
     * when this node serves the owner (read it here).
     */
    public com.fasterxml.jackson.databind.JsonNode readElsewhere(String kind, String id, String path) {
        return cluster == null ? null : cluster.read(kind, id, path);
    }

    /** A follow-up another node sent to this one (a cluster only; 404 on one node). */
    public Outcome receive(ClusterOwnerCommands.Wire wire) {
        if (cluster == null) {
            throw new io.conclave.model.CommandException(io.conclave.model.CommandException.Kind.NOT_FOUND,
                    "not_clustered", "this node is not part of a cluster");
        }
        return cluster.receive(wire);
    }
}
