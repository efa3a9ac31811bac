package io.conclave.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import io.conclave.app.Engine;
import io.conclave.app.cluster.Cluster;
import io.conclave.model.Json;

/**
 * In a cluster, a request about one owner (a project, a meeting, a conversation, by the id in its path, or in
 * the body of a creation) that reaches a node which does not serve it is forwarded to the node that does, and
 * that node's answer returned as it is: clients may call any node. While an owner's partition is moving (its
 * node died and another is rebuilding it) the answer is 503 with {@code Retry-After}. A forwarded request is
 * never forwarded again. On one node (no cluster) this does nothing.
 */
public class ClusterForwarding {
    /** Set on a forwarded request: the node that forwarded it. */
    public static final String FORWARDED = "X-Conclave-Forwarded-By";
    private static final Pattern OWNER = Pattern.compile(
            "^/?api/(?:admin/)?(projects|meetings|conversations)/([^/]+)(/.*)?$");
    /** A consensus is read where its meeting is served (the project's node opened it there). */
    private static final Pattern CONSENSUS = Pattern.compile("^/?api/projects/[^/]+/consensus/([^/]+)/?$");
    private static final Pattern CREATION = Pattern.compile("^/?api/(projects|meetings|conversations)/?$");
    static final List<String> COPIED = List.of("Authorization", "Content-Type", "Accept", "Cookie",
            io.conclave.api.security.ContentTypes.HEADER);
    /**
     * Lists that span every node: each node answers for the owners it serves, the answers are merged (the damaged
     * owners too: a node lists those of its partitions).
     */
    private static final Pattern LIST = Pattern.compile(
            "^/?api/(?:(projects|meetings|conversations)|agents/[^/]+/inbox|admin/damaged)/?$");

    private final Engine engine;
    private final io.conclave.app.inbox.AgentInbox inbox;
    /**
     * The client requests are forwarded with, made by the first request forwarded: a single node never forwards, and
     * making one sets up the JDK's TLS (its trust store read, some 600 classes loaded), which took the first request
     * of a start 0.2-0.3 s when this filter was first called. HTTP/1.1, keep-alive connections pooled: the client's
     * default, HTTP/2, is taken up by the nodes (an h2c upgrade on plain HTTP), and three nodes with two requests in
     * three forwarded spent 20 ms of CPU per command against 5.5 ms with every request sent to its node
     * (ClusterBenchmark).
     */
    private static final class Forwarder {
        static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    public ClusterForwarding(Engine engine, io.conclave.app.inbox.AgentInbox inbox) {
        this.engine = engine;
        this.inbox = inbox;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION - 100)
    public Uni<Response> forward(ContainerRequestContext request) throws IOException {
        Cluster cluster = engine.cluster();
        if (cluster == null) {
            return SERVED_HERE;
        }
        String path = request.getUriInfo().getPath();
        String kind;
        String id;
        byte[] body = null;
        Matcher list = LIST.matcher(path);
        if (list.matches() && "GET".equals(request.getMethod()) && request.getHeaderString(FORWARDED) == null
                && !String.valueOf(request.getHeaderString("Accept")).contains("text/event-stream")) {
            return offTheEventLoop(() -> gather(request, cluster, list.group(1)));
        }
        Matcher creation = CREATION.matcher(path);
        String[] named = ownerIn(request.getMethod(), path);
        if (named != null) {
            kind = named[0];
            id = named[1];
        } else if (creation.matches() && "POST".equals(request.getMethod()) && request.hasEntity()) {
            kind = singular(creation.group(1));
            body = request.getEntityStream().readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(body));
            id = idIn(body, kind);
            if (id == null) {
                return SERVED_HERE; // the service itself says what is wrong with the body
            }
        } else {
            return SERVED_HERE;
        }
        Cluster.Route route = cluster.route(kind, id);
        if (route.kind() == Cluster.Route.Kind.LOCAL) {
            return SERVED_HERE;
        }
        if (route.kind() == Cluster.Route.Kind.UNAVAILABLE || request.getHeaderString(FORWARDED) != null) {
            return Uni.createFrom().item(moving(kind, id, route.why() != null ? route.why()
                    : "the node that forwarded it believed this one serves it"));
        }
        if (body == null && request.hasEntity()) {
            body = request.getEntityStream().readAllBytes();
        }
        byte[] sent = body;
        return offTheEventLoop(() -> send(request, cluster, route.url(), sent, kind, id));
    }

