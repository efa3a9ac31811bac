package io.conclave.api;

import java.net.ConnectException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.app.Engine;
import io.conclave.app.cluster.Cluster;
import io.conclave.model.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * In a cluster, a request about one owner named in its path (a project, a meeting, a conversation; a consensus by its
 * meeting) that reaches a node which does not serve it is forwarded on the event loop, before this node authenticates
 * it or reads its body, with its body streamed through: the node serving the owner does both, and its answer is
 * relayed as it is. {@link ClusterForwarding} does the rest with the same rules: creations (their owner is named in
 * the body), lists (they span every node), and an owner found moving here ({@code 503 <kind>_moving}). Before, every
 * forwarded request went through this node's REST layer and a worker thread blocked on the JDK's HTTP client: a
 * request sent to any of three nodes cost about 1.2 ms of CPU more than one sent to its owner's node.
 */
@ApplicationScoped
public class ForwardingRoute {
    /** After CORS (order -300: its headers are this node's), before authentication (-200) and every body handler. */
    private static final int ORDER = -250;
    /** The answer's headers relayed besides {@code Location} (made followable) and the body's length. */
    private static final List<String> RELAYED = List.of("Content-Type", "Retry-After", "WWW-Authenticate");
    /** The context key under which Quarkus' HTTP metrics find a request's route template. */
    static final String METRIC_ROUTE = "UrlPathTemplate";

    /** What forwarding asks of the cluster: where an owner is served, this node's name, a forwarded request's patience. */
    interface Routing {
        Cluster.Route route(String kind, String id);

        String nodeId();

        long patienceMillis();
    }

    /** This node's cluster as forwarding sees it; null on one node. */
    private final java.util.function.Supplier<Routing> routing;
    private HttpClient client;

    @jakarta.inject.Inject
    public ForwardingRoute(Engine engine) {
        this(() -> {
            Cluster cluster = engine.cluster();
            return cluster == null ? null : new Routing() {
                @Override
                public Cluster.Route route(String kind, String id) {
                    return cluster.route(kind, id);
                }

                @Override
                public String nodeId() {
                    return cluster.nodeId();
                }

                @Override
                public long patienceMillis() {
                    return ClusterForwarding.patience(cluster).toMillis();
                }
            };
        });
    }

    ForwardingRoute(java.util.function.Supplier<Routing> routing) {
        this.routing = routing;
    }

    void route(@Observes Router router, Vertx vertx) {
        // HTTP/1.1 with kept-alive connections, as the REST filter's client (h2c is taken up by the nodes)
        client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true).setConnectTimeout(2000), new PoolOptions().setHttp1MaxSize(32));
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        Routing cluster = routing.get();
        HttpServerRequest request = rc.request();
        String path = cluster == null || request.getHeader(ClusterForwarding.FORWARDED) != null ? null
                : decoded(request.path());
        String[] owner = path == null ? null : ClusterForwarding.ownerIn(request.method().name(), path);
        Cluster.Route route = owner == null ? null : cluster.route(owner[0], owner[1]);
        if (route == null || route.kind() != Cluster.Route.Kind.FORWARD) {
            rc.next(); // served here, not an owner's path, or moving: the REST layer answers
            return;
        }
        request.pause(); // the body waits for the forwarded request, which streams it
        meteredAs(ClusterForwarding.forwardedRoute(request.method().name(), path));
        RequestOptions to = new RequestOptions().setMethod(request.method())
                .setAbsoluteURI(route.url() + request.uri())
                .setConnectTimeout(2000).setIdleTimeout(cluster.patienceMillis())
                .putHeader(ClusterForwarding.FORWARDED, cluster.nodeId());
        for (String h : ClusterForwarding.COPIED) {
            String v = request.getHeader(h);
            if (v != null) {
                to.putHeader(h, v);
            }
        }
        String length = request.getHeader("Content-Length");
        if (length != null) {
            to.putHeader("Content-Length", length); // a stated length, not chunks: the node reads it on its event loop
        }
        client.request(to).onComplete(opened -> {
            if (opened.failed()) { // no connection: nothing was sent
                refuse(rc, false, owner[0], owner[1], route.url(), opened.cause());
                return;
            }
            opened.result().send(request)
                    .compose(answer -> answer.body().map(body -> relay(rc, route.url(), answer, body)))
                    .onFailure(e -> refuse(rc, !(e instanceof ConnectException), owner[0], owner[1], route.url(), e));
        });
    }

    /**
     * Names the route this request's HTTP metrics are kept under (Quarkus' Micrometer binder reads it from the
     * request's context, as the REST layer sets it for its own routes). Without it a forwarded request was metered
     * under its raw path, one series an owner, until the binder's limit of URI tags (100) denied every new one,
     * whatever its route. The handler runs on the request's own context (Vert.x gives each request a duplicate of its
     * connection's), so the name stays with this request.
     */
    private static void meteredAs(String route) {
        io.vertx.core.Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(METRIC_ROUTE, route);
        }
    }

    /** The path as the REST layer sees it (percent-decoded), so both route an owner alike; null when it does not decode. */
    private static String decoded(String raw) {
        try {
            return raw.indexOf('%') < 0 ? raw : java.net.URLDecoder.decode(raw.replace("+", "%2B"),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Void relay(RoutingContext rc, String base, HttpClientResponse answer, Buffer body) {
        var out = rc.response().setStatusCode(answer.statusCode());
        for (String h : RELAYED) {
            String v = answer.getHeader(h);
            if (v != null) {
                out.putHeader(h, v);
            }
        }
        String location = answer.getHeader("Location");
        if (location != null) {
            var addressed = rc.request().authority(); // none: an HTTP/1.0 request without a Host
            out.putHeader("Location", addressed == null ? location : ClusterForwarding.followable(location, base,
                    rc.request().scheme() + "://" + addressed.host() + (addressed.port() >= 0 ? ":" + addressed.port()
                            : "") + "/"));
        }
        out.end(body);
        return null;
    }

    /**
     * The node serving the owner did not answer: never reached (nothing {@code sent}, nothing applied: 503), or reached
     * and silent (a write may have been applied there: 504; a read: 503). The body not streamed is let go.
     */
    private static void refuse(RoutingContext rc, boolean sent, String kind, String id, String base, Throwable e) {
        letGo(rc.request());
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        String why = "its node at " + base + " did not answer (" + e.getClass().getSimpleName() + ")";
        HttpMethod method = rc.request().method();
        boolean unknown = sent && method != HttpMethod.GET && method != HttpMethod.HEAD;
        ApiError error = unknown ? ClusterForwarding.unknownError(kind, id, why)
                : ClusterForwarding.movingError(kind, id, why);
        try {
            rc.response().setStatusCode(unknown ? 504 : 503).putHeader("Retry-After", unknown ? "2" : "1")
                    .putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.MAPPER.writeValueAsBytes(error)));
        } catch (JsonProcessingException j) {
            rc.fail(500, j);
        }
    }

    /**
     * Lets the body that was not streamed go, so that an HTTP/1.1 connection stays usable. A request whose body has
     * ended has nothing left to let go, and an HTTP/2 one refuses to be resumed then (it throws): that refusal once
     * escaped {@link #refuse}, and the caller was never answered.
     */
    private static void letGo(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        try {
            request.resume();
        } catch (IllegalStateException ended) {
            // ended in the meantime: nothing left to let go
        }
    }
}
