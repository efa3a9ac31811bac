package io.conclave.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.conclave.api.ApiSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * With an OTLP/HTTP endpoint configured, the service exports a span per command there: a collector (a
 * plain HTTP server standing in for one) receives protobuf batches naming the command and its policy version.
 */
@QuarkusTest
@TestProfile(TracingExportTest.WithCollector.class)
class TracingExportTest {
    /** What the collector received: content type and body of each POST. */
    static final List<String[]> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer collector;

    /** Starts the collector before the service, and points the service at it. */
    public static class WithCollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                collector.createContext("/v1/traces", exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    RECEIVED.add(new String[] {exchange.getRequestHeaders().getFirst("Content-Type"),
                            new String(body, StandardCharsets.ISO_8859_1)});
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                collector.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("conclave.tracing.otlp-endpoint",
                    "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces",
                    "conclave.data-dir", ApiSupport.freshFolder("tracing-data").toString());
        }
    }

    @Inject
    Tracing tracing;

    @Test
    void aCommandsSpanReachesTheCollector() {
        assertTrue(tracing.enabled());
        RestAssured.given().contentType(ContentType.JSON).body("""
                {"project_id": "traced", "agents": [{"agent_id": "ann", "skill_levels": {"x": 5}}],
                 "tasks": [{"task_id": "t1", "required_skills": {"x": 1}}]}""").post("/api/projects").then().statusCode(201);
        RestAssured.given().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .post("/api/projects/traced/tasks/t1/start").then().statusCode(200);
        tracing.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.stream()
                .anyMatch(r -> r[1].contains("project task_event")));
        String[] batch = RECEIVED.stream().filter(r -> r[1].contains("project task_event")).findFirst().orElseThrow();
        assertEquals("application/x-protobuf", batch[0]);
        // protobuf keeps strings as their bytes: the attributes are there by name and value
        assertTrue(batch[1].contains("conclave.policy.version") && batch[1].contains("conclave.owner.id")
                && batch[1].contains("traced") && batch[1].contains("workflow"), "a span of the report");
    }
}
