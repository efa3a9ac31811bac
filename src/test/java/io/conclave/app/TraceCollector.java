package io.conclave.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for an OTLP/HTTP collector (a plain HTTP server on a free loopback port that keeps what it is sent), as
 * a test resource of a profile: it listens before the service starts, the service exports its spans to it
 * ({@code conclave.tracing.otlp-endpoint}), and it stops after the service. A test of that profile reads what
 * arrived from a {@link Received} field, which Quarkus fills.
 */
public class TraceCollector implements QuarkusTestResourceLifecycleManager {
    private final Received received = new Received();
    private HttpServer server;

    /** What the collector received: the content type and the body (bytes as ISO-8859-1 text) of each POST. */
    public static final class Received {
        private final List<String[]> batches = new CopyOnWriteArrayList<>();

        public List<String[]> batches() {
            return batches;
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.batches.add(new String[] {exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.ISO_8859_1)});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return Map.of("conclave.tracing.otlp-endpoint",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(received, new TestInjector.MatchesType(Received.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
