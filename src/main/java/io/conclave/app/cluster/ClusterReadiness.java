package io.conclave.app.cluster;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.conclave.app.Engine;

/**
 * In a cluster, ready only while this node can take writes: Kafka answers it, the nodes' group gave it its
 * partitions, and none of them is still being taken over. A load balancer then keeps writes away from a node that
 * could only refuse them (503). On one node (journals in files) always up.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {
    private final Engine engine;

    public ClusterReadiness(Engine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        Cluster cluster = engine.cluster();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("cluster");
        if (cluster == null) {
            return r.up().withData("clustered", false).build();
        }
        String why = cluster.node().notReady();
        r.status(why == null).withData("clustered", true).withData("node", cluster.nodeId())
                .withData("partitions", cluster.node().serving().size());
        if (why != null) {
            r.withData("not_ready", why);
        }
        return r.build();
    }
}