    /** Nothing to forward: the request goes on to its endpoint here. */
    private static final Uni<Response> SERVED_HERE = Uni.createFrom().nullItem();

    /**
     * A call to another node, made where the request is when that is a request worker; from one of Quarkus's
     * workers when the request is on an event loop (an endpoint whose command runs on the {@link
     * io.conclave.app.CommandLane}), which must never wait for the network.
     */
    private static Uni<Response> offTheEventLoop(Supplier<Response> call) {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(call.get());
        }
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response send(ContainerRequestContext request, Cluster cluster, String base, byte[] body, String kind,
                          String id) {
        String nodeId = cluster.nodeId();
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        URI target = URI.create(base + request.getUriInfo().getRequestUri().getRawPath() + (query == null ? "" : "?" + query));
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(patience(cluster))
                .method(request.getMethod(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(FORWARDED, nodeId);
        for (String h : COPIED) {
            String v = request.getHeaderString(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        try {
            HttpResponse<byte[]> answer = Forwarder.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder out = Response.status(answer.statusCode()).entity(answer.body());
            for (String h : List.of("Content-Type", "Retry-After", "WWW-Authenticate")) {
                answer.headers().firstValue(h).ifPresent(v -> out.header(h, v));
            }
            answer.headers().firstValue("Location").ifPresent(v -> out.header("Location", followable(v, base, request)));
            return out.build();
        } catch (java.net.ConnectException e) {
            // never reached the node: nothing was sent, so nothing was applied
            return moving(kind, id, "its node at " + base + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                return unknown(kind, id, "its node at " + base + " did not answer in time ("
                        + e.getClass().getSimpleName() + ")");
            }
            return moving(kind, id, "its node at " + base + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return moving(kind, id, "interrupted");
        }
    }

    /**
     * Asks every node serving partitions (this one included, through its own port) for its part of a list, and
     * merges the arrays, ordered by the owner's id when the items have one (stable: each node's order is kept); an
     * agent's inbox items by the order every node keeps them in, and a node that does not know the agent adds none.
     */
    private Response gather(ContainerRequestContext request, Cluster cluster, String plural) {
        com.fasterxml.jackson.databind.node.ArrayNode all = Json.MAPPER.createArrayNode();
        boolean agents = request.getUriInfo().getPath().contains("/inbox");
        Response unknown = null;
        int parts = 0;
        for (String url : cluster.directory().servingUrls()) {
            Response part = send(request, cluster, url, null, "node", url);
            if (agents && part.getStatus() == 404) {
                unknown = part; // the agent is in no owner of that node and has no item there: its part is empty
                continue;
            }
            if (part.getStatus() != 200) {
                return part;
            }
            parts++;
            try {
                JsonNode items = Json.MAPPER.readTree((byte[]) part.getEntity());
                items.forEach(all::add);
            } catch (IOException e) {
                return moving("node", url, "its answer did not read");
            }
        }
        if (agents && parts == 0 && unknown != null) {
            return unknown;
        }
        String key = plural == null ? "project_id" : plural.substring(0, plural.length() - 1) + "_id";
        List<JsonNode> sorted = new java.util.ArrayList<>();
        all.forEach(sorted::add);
        if (agents) {
            // an agent's items in the order every node keeps them (the inbox topic's), oldest first
            sorted.sort(java.util.Comparator.comparingLong(n -> inbox.position(n.path("item_id").asText())));
        } else {
            sorted.sort(java.util.Comparator.comparing(n -> n.path(key).asText("")));
        }
        return Response.ok(Json.MAPPER.createArrayNode().addAll(sorted), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * How long a forwarded request may take: more than the serving node takes to settle a write (its write timeout
     * and the wait for a commit's unknown fate), so a forwarder never answers before the node that applies it.
     */
    static Duration patience(Cluster cluster) {
        return cluster.longestWrite().plusSeconds(30);
    }

    /**
     * A {@code Location} the client can follow: the serving node's own URL (behind the balancer, not reachable by
     * the client) becomes this request's, as the client addressed it.
     */
    private static String followable(String location, String base, ContainerRequestContext request) {
        return followable(location, base, request.getUriInfo().getBaseUri().toString());
    }

    /** The same, {@code here} being the base URL the client addressed. */
    static String followable(String location, String base, String here) {
        if (!location.startsWith(base)) {
            return location;
        }
        String path = location.substring(base.length());
        return (here.endsWith("/") ? here.substring(0, here.length() - 1) : here) + path;
    }

    /**
     * A write forwarded to its node whose answer never came (the node died or hung under it): it may or may not
     * have been applied there, so the answer says so (504) rather than "not applied" (503).
     */
    private static Response unknown(String kind, String id, String why) {
        return Response.status(504).header("Retry-After", "2").type(MediaType.APPLICATION_JSON_TYPE)
                .entity(unknownError(kind, id, why)).build();
    }

    static ApiError unknownError(String kind, String id, String why) {
        return new ApiError(kind + "_outcome_unknown", kind + " '" + id + "': " + why + "; it may or may not "
                + "have been applied: read it before sending the request again", List.of());
    }

    private static Response moving(String kind, String id, String why) {
        return Response.status(503).header("Retry-After", "1").type(MediaType.APPLICATION_JSON_TYPE)
                .entity(movingError(kind, id, why)).build();
    }

    static ApiError movingError(String kind, String id, String why) {
        return new ApiError(kind + "_moving", kind + " '" + id + "' cannot be reached now: " + why + "; try again "
                + "shortly", List.of());
    }

    /**
     * The owner a request names in its path ({kind, id}), or null: an owner's own paths, and a consensus read (where
     * its meeting is served). Creations name theirs in the body.
     */
    static String[] ownerIn(String method, String path) {
        Matcher consensus = CONSENSUS.matcher(path);
        if (consensus.matches() && "GET".equals(method)) {
            return new String[] {"meeting", consensus.group(1)};
        }
        Matcher owner = OWNER.matcher(path);
        if (owner.matches() && !"damaged".equals(owner.group(2))) {
            return new String[] {singular(owner.group(1)), owner.group(2)};
        }
        return null;
    }

    /**
     * The route a request forwarded for its owner is metered under on the forwarding node: its owner's kind with the
     * id left out, named as the REST layer names it, and the rest of the path as one wildcard
     * ({@code /api/projects/{project_id}/**}); the node serving the owner meters it under its own route. The request
     * is one {@link #ownerIn} named an owner in, read the same way.
     */
    static String forwardedRoute(String method, String path) {
        if ("GET".equals(method) && CONSENSUS.matcher(path).matches()) {
            return "/api/projects/{project_id}/consensus/{consensus_id}";
        }
        Matcher owner = OWNER.matcher(path);
        if (!owner.matches()) {
            throw new IllegalArgumentException("no owner is named in " + path);
        }
        String admin = path.startsWith("/api/admin/") || path.startsWith("api/admin/") ? "admin/" : "";
        String rest = owner.group(3);
        return "/api/" + admin + owner.group(1) + "/{" + singular(owner.group(1)) + "_id}"
                + (rest == null || rest.equals("/") ? "" : "/**");
    }

    private static String idIn(byte[] body, String kind) {
        try {
            JsonNode n = Json.MAPPER.readTree(body).get(kind + "_id");
            return n != null && n.isTextual() ? n.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String singular(String plural) {
        return plural.substring(0, plural.length() - 1);
    }
}
