package io.conclave.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.Engine;
import io.conclave.app.cluster.Cluster;
import io.conclave.app.cluster.NodeDirectory;

/** Where this node stands in its cluster: the partitions it serves, and the nodes as they announced themselves. */
@Path("/api/cluster")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration")
@jakarta.annotation.security.RolesAllowed({io.conclave.app.Caller.ADMIN, io.conclave.app.Caller.OPERATOR})
public class ClusterResource {
    private final Engine engine;

    public ClusterResource(Engine engine) {
        this.engine = engine;
    }

    /** This node in its cluster; {@code clustered: false} for one node with journals in files. */
    public record ClusterView(boolean clustered, String node, List<String> serving,
                              List<NodeDirectory.Announcement> nodes, List<String> takeovers) {
    }

    @GET
    @Operation(operationId = "getCluster", summary = "This node's partitions, the nodes of the cluster and the partitions each serves")
    public ClusterView get() {
        Cluster c = engine.cluster();
        if (c == null) {
            return new ClusterView(false, null, List.of(), List.of(), List.of());
        }
        return new ClusterView(true, c.nodeId(), c.node().serving().stream().map(Object::toString).toList(),
                c.directory().nodes(), c.node().takeovers());
    }
}
