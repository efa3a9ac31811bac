package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.engine.rules.Projects;
import io.conclave.engine.rules.Projects.ProjectBuilder;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunStatus;

/**
 * A run advanced step by step: the same report whatever the steps, and the incremental run's checkpoints
 * (rules/execution/checkpoints.drl) where the rules stop it. Resuming here is what an interrupt's rule does:
 * {@code resume()} on the run's state.
 */
class RunStepsTest {

    // As SimulatorTest: alice has x, bob has y. a (2 h) and b (3 h, after a) need x; c (4 h) needs y.
    private static ProjectBuilder chainAndIndependent() {
        return SimulatorTest.chainAndIndependent();
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static RunRequest incremental(String frequency) {
        return new RunRequest("incremental", 0L, 0.0, "continuous", frequency, null);
    }

    /** Steps until the run stops, resumes it at every checkpoint, and returns the checkpoint reasons. */
    private static List<String> resumeAtEveryCheckpoint(ProjectSession s, Simulator sim) {
        List<String> reasons = new ArrayList<>();
        while (true) {
            sim.step(Integer.MAX_VALUE, Long.MAX_VALUE);
            if (sim.state().getStatus() != RunStatus.PAUSED_AT_CHECKPOINT) {
                return reasons;
            }
            reasons.add(sim.state().getReason());
            sim.state().resume();
            s.updateFact(sim.state());
        }
    }

    @Test
    void oneEventPerStepGivesTheSameReportAsOneStep() {
        // The full example with failures drawn from a seed: stepping one simulated event at a time (the
        // most safe points a run can have) must not change a thing, byte for byte.
        RunRequest request = new RunRequest("fully_automated", 11L, 0.1, "continuous");
        String whole;
        try (ProjectSession s = RulesFixture.startExample("healthcare_blockchain_project.json")) {
            whole = json(Simulator.runToEnd(s, request));
        }
        try (ProjectSession s = RulesFixture.startExample("healthcare_blockchain_project.json")) {
            Simulator sim = Simulator.start(s, "run", request);
            int steps = 0;
            while (sim.state().isRunning()) {
                int handled = sim.step(1, Long.MAX_VALUE);
                assertTrue(handled <= 1);
                steps++;
            }
            assertTrue(steps > 10, "premise: many steps, were " + steps);
            assertEquals(whole, json(sim.report(0)));
        }
    }

    @Test
    void afterEachTaskStopsAtEveryOutcomeBeforeAnythingNewStarts() {
        // Hour 2: a completes -> checkpoint 1. b was released and assigned to alice in the same command but
        //   has not started: the run stopped before starting anything. Resume: b starts at hour 2.
        // Hour 4: c completes -> checkpoint 2. Hour 5: b completes -> checkpoint 3. Resume: nothing is left,
        //   the run completes. Timings are those of the uninterrupted run (SimulatorTest): end at 13:00.
        try (ProjectSession s = chainAndIndependent().start()) {
            s.beginCommand(2);
            Simulator sim = Simulator.start(s, "run-1", incremental("after_each_task"));
            sim.step(Integer.MAX_VALUE, Long.MAX_VALUE);
            assertEquals(RunStatus.PAUSED_AT_CHECKPOINT, sim.state().getStatus());
            assertEquals("after task a (completed)", sim.state().getReason());
            assertEquals(TaskStatus.ASSIGNED, Projects.taskOf(s, "b").getStatus());
            assertEquals(TaskStatus.IN_PROGRESS, Projects.taskOf(s, "c").getStatus());
            sim.state().resume();
            s.updateFact(sim.state());

            assertEquals(List.of("after task c (completed)", "after task b (completed)"), resumeAtEveryCheckpoint(s, sim));
            assertEquals(RunStatus.COMPLETED, sim.state().getStatus());
            RunReport r = sim.report(0);
            assertEquals(3, r.statistics().checkpoints());
            assertEquals("2024-03-04T10:00", r.tasks().get(1).simulatedStart());
            assertEquals("2024-03-04T13:00", r.simulatedEnd());
            List<Decision> checkpoints = s.ledger().stream().filter(d -> d.getKind() == DecisionKind.CHECKPOINT).toList();
            assertEquals(List.of("a", "c", "b"), checkpoints.stream().map(Decision::getTaskId).toList());
            assertEquals("Incremental run stops after each task", checkpoints.get(0).getRule());
        }
    }

    @Test
    void afterEachMeetingStopsOnlyAfterMeetingTasks() {
        // The compressed example has two meeting tasks, kickoff_meeting (ends 10:00) and wrap_up_meeting
        // (ends 17:30, the last task): two checkpoints; the four other tasks pass without one.
        try (ProjectSession s = RulesFixture.startExample("healthcare_blockchain_compressed.json")) {
            Simulator sim = Simulator.start(s, "run-1", incremental("after_each_meeting"));
            assertEquals(List.of("after meeting task kickoff_meeting (completed)",
                    "after meeting task wrap_up_meeting (completed)"), resumeAtEveryCheckpoint(s, sim));
            RunReport r = sim.report(0);
            assertEquals("COMPLETED", r.status());
            assertEquals(6, r.taskSummary().completedTasks());
            assertEquals(2, r.statistics().checkpoints());
        }
    }

    @Test
    void dailyStopsWhenTheClockEntersANewDay() {
        // One 20-hour task from 2024-03-04 08:00 ends 2024-03-05 04:00: the clock enters 2024-03-05 (day 1)
        // before that end, so the run stops there first, with the task still in progress.
        try (ProjectSession s = project().id("daily").startDate("2024-03-04T08:00:00")
                .agents(agent("alice").skill("x", 5)).tasks(task("long").needs("x", 1).hours(20)).start()) {
            s.beginCommand(2);
            Simulator sim = Simulator.start(s, "run-1", incremental("daily"));
            sim.step(Integer.MAX_VALUE, Long.MAX_VALUE);
            assertEquals("at the start of day 1 (2024-03-05)", sim.state().getReason());
            assertEquals(TaskStatus.IN_PROGRESS, Projects.taskOf(s, "long").getStatus());
            sim.state().resume();
            s.updateFact(sim.state());
            assertEquals(List.of(), resumeAtEveryCheckpoint(s, sim));
            RunReport r = sim.report(0);
            assertEquals("2024-03-05T04:00", r.simulatedEnd());
            assertEquals(2, r.statistics().simulatedDays());
            assertEquals(1, r.statistics().checkpoints());
        }
    }

    @Test
    void aFullyAutomatedRunNeverStops() {
        // The same project and frequency rules exist, but the run is not incremental: no checkpoint.
        try (ProjectSession s = chainAndIndependent().start()) {
            s.beginCommand(2);
            Simulator sim = Simulator.start(s, "run-1", new RunRequest("fully_automated", 0L, 0.0, "continuous"));
            sim.step(Integer.MAX_VALUE, Long.MAX_VALUE);
            assertEquals(RunStatus.COMPLETED, sim.state().getStatus());
            assertEquals(0, sim.report(0).statistics().checkpoints());
        }
    }

    @Test
    void theReportsNewSections() {
        // Seed 3 with failure rate 0.5 on the chain (SimulatorTest): a fails at hour 2, b is blocked, c
        // completes at hour 4. Risks: a failed, b blocked. Timeline: a and c start at 08:00 (a first, it was
        // assigned first), a fails at 10:00, c completes at 12:00. b never starts.
        try (ProjectSession s = chainAndIndependent().start()) {
            s.beginCommand(2);
            RunReport r = Simulator.runToEnd(s, new RunRequest("fully_automated", 3L, 0.5, "continuous"));
            assertEquals(List.of(new RunReport.Risk("a", "failed", Projects.taskOf(s, "a").getStatusReason()),
                    new RunReport.Risk("b", "blocked", "dependency a is FAILED")), r.risks());
            assertEquals(List.of(
                    new RunReport.TimelineEntry("2024-03-04T08:00", "a", "started", List.of("alice")),
                    new RunReport.TimelineEntry("2024-03-04T08:00", "c", "started", List.of("bob")),
                    new RunReport.TimelineEntry("2024-03-04T10:00", "a", "failed", List.of("alice")),
                    new RunReport.TimelineEntry("2024-03-04T12:00", "c", "completed", List.of("bob"))), r.timeline());
            assertEquals(1, r.statistics().simulatedDays());
            assertEquals(List.of(), r.decisions()); // no meetings, nothing decided in one
        }
    }

    @Test
    void aSimulationRunSpawnsManagementMeetings() {
        // Every task fails (failure rate 1). `t1` (1 h) fails at hour 1: a risk review of it is spawned.
        // `long` (180 h) runs from 2024-03-04 08:00 to 2024-03-11 20:00, so the clock enters day 7
        // (2024-03-11) while it is open: a weekly status meeting (7th day; one open task for two agents is
        // no crowd). At hour 180 `long` fails: a risk review of it. Management meetings are never reviewed.
        // The fully automated run of the same project spawns none of them.
        String[] spawned = {"risk_review_t1", "status_meeting_day_7", "risk_review_long"};
        for (String mode : List.of("simulation", "fully_automated")) {
            try (ProjectSession s = project().id("mgmt").startDate("2024-03-04T08:00:00")
                    .agents(agent("alice").skill("x", 5).skill("project_management", 8), agent("bob").skill("x", 5))
                    .tasks(task("t1").needs("x", 1).hours(1), task("long").needs("x", 1).hours(180)).start()) {
                s.beginCommand(2);
                RunReport r = Simulator.runToEnd(s, new RunRequest(mode, 0L, 1.0, "continuous", null,
                        "simulation".equals(mode) ? true : null));
                List<String> ids = r.tasks().stream().map(RunReport.TaskLine::taskId).toList();
                for (String id : spawned) {
                    assertEquals("simulation".equals(mode), ids.contains(id), mode + ": " + id + " in " + ids);
                }
                assertEquals("simulation".equals(mode) ? 3 : 0, r.taskSummary().spawnedTasks(), mode);
            }
        }
    }
}
