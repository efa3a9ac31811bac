package io.conclave.app;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.sun.net.httpserver.HttpServer;

import io.conclave.api.ApiSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.conclave.app.observe.Tracing;

/**
 * With an OTLP/HTTP endpoint configured, the service exports a span per command there: a collector (a
 * plain HTTP server standing in for one, listening in the test on the port the profile configured) receives
 * protobuf batches naming the command and its policy version.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(TracingExportTest.WithCollector.class)
public class TracingExportTest {
    /** What the collector received: content type and body of each POST. */
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    /** The collector's port: chosen by the profile before the service starts (system properties cross class loaders). */
    private static final String PORT = "tracing-export-test.collector-port";

    /** Points the service at a collector on a free loopback port; the test listens there before any command. */
    public static class WithCollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (Integer.getInteger(PORT) == null) { // Quarkus asks more than once: one port for all
                try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    System.setProperty(PORT, Integer.toString(free.getLocalPort()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            int port = Integer.getInteger(PORT);
            return ApiSupport.profile(Map.of("conclave.tracing.otlp-endpoint", "http://127.0.0.1:" + port + "/v1/traces",
                    "conclave.data-dir", ApiSupport.freshFolder("tracing-data").toString()));
        }
    }

    @Inject
    Tracing tracing;

    @Test
    void aCommandsSpanReachesTheCollector() throws IOException {
        assertTrue(tracing.enabled());
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger(PORT)), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new String[] {exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.ISO_8859_1)});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            exportsTo();
        } finally {
            collector.stop(0);
        }
    }

    private void exportsTo() {
        RestAssured.given().contentType(ContentType.JSON)
                .body(project("traced").agent(agent("ann").skill("x", 5)).task(task("t1").needs("x", 1)).json())
                .post("/api/projects").then().statusCode(201);
        RestAssured.given().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .post("/api/projects/traced/tasks/t1/start").then().statusCode(200);
        tracing.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                .anyMatch(r -> r[1].contains("project task_event")));
        String[] batch = received.stream().filter(r -> r[1].contains("project task_event")).findFirst().orElseThrow();
        assertEquals("application/x-protobuf", batch[0]);
        // protobuf keeps strings as their bytes: the attributes are there by name and value
        assertTrue(batch[1].contains("conclave.policy.version") && batch[1].contains("conclave.owner.id")
                && batch[1].contains("traced") && batch[1].contains("workflow"), "a span of the report");
    }
}
