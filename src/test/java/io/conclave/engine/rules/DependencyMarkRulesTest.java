package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.fail;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Dependency;
import io.conclave.model.Json;
import io.conclave.model.ProjectSettings;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.Interrupt;
import io.conclave.model.run.AddedTasks;
import io.conclave.model.run.MeetingOutcome;

/**
 * rules/workflow/workflow.drl, "A task that another depends on is marked": the dependency rules only see the
 * tasks so marked, so the mark must be there in every way a dependency comes in (the project file, a CEO's
 * added task, a spawned task, a dependency naming a task that arrives later) and after a session is rebuilt,
 * and a task nothing depends on must stay unmarked (that is what keeps it out of those joins).
 */
public class DependencyMarkRulesTest {
    private static final AtomicLong SEQ = new AtomicLong(5000);

    private static boolean marked(ProjectSession s, String taskId) {
        return taskOf(s, taskId).isDependedUpon();
    }

    @Test
    void theProjectFilesDependenciesMarkOnlyTheTasksDependedOn() {
        // b and c wait for a; c also for d; e stands alone
        try (ProjectSession s = project().agents(agent("alice").maxOpenTasks(5))
                .tasks(task("a"), task("b").dependsOn("a"), task("c").dependsOn("a", "d"), task("d"), task("e"))
                .start()) {
            assertTrue(marked(s, "a"));
            assertTrue(marked(s, "d"));
            assertFalse(marked(s, "b"));
            assertFalse(marked(s, "c"));
            assertFalse(marked(s, "e"));

            assertEquals(TaskStatus.PENDING, taskOf(s, "b").getStatus());
            assertEquals(TaskStatus.PENDING, taskOf(s, "c").getStatus());
            assertTrue(complete(s, "a", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "b").getStatus());
            assertEquals(TaskStatus.PENDING, taskOf(s, "c").getStatus(), "c still waits for d");
            assertTrue(complete(s, "d", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "c").getStatus());
        }
    }

