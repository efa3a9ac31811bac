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
@jakarta.annotation.security.RolesAllowed({io.conclave.app.access.Caller.ADMIN, io.conclave.app.access.Caller.OPERATOR})
public class ClusterResource {
    private final Engine engine;
    private final io.conclave.app.followup.FollowUps followUps;

    public ClusterResource(Engine engine, io.conclave.app.followup.FollowUps followUps) {
        this.engine = engine;
        this.followUps = followUps;
    }

    /**
     * A follow-up command another node sends to this one for an owner this node serves (a meeting task's
     * meeting, its outcome for the project...): run as the actor it names, once per key. Nodes only (admin).
     */
    @jakarta.ws.rs.POST
    @Path("/follow-ups")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @jakarta.annotation.security.RolesAllowed(io.conclave.app.access.Caller.ADMIN)
    @Operation(hidden = true) // between nodes, not for clients: docs/cluster.md describes it
    public io.conclave.app.followup.ClusterOwnerCommands.Answer followUp(io.conclave.app.followup.ClusterOwnerCommands.Wire wire) {
        return new io.conclave.app.followup.ClusterOwnerCommands.Answer(
                followUps.receive(wire).name().toLowerCase(java.util.Locale.ROOT));
    }

    /** This node in its cluster; {@code clustered: false} for one node with journals in files. */
    public record ClusterView(boolean clustered, String node, List<String> serving,
                              List<NodeDirectory.Announcement> nodes, List<String> takeovers) {
    }

    /**
     * Who serves one owner: its partition, the node that announced it serves it (with its URL), and how this node
     * stands to it. {@code served_by} is null while the partition is moving (no node claims it).
     */
    public record OwnerView(String kind, String id, String partition, String servedBy, String url, String here) {
    }

    @GET
    @Path("/owners/{kind}/{id}")
    @Operation(operationId = "getClusterOwner", summary = "Which node serves a project, meeting or conversation")
    public OwnerView owner(@jakarta.ws.rs.PathParam("kind") String kind, @jakarta.ws.rs.PathParam("id") String id) {
        if (!List.of("project", "meeting", "conversation").contains(kind)) {
            throw new ApiException(404, "kind_not_found", "no kind of owner '" + kind
                    + "': project, meeting or conversation", List.of());
        }
        Cluster c = engine.cluster();
        if (c == null) {
            return new OwnerView(kind, id, null, null, null, "one node: every owner is served here");
        }
        Cluster.Owner o = c.owner(kind, id);
        return new OwnerView(kind, id, o.partition(), o.node(), o.url(), o.here());
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
