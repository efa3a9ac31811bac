package io.conclave.app.observe;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.CommandException;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.TaskEvent;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/** A span per command, tagged with what an operator looks for: the owner, the outcome, the rules and the policy. */
public class TracingTest {

    @Test
    void everyCommandIsASpanWithItsOwnerOutcomeFiringsPolicyAndChapters(@TempDir Path data) throws IOException {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        Tracing tracing = new Tracing(exported);
        var policy = RulesFixture.policy();
        var policies = new io.conclave.engine.policy.PolicySource() {
            @Override
            public io.conclave.engine.policy.Policy active() { return policy; }

            @Override
            public io.conclave.engine.policy.Policy byVersion(String version) { return policy; }
        };
        try (ProjectRegistry projects = new ProjectRegistry(data, new JournaledRuntime.Setting(policies, 100_000,
                Clock.systemUTC(), e -> { }, tracing::commandDone), ProjectRegistry.NO_RUNS)) {
            projects.create(Json.MAPPER.readValue(project("traced").agent(agent("ann").skill("x", 5))
                    .task(task("t1").needs("x", 1)).json(), ProjectSpec.class), "ops");
            projects.get("traced").report(TaskEvent.Kind.START, "t1", "ann", s -> { });
            // bob is no agent of the project: refused by the guard before the rules, nothing changes
            assertThrows(CommandException.class, () -> projects.get("traced").report(TaskEvent.Kind.COMPLETE, "t1",
                    "ann", s -> {
                        throw new CommandException(CommandException.Kind.CONFLICT, "not_now", "refused by the test");
                    }));
        }
        tracing.flush();
        List<SpanData> spans = exported.getFinishedSpanItems();
        // the creation is a command too, then the two reports
        assertEquals(List.of("project create", "project task_event", "project task_event"),
                spans.stream().map(SpanData::getName).toList());
        SpanData created = spans.get(0);
        assertEquals("traced", created.getAttributes().get(Tracing.OWNER_ID));
        assertEquals("accepted", created.getAttributes().get(Tracing.OUTCOME));
        assertEquals(policy.version(), created.getAttributes().get(Tracing.POLICY));
        // t1 is READY at once (no dependencies) and ann, the one agent with x, is assigned it by the assignment chapter
        assertTrue(created.getAttributes().get(Tracing.FIRINGS) > 0, created.toString());
        assertTrue(created.getAttributes().get(Tracing.CHAPTERS).contains("assignment"), created.toString());
        spans = spans.subList(1, spans.size());
        SpanData started = spans.get(0);
        assertEquals("traced", started.getAttributes().get(Tracing.OWNER_ID));
        assertEquals("accepted", started.getAttributes().get(Tracing.OUTCOME));
        assertEquals(policy.version(), started.getAttributes().get(Tracing.POLICY));
        // starting a task is decided by the workflow chapter's rules: they fired, and the span names the chapter
        assertTrue(started.getAttributes().get(Tracing.FIRINGS) > 0, started.toString());
        assertTrue(started.getAttributes().get(Tracing.CHAPTERS).contains("workflow"), started.toString());
        assertTrue(started.getEndEpochNanos() >= started.getStartEpochNanos());
        assertEquals("refused", spans.get(1).getAttributes().get(Tracing.OUTCOME));
        assertEquals(0L, spans.get(1).getAttributes().get(Tracing.FIRINGS));
    }

    @Test
    void withoutAnEndpointThereAreNoSpans() {
        Tracing off = new Tracing((io.opentelemetry.sdk.trace.export.SpanExporter) null);
        assertTrue(!off.enabled());
        off.commandDone(new JournaledRuntime.Done("project", "p", "task_event", "accepted", 1, 1, 1, "v", java.util.Set.of()));
    }
}
