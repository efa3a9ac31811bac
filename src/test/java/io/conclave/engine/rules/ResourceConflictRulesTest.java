package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.fail;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.TaskStatus;

/**
 * rules/coordination/conflicts.drl, resources: two tasks needing the same resource never run at once; the first in
 * serving order (priority, then scheduled date, then id) goes first, the other waits until it ends.
 */
public class ResourceConflictRulesTest {

    // Two agents with room for many tasks, so capacity never decides: only the resource does.
    private static Projects.ProjectBuilder twoAgents(Projects.TaskBuilder... tasks) {
        return project().agents(agent("alice"), agent("bob")).tasks(tasks);
    }

    @Test
    void theHigherPriorityTaskTakesTheResourceAndTheOtherWaitsNamingIt() {
        // lo (priority 2) is listed first, hi (priority 4) second; both need db. The queue serves hi first
        // (higher priority): hi is assigned and holds db; lo is served next, finds db held and waits.
        try (ProjectSession s = Tweaks.of(twoAgents(task("lo").priority(2), task("hi").priority(4)))
                .task("lo", "resources", List.of("db")).task("hi", "resources", List.of("db")).start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "hi").getStatus());
            assertEquals(TaskStatus.READY, taskOf(s, "lo").getStatus());
            assertTrue(taskOf(s, "lo").isWaiting());
            assertEquals("waiting for resource db held by task hi", taskOf(s, "lo").getStatusReason());
            Decision d = onlyDecision(s, DecisionKind.CONFLICT_DETECTED, "lo");
            assertEquals("resource", d.getDetails().get("type"));
            assertEquals("db", d.getDetails().get("resource"));
            assertEquals(List.of("hi", "lo"), d.getDetails().get("parties"));
            assertEquals("hi", d.getDetails().get("winner"));
            assertEquals("hi comes first in serving order (priority 4 vs 2, then scheduled date, then id)",
                    d.getDetails().get("why"));
            assertEquals("Detect a resource conflict when the served task needs a held resource", d.getRule());
        }
    }

    @Test
    void atEqualPriorityTheEarlierScheduledTaskGoesFirst() {
        // Both priority 3. late is listed first but scheduled on the 2nd, early on the 1st: early is
        // served first and holds printer; late waits.
        try (ProjectSession s = Tweaks.of(twoAgents(task("late").date("2024-01-02T09:00:00"),
                        task("early").date("2024-01-01T09:00:00")))
                .task("late", "resources", List.of("printer")).task("early", "resources", List.of("printer")).start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "early").getStatus());
            assertEquals("waiting for resource printer held by task early", taskOf(s, "late").getStatusReason());
        }
    }

    @Test
    void atEqualPriorityAndDateTheSmallerIdGoesFirst() {
        // Same priority, no dates: b is listed first, but a < b by id, so a holds gpu and b waits.
        try (ProjectSession s = Tweaks.of(twoAgents(task("b"), task("a")))
                .task("a", "resources", List.of("gpu")).task("b", "resources", List.of("gpu")).start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "a").getStatus());
            assertEquals("waiting for resource gpu held by task a", taskOf(s, "b").getStatusReason());
        }
    }

    @Test
    void tasksNeedingDifferentResourcesRunAtOnce() {
        // x needs db, y needs gpu, z needs nothing: no conflict, all three assigned, nothing detected.
        try (ProjectSession s = Tweaks.of(twoAgents(task("x"), task("y"), task("z")))
                .task("x", "resources", List.of("db")).task("y", "resources", List.of("gpu")).start()) {
            for (String id : List.of("x", "y", "z")) {
                assertEquals(TaskStatus.ASSIGNED, taskOf(s, id).getStatus(), id);
            }
            assertTrue(s.ledger().stream().noneMatch(d -> d.getKind() == DecisionKind.CONFLICT_DETECTED));
        }
    }

    @Test
    void theResourceIsHeldUntilTheHolderEndsThenTheNextInServingOrderTakesIt() {
        // p5, p4, p3 (priorities 5, 4, 3) all need db. p5 holds it; p4 and p3 wait, one detection each.
        // Starting p5 changes nothing (it still holds db). When p5 completes, db is released: both waits
        // are resolved, and the queue serves p4 (priority 4) before p3: p4 takes db, and p3 meets a new
        // conflict, with p4 this time.
        try (ProjectSession s = Tweaks.of(project().agents(agent("alice").maxOpenTasks(5))
                        .tasks(task("p3").priority(3), task("p4").priority(4), task("p5").priority(5)))
                .task("p3", "resources", List.of("db")).task("p4", "resources", List.of("db"))
                .task("p5", "resources", List.of("db")).start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "p5").getStatus());
            assertEquals("waiting for resource db held by task p5", taskOf(s, "p4").getStatusReason());
            assertEquals("waiting for resource db held by task p5", taskOf(s, "p3").getStatusReason());

            assertTrue(start(s, "p5", "alice"));
            assertTrue(taskOf(s, "p4").isWaiting());
            assertEquals(0, decisions(s, DecisionKind.CONFLICT_RESOLVED, "p4").size());

            assertTrue(complete(s, "p5", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "p4").getStatus());
            assertEquals("waiting for resource db held by task p4", taskOf(s, "p3").getStatusReason());
            Decision resolved = onlyDecision(s, DecisionKind.CONFLICT_RESOLVED, "p4");
            assertEquals("p5 is COMPLETED and let go of db: p4 may take it now", resolved.getReason());
            assertEquals("p5", resolved.getDetails().get("winner"));
            assertEquals(1, decisions(s, DecisionKind.CONFLICT_RESOLVED, "p3").size());
            List<Decision> p3Detected = decisions(s, DecisionKind.CONFLICT_DETECTED, "p3");
            assertEquals(2, p3Detected.size());
            assertEquals("p4", p3Detected.get(1).getDetails().get("winner"));

            // A failure ends the holder too: p3 gets db.
            assertTrue(fail(s, "p4", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "p3").getStatus());
            assertFalse(taskOf(s, "p3").isWaiting());
        }
    }

    @Test
    void theGateWorksForLoadBalancedTasksAndMeetingsToo() {
        // lb1 (priority 5, load balanced) and m (priority 4, a meeting of alice and bob) need room1.
        // lb1 is served first and holds room1; the meeting waits for it although its attendees are free.
        try (ProjectSession s = Tweaks.of(twoAgents(task("lb1").priority(5), task("m").priority(4).meeting("alice", "bob")))
                .task("lb1", "coordination", "load_balancing")
                .task("lb1", "resources", List.of("room1")).task("m", "resources", List.of("room1")).start()) {
            assertEquals("alice", taskOf(s, "lb1").getAssignee());
            assertEquals("waiting for resource room1 held by task lb1", taskOf(s, "m").getStatusReason());
            assertTrue(complete(s, "lb1", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "m").getStatus());
        }
    }

    @Test
    void holdsAndWaitsSurviveAPolicySwitch() {
        // hi holds db, lo waits. Under a freshly compiled policy every waiting task is looked at again:
        // lo is served again, finds db still held by hi (the hold is carried over) and waits again, with
        // no second detection (the conflict is carried over too). hi completing resolves it as before.
        try (ProjectSession s = Tweaks.of(twoAgents(task("lo").priority(2), task("hi").priority(4)))
                .task("lo", "resources", List.of("db")).task("hi", "resources", List.of("db")).start()) {
            s.beginCommand(2);
            s.switchTo(RulesFixture.compile(Path.of("rules")));
            assertTrue(taskOf(s, "lo").isWaiting());
            assertEquals("waiting for resource db held by task hi", taskOf(s, "lo").getStatusReason());
            assertEquals(1, decisions(s, DecisionKind.CONFLICT_DETECTED, "lo").size());
            assertTrue(complete(s, "hi", taskOf(s, "hi").getAssignee()));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "lo").getStatus());
            assertEquals(1, decisions(s, DecisionKind.CONFLICT_RESOLVED, "lo").size());
        }
    }

    @Test
    void inASimulatedRunTasksSharingAResourceNeverOverlap() {
        // Centralized, no skills: the score is minus the open hours, ties go to fewer hours, then id.
        // Hour 0: t1 (priority 5, 2 h, db) -> alice (tie, id). t2 (priority 3, db) waits for db.
        // t3 (priority 3, no resource) -> bob (0 > -2). t1 runs 0-2, t3 runs 0-1.
        // Hour 2: t1 completes, db is released, t2 is served: both at 0 h -> alice; it runs 2-3.
        // Although bob was idle from hour 1, t2 could not start before t1 ended.
        try (ProjectSession s = Tweaks.of(project().startDate("2024-03-04T08:00:00")
                        .agents(agent("alice"), agent("bob"))
                        .tasks(task("t1").priority(5).hours(2), task("t2").priority(3), task("t3").priority(3)))
                .task("t1", "resources", List.of("db")).task("t2", "resources", List.of("db")).start()) {
            s.beginCommand(2);
            RunReport r = Simulator.runToEnd(s, new RunRequest("fully_automated", 0L, 0.0));
            RunReport.TaskLine t2 = r.tasks().stream().filter(t -> t.taskId().equals("t2")).findFirst().orElseThrow();
            assertEquals("alice", t2.assignee());
            assertEquals("2024-03-04T10:00", t2.simulatedStart());
            assertEquals("2024-03-04T11:00", t2.simulatedEnd());
            assertEquals(3, r.taskSummary().completedTasks());
            assertEquals(3.0, r.statistics().simulatedHours());
        }
    }
}
