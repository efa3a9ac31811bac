package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.conclave.model.TaskEvent;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.project.ProjectRegistry;

/** The task events of a project: published after journaling, in order, and only once the project can be found. */
public class ProjectEventsTest {

    @Test
    void aListenerToldOfAProjectCanAlwaysFindIt(@TempDir Path data) throws IOException {
        AtomicReference<ProjectRegistry> registry = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        List<Boolean> findable = new ArrayList<>();
        PolicySource shipped = MeetingStoreTest.shipped();
        registry.set(new ProjectRegistry(data, shipped, 100_000, Clock.systemUTC(), (ServiceEvent e) -> {
            seen.add(e.type() + (e.taskId() == null ? "" : " " + e.taskId()));
            // what the meeting-task worker does with such an event: look the project up
            findable.add(registry.get().exists(e.projectId()));
        }));
        try (ProjectRegistry r = registry.get()) {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                    Path.of("projects", "healthcare_blockchain_compressed.json")));
            node.put("project_id", "events");
            r.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
            // the creation, then kickoff_meeting (the only task without dependencies) becoming READY and
            // convened; the other tasks stay PENDING and say nothing
            assertEquals(List.of("PROJECT_CREATED", "TASK_STATUS_CHANGED kickoff_meeting",
                    "MEETING_TASK_CONVENED kickoff_meeting"), seen);
            r.get("events").report(TaskEvent.Kind.START, "kickoff_meeting", "pm", s -> { });
            assertEquals("TASK_STARTED kickoff_meeting", seen.get(3));
            assertTrue(findable.stream().allMatch(b -> b), "every event found its project: " + findable);
        }
    }
}
