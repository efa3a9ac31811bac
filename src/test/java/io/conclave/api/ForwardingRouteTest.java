package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.cluster.Cluster;
import io.conclave.model.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The forwarding route against real HTTP on loopback, with no cluster behind it: a forwarding node (the route, then a
 * stand-in for the REST layer answering 418) and a serving node that answers, or reads the request and drops the
 * connection (a node dying under it). What the route promises: the serving node's answer relayed, its
 * {@code Location} made followable through the forwarding node; a write whose node was reached and went silent 504
 * (it may have been applied there), a read 503; a node never reached 503 (nothing sent); an owner served here, moving,
 * or a request already forwarded left to the REST layer; a percent-encoded id routed as the REST layer decodes it.
 */
class ForwardingRouteTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Vertx vertx;
    private static String forwarding;
    private static String serving;
    private static String nobody;

    @BeforeAll
    static void start() throws Exception {
        // a name that does not resolve fails at once (a query of 200 ms, no retry), not after the resolver's defaults
        vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setAddressResolverOptions(
                new io.vertx.core.dns.AddressResolverOptions().setQueryTimeout(200).setMaxQueries(1)));
        HttpServer servingNode = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if (req.path().contains("p2")) {
                req.connection().close(); // read, maybe applied, never answered
                return;
            }
            req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                    .putHeader("Location", serving + req.path() + "/7")
                    .end(Json.MAPPER.createObjectNode().put("body", body.toString())
                            .put("forwarded_by", req.getHeader(ClusterForwarding.FORWARDED))
                            .put("authorization", req.getHeader("Authorization")).toString());
        }));
        serving = "http://127.0.0.1:" + servingNode.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = "http://127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
        }
        Map<String, Cluster.Route> routes = Map.of(
                "p1", new Cluster.Route(Cluster.Route.Kind.FORWARD, serving, null),
                "p2", new Cluster.Route(Cluster.Route.Kind.FORWARD, serving, null),
                "p3", new Cluster.Route(Cluster.Route.Kind.FORWARD, nobody, null),
                "p4", new Cluster.Route(Cluster.Route.Kind.LOCAL, null, null),
                "p5", new Cluster.Route(Cluster.Route.Kind.UNAVAILABLE, null, "it is moving"),
                "p6", new Cluster.Route(Cluster.Route.Kind.FORWARD, "http://nowhere.invalid:80", null));
        ForwardingRoute.Routing routing = new ForwardingRoute.Routing() {
            @Override
            public Cluster.Route route(String kind, String id) {
                return routes.get(id);
            }

            @Override
            public String nodeId() {
                return "node-a";
            }

            @Override
            public long patienceMillis() {
                return 5_000;
            }
        };
        Router router = Router.router(vertx);
        new ForwardingRoute(() -> routing).route(router, vertx);
        router.route().order(0).handler(rc -> rc.response().setStatusCode(418).end("the REST layer"));
        forwarding = "http://127.0.0.1:" + vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        return send(HTTP, method, path, headers);
    }

    private static HttpResponse<String> send(HttpClient http, String method, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(forwarding + path))
                .timeout(java.time.Duration.ofSeconds(10)).method(method,
                method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"reason\":\"late\"}"));
        b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServingNodesAnswerIsRelayedAndItsLocationFollowable() throws Exception {
        HttpResponse<String> r = send("POST", "/api/projects/p1/interrupts", Map.of("Authorization", "Bearer t"));
        assertEquals(201, r.statusCode(), r.body());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals("{\"reason\":\"late\"}", body.get("body").asText(), "the body streamed through");
        assertEquals("node-a", body.get("forwarded_by").asText());
        assertEquals("Bearer t", body.get("authorization").asText());
        assertEquals(forwarding + "/api/projects/p1/interrupts/7", r.headers().firstValue("Location").orElseThrow());
        // %70%31 is p1, as the REST layer decodes it
        assertEquals(201, send("POST", "/api/projects/%70%31/interrupts", Map.of()).statusCode());
    }

    @Test
    void aWriteWhoseNodeWentSilentMayHaveBeenAppliedAReadOrANodeNeverReachedWasNot() throws Exception {
        HttpResponse<String> write = send("POST", "/api/projects/p2/interrupts", Map.of());
        assertEquals(504, write.statusCode(), write.body());
        assertEquals("project_outcome_unknown", Json.MAPPER.readTree(write.body()).get("error").asText());
        HttpResponse<String> read = send("GET", "/api/projects/p2", Map.of());
        assertEquals(503, read.statusCode(), read.body());
        assertEquals("project_moving", Json.MAPPER.readTree(read.body()).get("error").asText());
        HttpResponse<String> unreached = send("POST", "/api/projects/p3/interrupts", Map.of());
        assertEquals(503, unreached.statusCode(), unreached.body());
        assertEquals("1", unreached.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(unreached.body().contains(nobody), unreached.body());
        // a name that does not resolve: no connection, nothing sent (not a refused connection, yet 503 all the same)
        HttpResponse<String> unresolved = send("POST", "/api/projects/p6/interrupts", Map.of());
        assertEquals(503, unresolved.statusCode(), unresolved.body());
    }

    /**
     * The same over HTTP/2 (the JDK's client upgrades a plain connection to it, h2c, as agents' clients may): the
     * request's body has ended by the time the serving node drops the connection, and an HTTP/2 request refuses to be
     * resumed then. Before, that refusal escaped the route and the caller was never answered: a client of the cluster
     * test waited out its 30 s timeout after a node was killed under a forwarded write.
     */
    @Test
    void overHttp2TooAWriteWhoseNodeWentSilentIsAnswered() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // a first request without a body upgrades the connection; the ones after it go over HTTP/2
        HttpResponse<String> first = send(h2, "GET", "/api/projects/p4", Map.of());
        assertEquals(418, first.statusCode());
        HttpResponse<String> write = send(h2, "POST", "/api/projects/p2/interrupts", Map.of());
        assertEquals(HttpClient.Version.HTTP_2, write.version());
        assertEquals(504, write.statusCode(), write.body());
        assertEquals("project_outcome_unknown", Json.MAPPER.readTree(write.body()).get("error").asText());
        HttpResponse<String> read = send(h2, "GET", "/api/projects/p2", Map.of());
        assertEquals(503, read.statusCode(), read.body());
        assertEquals(201, send(h2, "POST", "/api/projects/p1/interrupts", Map.of()).statusCode());
    }

    @Test
    void whatIsServedHereMovingOrAlreadyForwardedIsLeftToTheRestLayer() throws Exception {
        assertEquals(418, send("GET", "/api/projects/p4", Map.of()).statusCode());
        assertEquals(418, send("GET", "/api/projects/p5", Map.of()).statusCode());
        assertEquals(418, send("POST", "/api/projects/p1/interrupts", Map.of(ClusterForwarding.FORWARDED, "node-b"))
                .statusCode());
        assertEquals(418, send("GET", "/api/agents", Map.of()).statusCode(), "not an owner's path");
    }
}
