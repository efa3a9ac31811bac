package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.rules.Projects.ProjectBuilder;
import io.conclave.engine.RulesFixture;
import io.conclave.engine.rules.Projects;
import io.conclave.model.Json;

/** The simulator drives a session through the rules in simulated time, deterministically for a seed. */
class SimulatorTest {

    // alice has x, bob has y. a (2 h) and b (3 h, after a) need x; c (4 h) needs y. Time 0 is 2024-03-04 08:00.
    static ProjectBuilder chainAndIndependent() {
        return project().id("sim").startDate("2024-03-04T08:00:00")
                .agents(agent("alice").skill("x", 5), agent("bob").skill("y", 5))
                .tasks(task("a").needs("x", 1).hours(2),
                        task("b").needs("x", 1).hours(3).dependsOn("a"),
                        task("c").needs("y", 1).hours(4));
    }

    private static RunReport run(long seed, double failureRate) {
        try (ProjectSession session = chainAndIndependent().start()) {
            session.beginCommand(2);
            return Simulator.runToEnd(session, new RunRequest("fully_automated", seed, failureRate));
        }
    }

    private static RunReport.TaskLine line(RunReport r, String taskId) {
        return r.tasks().stream().filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
    }

    private static String json(RunReport r) {
        try {
            return Json.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aChainRunsInSequenceAndAnIndependentTaskInParallel() {
        // Hour 0: a -> alice, c -> bob (only ones with the skill); both start at once.
        // Hour 2: a ends; b becomes READY, goes to alice (only x) and starts at once: 2 + 3 = hour 5.
        // Hour 4: c ends. Hour 5: b ends. Simulated span: 5 h.
        // Busy: alice 2 + 3 = 5 h of 5 (1.0), bob 4 h of 5 (0.8).
        RunReport r = run(0L, 0.0);

        assertEquals("2024-03-04T08:00", line(r, "a").simulatedStart());
        assertEquals("2024-03-04T10:00", line(r, "a").simulatedEnd());
        assertEquals("2024-03-04T10:00", line(r, "b").simulatedStart());
        assertEquals("2024-03-04T13:00", line(r, "b").simulatedEnd());
        assertEquals("2024-03-04T08:00", line(r, "c").simulatedStart());
        assertEquals("2024-03-04T12:00", line(r, "c").simulatedEnd());
        assertEquals(List.of("alice", "alice", "bob"), List.of(line(r, "a").assignee(), line(r, "b").assignee(),
                line(r, "c").assignee()));

        assertEquals("2024-03-04T08:00", r.simulatedStart());
        assertEquals("2024-03-04T13:00", r.simulatedEnd());
        assertEquals(5.0, r.statistics().simulatedHours());
        assertEquals(3, r.statistics().assignments());
        assertEquals(new RunReport.TaskSummary(3, 3, 0, 0, 0, 0, 0, 0), r.taskSummary());
        // What they learned (workflow/learning.drl, rate 1): alice x 5 -> 5.1 (a) -> 5.2 (b); bob y 5 -> 5.1 (c).
        // The tasks have no task_type, so no preference changes.
        assertEquals(List.of(new RunReport.AgentLine("alice", 2, 5.0, 1.0, Map.of("x", List.of(5.0, 5.2)), Map.of()),
                new RunReport.AgentLine("bob", 1, 4.0, 0.8, Map.of("y", List.of(5.0, 5.1)), Map.of())), r.agents());
    }

    @Test
    void theSameSeedGivesTheSameReportAndTheSeedDecidesWhatFails() {
        // One draw per task as it ends, in the order tasks end; a draw below the failure rate fails the task.
        // Seed 3 (checked below): first draw 0.11 < 0.5 -> a, which ends first (hour 2), fails; b is blocked and
        // never runs; second draw 0.70 >= 0.5 -> c completes at hour 4. The run ends at hour 4.
        SplittableRandom draws = new SplittableRandom(3L);
        assertTrue(draws.nextDouble() < 0.5, "premise: seed 3 fails the first task to end");
        assertTrue(draws.nextDouble() >= 0.5, "premise: seed 3 completes the second task to end");

        RunReport first = run(3L, 0.5);
        RunReport second = run(3L, 0.5);
        assertEquals(json(first), json(second));

        assertEquals("FAILED", line(first, "a").status());
        assertEquals("BLOCKED", line(first, "b").status());
        assertEquals("dependency a is FAILED", line(first, "b").statusReason());
        assertNull(line(first, "b").simulatedStart());
        assertEquals("COMPLETED", line(first, "c").status());
        assertEquals(new RunReport.TaskSummary(3, 1, 1, 0, 0, 0, 1, 0), first.taskSummary());
        assertEquals("2024-03-04T12:00", first.simulatedEnd());
        assertEquals(4.0, first.statistics().simulatedHours());

        // Seed 1 draws 0.57, 0.75, 0.97: nothing fails, so the report differs from seed 3's.
        RunReport other = run(1L, 0.5);
        assertEquals(new RunReport.TaskSummary(3, 3, 0, 0, 0, 0, 0, 0), other.taskSummary());
        assertNotEquals(json(first), json(other));
    }

    @Test
    void aLongSimulatedRunIsNotCutOffAsARuleLoop() {
        // Same project and cap as RunawayRuleTest.theCapIsRenewedForEveryCommandSoAHealthyProjectNeverHitsIt:
        // each report fits in the cap, so a simulated run of the same reports should complete all 30 tasks
        // one after another, one hour each: 30 simulated hours.
        try (ProjectSession session = Projects.oneAgentThirtyTasks().start(RulesFixture.policy(), 150)) {
            session.beginCommand(2);
            RunReport r = Simulator.runToEnd(session, new RunRequest("fully_automated", 0L, 0.0));
            assertEquals(new RunReport.TaskSummary(30, 30, 0, 0, 0, 0, 0, 0), r.taskSummary());
            assertEquals(30.0, r.statistics().simulatedHours());
        }
    }
}
