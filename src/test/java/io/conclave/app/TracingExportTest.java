package io.conclave.app;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.api.DamagedOwnerResourceTest;
import io.conclave.app.observe.Tracing;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * With an OTLP/HTTP endpoint configured, the service exports a span per command there: a collector (a
 * plain HTTP server standing in for one, {@link TraceCollector}) receives protobuf batches naming the command and
 * its policy version. It runs in the seeded data folder's application, whose profile brings the collector (a
 * profile is an application built and started of its own; none of the other classes there reads spans).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(DamagedOwnerResourceTest.Seeded.class)
public class TracingExportTest {
    /** What the collector received, filled by Quarkus from the profile's {@link TraceCollector}. */
    TraceCollector.Received received;

    @Inject
    Tracing tracing;

    @Test
    void aCommandsSpanReachesTheCollector() {
        assertTrue(tracing.enabled());
        exportsTo();
    }

    private void exportsTo() {
        RestAssured.given().contentType(ContentType.JSON)
                .body(project("traced").agent(agent("ann").skill("x", 5)).task(task("t1").needs("x", 1)).json())
                .post("/api/projects").then().statusCode(201);
        RestAssured.given().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .post("/api/projects/traced/tasks/t1/start").then().statusCode(200);
        tracing.flush();
        // the other classes of the application send spans too: this project's are the ones naming it
        await().atMost(Duration.ofSeconds(10)).until(() -> received.batches().stream().anyMatch(TracingExportTest::ours));
        String[] batch = received.batches().stream().filter(TracingExportTest::ours).findFirst().orElseThrow();
        assertEquals("application/x-protobuf", batch[0]);
        // protobuf keeps strings as their bytes: the attributes are there by name and value
        assertTrue(batch[1].contains("conclave.policy.version") && batch[1].contains("conclave.owner.id")
                && batch[1].contains("traced") && batch[1].contains("workflow"), "a span of the report");
    }

    /** A batch with the span of this test's task report. */
    private static boolean ours(String[] batch) {
        return batch[1].contains("project task_event") && batch[1].contains("traced");
    }
}
