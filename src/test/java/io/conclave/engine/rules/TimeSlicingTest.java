package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;

/**
 * rules/coordination/time_slicing.drl with the simulator: tasks of equal priority competing for one agent take
 * execution windows in turn; a higher-priority task goes first; without time_slice_hours an agent
 * works one task at a time to its end, as before. Hour 0 is 2024-03-04 08:00.
 */
public class TimeSlicingTest {

    /** One agent, solo, holding all three tasks at once (max_open_tasks 3). */
    private static Tweaks solo(Projects.TaskBuilder... tasks) {
        return Tweaks.of(project().startDate("2024-03-04T08:00:00").agents(agent("solo").maxOpenTasks(3)).tasks(tasks));
    }

    private static RunReport run(ProjectSession s) {
        s.beginCommand(2);
        return Simulator.runToEnd(s, new RunRequest("fully_automated", 0L, 0.0));
    }

    private static String startOf(RunReport r, String id) {
        return r.tasks().stream().filter(t -> t.taskId().equals(id)).findFirst().orElseThrow().simulatedStart();
    }

    private static String endOf(RunReport r, String id) {
        return r.tasks().stream().filter(t -> t.taskId().equals(id)).findFirst().orElseThrow().simulatedEnd();
    }

    private static List<Decision> ofKind(ProjectSession s, DecisionKind kind) {
        return s.ledger().stream().filter(d -> d.getKind() == kind).toList();
    }

    @Test
    void threeEqualTasksTakeWindowsInTurnAndAllStartInTheFirstRound() {
        // a, b, c: priority 3, 2 h each, slices of 1 h.
        // Hour 0: nobody has worked -> serving order (ids) -> a.   Hour 1: b, c have 0 h -> b.
        // Hour 2: c (0 h).   Hour 3: all have 1 h; a's last window ended first (hour 1) -> a, which
        // reaches 2 h and completes at hour 4.   Hour 4: b (ended hour 2) -> completes at 5.   Hour 5: c -> 6.
        // Without slicing c would not start before hour 4.
        try (ProjectSession s = solo(task("a").hours(2), task("b").hours(2), task("c").hours(2))
                .project("time_slice_hours", 1).start()) {
            RunReport r = run(s);
            assertEquals(3, r.taskSummary().completedTasks());
            assertEquals("2024-03-04T08:00", startOf(r, "a"));
            assertEquals("2024-03-04T09:00", startOf(r, "b"));
            assertEquals("2024-03-04T10:00", startOf(r, "c"));
            assertEquals("2024-03-04T12:00", endOf(r, "a"));
            assertEquals("2024-03-04T13:00", endOf(r, "b"));
            assertEquals("2024-03-04T14:00", endOf(r, "c"));
            assertEquals(6.0, r.agents().get(0).busyHours());

            // One detection for the competing set {a, b, c}; {b, c} after a completes is part of it.
            List<Decision> detected = ofKind(s, DecisionKind.CONFLICT_DETECTED);
            assertEquals(1, detected.size());
            assertEquals("priority", detected.get(0).getDetails().get("type"));
            assertEquals(List.of("a", "b", "c"), detected.get(0).getDetails().get("parties"));
            assertEquals("solo", detected.get(0).getDetails().get("agent"));

            // A resolution per window while two or more compete: hours 0-4 (a, b, c, a, b); c alone at hour 5.
            List<Decision> windows = ofKind(s, DecisionKind.CONFLICT_RESOLVED);
            assertEquals(List.of("a", "b", "c", "a", "b"), windows.stream().map(Decision::getTaskId).toList());
            assertEquals("waited longest (last window ended at "
                    + "hour 1.0, b at hour 2.0)", windows.get(3).getDetails().get("why"));
            // At hour 2 c (0 h) is chosen; the runner-up is a (1 h, its window ended at hour 1, before b's).
            assertEquals("least work so far (0.0 h, a 1.0 h)", windows.get(2).getDetails().get("why"));
            assertEquals(3.0, windows.get(3).getDetails().get("window_start_hour"));
            assertEquals(true, windows.get(3).getDetails().get("finishes"));
            assertEquals(false, windows.get(0).getDetails().get("finishes"));
        }
    }

