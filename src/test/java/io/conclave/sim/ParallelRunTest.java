package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;

/** Simulated runs of workflows with independent tasks, decompositions, delegation and retries. */
class ParallelRunTest {

    private static RunReport run(String json, double failureRate, java.util.function.Consumer<ProjectSession> after) {
        try (ProjectSession s = RulesFixture.start(json)) {
            s.beginCommand(2);
            RunReport r = Simulator.runToEnd(s, new RunRequest("fully_automated", 7L, failureRate));
            after.accept(s);
            return r;
        }
    }

    private static RunReport.TaskLine line(RunReport r, String taskId) {
        return r.tasks().stream().filter(l -> l.taskId().equals(taskId)).findFirst().orElseThrow();
    }

    @Test
    void readyTasksOfDifferentAgentsRunAtTheSameTime() {
        // alice has x, bob has y; time 0 is 2024-03-04 08:00. Served in id order (same priority, no dates):
        // a -> alice, c -> bob, p.1 -> alice, p.2 -> bob (p is decomposed, never assigned itself; p.2 is
        // hierarchical: the top of the tree is alice and bob, and bob, a root with y, takes it).
        // alice: a 08-10, then p.1 10-11.  bob: c 08-12, then p.2 12-13.  a and c overlap: 08:00-10:00.
        // p completes with p.2 at 13:00; "after" (x, waits for p) runs on alice 13-14.
        String json = """
            {"project_id": "par", "title": "parallel", "scheduling": {"start_date": "2024-03-04T08:00:00"},
             "agents": [{"agent_id": "alice", "name": "alice", "skill_levels": {"x": 5}},
                        {"agent_id": "bob", "name": "bob", "skill_levels": {"y": 5}}],
             "tasks": [
               {"task_id": "a", "description": "a", "required_skills": {"x": 1}, "estimated_hours": 2},
               {"task_id": "c", "description": "c", "required_skills": {"y": 1}, "estimated_hours": 4},
               {"task_id": "p", "description": "p", "subtasks": [
                  {"description": "one", "required_skills": {"x": 1}, "estimated_hours": 1},
                  {"description": "two", "required_skills": {"y": 1}, "estimated_hours": 1, "coordination": "hierarchical"}]},
               {"task_id": "after", "description": "after", "dependencies": ["p"], "required_skills": {"x": 1},
                "estimated_hours": 1}
             ]}
            """;
        RunReport r = run(json, 0.0, s -> {
            assertEquals("[{\"by\":\"alice\",\"task\":\"p.1\"},{\"by\":\"bob\",\"task\":\"p.2\"}]",
                    s.task("p").getResult().toString());
            assertEquals(1, s.ledger().stream().filter(d -> d.getKind() == DecisionKind.DELEGATED).count());
        });
        assertEquals(List.of("2024-03-04T08:00", "2024-03-04T10:00"), times(line(r, "a")));
        assertEquals(List.of("2024-03-04T08:00", "2024-03-04T12:00"), times(line(r, "c")));
        assertEquals("alice", line(r, "a").assignee());
        assertEquals("bob", line(r, "c").assignee());
        // the overlap: c started before a ended, on another agent
        assertTrue(line(r, "c").simulatedStart().compareTo(line(r, "a").simulatedEnd()) < 0);
        assertEquals(List.of("2024-03-04T10:00", "2024-03-04T11:00"), times(line(r, "p.1")));
        assertEquals(List.of("2024-03-04T12:00", "2024-03-04T13:00"), times(line(r, "p.2")));
        assertEquals(List.of("2024-03-04T13:00", "2024-03-04T14:00"), times(line(r, "after")));
        // the decomposed parent is never worked on itself
        assertNull(line(r, "p").simulatedStart());
        assertEquals("COMPLETED", line(r, "p").status());
        assertEquals(6, r.taskSummary().completedTasks());
    }

    @Test
    void theFailureDrawAppliesToEachAttemptOfARetriedTask() {
        // failure rate 1: every attempt fails. r (1 h, retries 2) is tried three times by alice,
        // 08-09, 09-10, 10-11, then counts as failed; d, which depends on it, is blocked naming it.
        String json = """
            {"project_id": "retry", "title": "retry", "scheduling": {"start_date": "2024-03-04T08:00:00"},
             "agents": [{"agent_id": "alice", "name": "alice"}],
             "tasks": [{"task_id": "r", "description": "r", "retries": 2},
                       {"task_id": "d", "description": "d", "dependencies": ["r"]}]}
            """;
        RunReport r = run(json, 1.0, s -> {
            Task t = s.task("r");
            assertEquals(3, t.getFailures());
            assertEquals(2, s.ledger().stream().filter(d -> d.getKind() == DecisionKind.RETRIED).count());
            assertEquals("dependency r is FAILED", s.task("d").getStatusReason());
        });
        assertEquals("FAILED", line(r, "r").status());
        assertEquals(List.of("2024-03-04T10:00", "2024-03-04T11:00"), times(line(r, "r"))); // the last attempt
        assertEquals("BLOCKED", line(r, "d").status());
        assertEquals("2024-03-04T11:00", r.simulatedEnd());
    }

    private static List<String> times(RunReport.TaskLine l) {
        return List.of(l.simulatedStart(), l.simulatedEnd());
    }
}