    @Test
    void aMarkedTaskThatFailsBlocksItsDependentsAndTheirsInTurn() {
        try (ProjectSession s = project().agents(agent("alice"))
                .tasks(task("a"), task("b").dependsOn("a"), task("c").dependsOn("b")).start()) {
            assertTrue(fail(s, "a", "alice"));
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "b").getStatus());
            assertEquals("dependency a is FAILED", taskOf(s, "b").getStatusReason());
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "c").getStatus());
            assertEquals("dependency b is BLOCKED", taskOf(s, "c").getStatusReason());
        }
    }

    @Test
    void aTaskAddedByTheCeoMarksWhatItDependsOnAndWaitsForIt() throws Exception {
        try (ProjectSession s = project().agents(agent("alice").maxOpenTasks(2)).tasks(task("a"), task("b")).start()) {
            assertFalse(marked(s, "a"));
            assertFalse(marked(s, "b"));
            ProjectSpec.TaskSpec n = Json.MAPPER.readValue("{\"task_id\": \"n\", \"dependencies\": [\"b\"]}",
                    ProjectSpec.TaskSpec.class);
            Interrupt i = new Interrupt("add_task", "n", 0, n, null);
            long seq = SEQ.incrementAndGet();
            i.stamp(seq, "ceo", java.time.Instant.parse("2024-01-15T10:00:00Z"));
            s.beginCommand(seq);
            assertNull(s.post(i, "add_task interrupt"));

            assertTrue(marked(s, "b"));
            assertFalse(marked(s, "a"));
            assertFalse(marked(s, "n"));
            assertEquals(TaskStatus.PENDING, taskOf(s, "n").getStatus());
            assertTrue(complete(s, "a", "alice"));
            assertEquals(TaskStatus.PENDING, taskOf(s, "n").getStatus(), "a is not what n waits for");
            assertTrue(complete(s, "b", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "n").getStatus());
        }
    }

    @Test
    void aSpawnedTaskMarksItsMeetingTaskAndBecomesReadyWhenTheMeetingCompletes() {
        ObjectNode node = project()
                .agents(agent("alice").skill("x", 7), agent("bob").skill("y", 8))
                .tasks(task("kick").meeting("alice", "bob").needs("x", 5).hours(2))
                .node();
        node.putObject("spawning");
        try (ProjectSession s = RulesFixture.start(node.toString())) {
            assertFalse(marked(s, "kick"), "nothing depends on kick before its outcome");
            assertTrue(start(s, "kick", "alice"));
            s.beginCommand(SEQ.incrementAndGet());
            MeetingOutcome o = new MeetingOutcome("kick", "p.kick",
                    List.of(MeetingOutcome.Item.of("plan", "Write the plan", null, "alice", "accepted")));
            assertNull(s.post(o, o.toString()));

            assertTrue(marked(s, "kick"));
            assertFalse(marked(s, "kick.plan"));
            assertEquals(TaskStatus.PENDING, taskOf(s, "kick.plan").getStatus());
            assertTrue(complete(s, "kick", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "kick.plan").getStatus());
            assertEquals("alice", taskOf(s, "kick.plan").getAssignee());
        }
    }

    @Test
    void aDependencyNamingATaskThatArrivesLaterMarksItWhenItArrives() {
        try (ProjectSession s = project().agents(agent("alice").maxOpenTasks(3)).tasks(task("a")).start()) {
            ProjectSettings settings = s.facts(ProjectSettings.class).get(0);
            // the edge first, then the task it names, then the dependent: each in a command of its own
            s.beginCommand(SEQ.incrementAndGet());
            s.keep(new Dependency("c", "x"));
            s.beginCommand(SEQ.incrementAndGet());
            s.keep(AddedTasks.task(spec("x"), 1, settings));
            assertTrue(marked(s, "x"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "x").getStatus());

            s.beginCommand(SEQ.incrementAndGet());
            s.keep(AddedTasks.task(spec("c"), 2, settings));
            assertFalse(marked(s, "c"));
            assertEquals(TaskStatus.PENDING, taskOf(s, "c").getStatus(), "c waits for x");
            assertTrue(complete(s, "x", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "c").getStatus());
        }
    }

    @Test
    void aSessionRebuiltFromASnapshotWithoutTheMarkMarksAgainBeforeAnythingReadsIt() throws Exception {
        try (ProjectSession s = project().agents(agent("alice"))
                .tasks(task("a"), task("b").dependsOn("a"), task("e")).start()) {
            ObjectNode snap = s.snapshot(problem -> {
                throw new AssertionError(problem);
            });
            assertNotNull(snap);
            // as a snapshot taken before the mark existed reads: every task unmarked
            int cleared = 0;
            for (JsonNode f : snap.get("facts")) {
                if (Task.class.getName().equals(f.get("type").asText())) {
                    ((ObjectNode) f.get("fact")).remove("dependedUpon");
                    cleared++;
                }
            }
            assertEquals(3, cleared);
            try (ProjectSession r = ProjectSession.restore(snap, s.policy(), s.maxFirings(), SEQ.incrementAndGet())) {
                assertTrue(marked(r, "a"));
                assertFalse(marked(r, "b"));
                assertFalse(marked(r, "e"));
                assertEquals(TaskStatus.PENDING, taskOf(r, "b").getStatus(), "restoring made nothing ready");
                assertTrue(complete(r, "a", "alice"));
                assertEquals(TaskStatus.ASSIGNED, taskOf(r, "b").getStatus());
            }
        }
    }

    @Test
    void aPolicySwitchMarksAgainWhatTheFactsItCarriesLack() {
        try (ProjectSession s = project().agents(agent("alice"))
                .tasks(task("a"), task("b").dependsOn("a")).start()) {
            // as the facts of a session whose policy had no such rule would carry it
            taskOf(s, "a").setDependedUpon(false);
            s.beginCommand(SEQ.incrementAndGet());
            s.switchTo(RulesFixture.policy());
            assertTrue(marked(s, "a"));
            assertFalse(marked(s, "b"));
            assertEquals(TaskStatus.PENDING, taskOf(s, "b").getStatus());
            assertTrue(complete(s, "a", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "b").getStatus());
        }
    }

    private static ProjectSpec.TaskSpec spec(String id) {
        try {
            return Json.MAPPER.readValue("{\"task_id\": \"" + id + "\"}", ProjectSpec.TaskSpec.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