    @Test
    void aHigherPriorityTaskRunsToItsEndFirst() {
        // hi: priority 5, 2 h; x, y: priority 3, 1 h; slices of 1 h. hi takes hours 0-1 and 1-2 (it is the
        // only task of the top priority, so no conflict), then x and y compete: x (serving order) 2-3,
        // y 3-4. One detection ({x, y}), one resolution (x's window; y alone at hour 3).
        try (ProjectSession s = solo(task("x"), task("y"), task("hi").priority(5).hours(2))
                .project("time_slice_hours", 1).start()) {
            RunReport r = run(s);
            assertEquals("2024-03-04T08:00", startOf(r, "hi"));
            assertEquals("2024-03-04T10:00", endOf(r, "hi"));
            assertEquals("2024-03-04T10:00", startOf(r, "x"));
            assertEquals("2024-03-04T11:00", endOf(r, "x"));
            assertEquals("2024-03-04T11:00", startOf(r, "y"));
            assertEquals("2024-03-04T12:00", endOf(r, "y"));
            List<Decision> detected = ofKind(s, DecisionKind.CONFLICT_DETECTED);
            assertEquals(1, detected.size());
            assertEquals(List.of("x", "y"), detected.get(0).getDetails().get("parties"));
            List<Decision> windows = ofKind(s, DecisionKind.CONFLICT_RESOLVED);
            assertEquals(1, windows.size());
            assertEquals("first in serving order among equals", windows.get(0).getDetails().get("why"));
        }
    }

    @Test
    void withoutTimeSlicingAnAgentFinishesOneTaskBeforeTheNext() {
        // The same three tasks, no time_slice_hours: solo works a 0-2, b 2-4, c 4-6 in assignment order,
        // and no conflict is recorded.
        try (ProjectSession s = solo(task("a").hours(2), task("b").hours(2), task("c").hours(2)).start()) {
            RunReport r = run(s);
            assertEquals("2024-03-04T08:00", startOf(r, "a"));
            assertEquals("2024-03-04T10:00", endOf(r, "a"));
            assertEquals("2024-03-04T10:00", startOf(r, "b"));
            assertEquals("2024-03-04T12:00", endOf(r, "b"));
            assertEquals("2024-03-04T12:00", startOf(r, "c"));
            assertEquals("2024-03-04T14:00", endOf(r, "c"));
            assertTrue(ofKind(s, DecisionKind.CONFLICT_DETECTED).isEmpty());
            assertTrue(ofKind(s, DecisionKind.CONFLICT_RESOLVED).isEmpty());
        }
    }

    @Test
    void aWindowIsShortenedToWhatIsLeftOfTheEstimate() {
        // slices of 2 h; p: 3 h, q: 1 h, both priority 3. Hour 0: p (serving order) 2 h.
        // Hour 2: q has less work (0 h vs 2 h) -> q for 1 h (all it needs), done at 3. Hour 3: p's last
        // 1 h (not a full slice), done at 4.
        try (ProjectSession s = solo(task("p").hours(3), task("q").hours(1))
                .project("time_slice_hours", 2).start()) {
            RunReport r = run(s);
            assertEquals("2024-03-04T11:00", endOf(r, "q"));
            assertEquals("2024-03-04T12:00", endOf(r, "p"));
            List<Decision> windows = ofKind(s, DecisionKind.CONFLICT_RESOLVED);
            assertEquals(List.of("p", "q"), windows.stream().map(Decision::getTaskId).toList());
            assertEquals(1.0, windows.get(1).getDetails().get("window_hours"));
        }
    }
}
