package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;

/** rules/assignment/load_balancing.drl: the least-loaded capable agent gets the task; load is released on completion. */
public class LoadBalancingRulesTest {

    /** n agents a0.., m one-hour tasks t000.. of equal priority, all load balanced. */
    private static Tweaks equalWork(int agents, int tasks, int maxOpen) {
        Projects.ProjectBuilder b = project();
        for (int i = 0; i < agents; i++) {
            b.agents(agent("a" + i).maxOpenTasks(maxOpen));
        }
        for (int i = 0; i < tasks; i++) {
            b.tasks(task(String.format("t%03d", i)));
        }
        return Tweaks.of(b).project("coordination", "load_balancing");
    }

    private static Map<String, Integer> tasksPerAgent(ProjectSession s) {
        Map<String, Integer> per = new TreeMap<>();
        for (Task t : s.tasks()) {
            per.merge(String.valueOf(t.getAssignee()), 1, Integer::sum);
        }
        return per;
    }

    @Test
    void hundredEqualTasksOverTenEqualAgentsEndTenEach() {
        // 10 agents with room for 10 tasks each, 100 one-hour tasks served t000..t099. Each serving picks
        // the agent with the fewest open hours; ties go to roster order. So t000..t009 go to a0..a9
        // (all at 0 h), t010..t019 again to a0..a9 (all at 1 h), ... : 10 rounds, 10 tasks each.
        try (ProjectSession s = equalWork(10, 100, 10).start()) {
            Map<String, Integer> per = tasksPerAgent(s);
            assertEquals(10, per.size(), per.toString());
            per.forEach((a, n) -> assertEquals(10, n, a + " " + per));
            assertEquals("a0", taskOf(s, "t000").getAssignee());
            assertEquals("a9", taskOf(s, "t009").getAssignee());
            assertEquals("a0", taskOf(s, "t010").getAssignee());
            assertEquals(10.0, agentOf(s, "a3").getOpenHours());
        }
    }

    @Test
    void aSimulatedRunOfHundredTasksOverTenAgentsCompletesTenEach() {
        // With room for 3 tasks each, 30 tasks are assigned at once (3 per agent) and 70 wait. Every
        // completion gives its agent one hour back; the woken waiting tasks then go to the least-loaded
        // agent, which is the one just freed (2 h against 3 h). All agents work in step, one hour per
        // task: 100 tasks / 10 agents = 10 hours, 10 tasks completed by each.
        try (ProjectSession s = equalWork(10, 100, 3).start()) {
            s.beginCommand(2);
            RunReport r = Simulator.runToEnd(s, new RunRequest("fully_automated", 0L, 0.0));
            assertEquals(100, r.taskSummary().completedTasks());
            for (RunReport.AgentLine a : r.agents()) {
                assertEquals(10, a.tasksCompleted(), a.toString());
            }
            assertEquals(10.0, r.statistics().simulatedHours());
        }
    }

    @Test
    void loadIsCountedInHoursNotInTasks() {
        // big (priority 5, 8 h): alice and bob both at 0 h -> roster order -> alice (8 h, 1 task).
        // s1 (priority 4, 1 h): bob 0 h < alice 8 h -> bob (1 h, 1 task).
        // s2 (priority 3, 1 h): bob 1 h < 8 h -> bob (2 h, 2 tasks).
        // s3 (priority 2, 1 h): bob 2 h < 8 h -> bob, although he now has 2 open tasks and alice 1.
        try (ProjectSession s = Tweaks.of(project()
                        .agents(agent("alice"), agent("bob"))
                        .tasks(task("big").hours(8).priority(5), task("s1").priority(4), task("s2").priority(3),
                                task("s3").priority(2)))
                .project("coordination", "load_balancing").start()) {
            assertEquals("alice", taskOf(s, "big").getAssignee());
            assertEquals("bob", taskOf(s, "s1").getAssignee());
            assertEquals("bob", taskOf(s, "s2").getAssignee());
            assertEquals("bob", taskOf(s, "s3").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "s3");
            assertEquals("least loaded of 2 capable agent(s): 2.0 open hour(s) in 2 open task(s)", d.getReason());
            assertEquals(2.0, d.getDetails().get("load_before_hours"));
        }
    }

    @Test
    void equalHoursGoToTheAgentWithFewerOpenTasksThenRosterOrder() {
        // z (priority 5, 0 h): both 0 h, 0 tasks -> roster order -> bob (listed first).
        // t (priority 3, 1 h): both still 0 h; bob has 1 open task, alice 0 -> alice.
        try (ProjectSession s = Tweaks.of(project()
                        .agents(agent("bob"), agent("alice"))
                        .tasks(task("z").hours(0).priority(5), task("t").priority(3)))
                .project("coordination", "load_balancing").start()) {
            assertEquals("bob", taskOf(s, "z").getAssignee());
            assertEquals("alice", taskOf(s, "t").getAssignee());
        }
    }

    @Test
    void onlyAgentsWithTheSkillsAndTheCapabilityAreCapable() {
        // The project is centralized; only t is load balanced (the task's own coordination wins).
        // t needs skill x >= 5 and the capability "sql". alice (idle) has x 9 but not sql; carol (idle) has
        // sql but x 4; bob has both and is the only capable agent, though busy with b (3 h, priority 5).
        try (ProjectSession s = Tweaks.of(project()
                        .agents(agent("alice").skill("x", 9), agent("bob").skill("x", 5).skill("y", 1),
                                agent("carol").skill("x", 4))
                        .tasks(task("b").needs("y", 1).hours(3).priority(5), task("t").needs("x", 5)))
                .agent("bob", "capabilities", List.of("sql")).agent("carol", "capabilities", List.of("sql"))
                .task("t", "coordination", "load_balancing").task("t", "required_capability", "sql").start()) {
            assertEquals("bob", taskOf(s, "b").getAssignee());
            assertEquals("bob", taskOf(s, "t").getAssignee());
            assertEquals("least loaded of 1 capable agent(s): 3.0 open hour(s) in 1 open task(s)",
                    onlyDecision(s, DecisionKind.ASSIGNED, "t").getReason());
        }
    }

    @Test
    void aTaskWaitsWhenEveryCapableAgentIsFullAndIsUnassignableWhenNoneIsCapable() {
        // solo takes one task at a time: t1 (priority 5) goes to her, t2 waits for her.
        // u needs the capability "rust", which nobody has: unassignable, naming it.
        try (ProjectSession s = Tweaks.of(project()
                        .agents(agent("solo").maxOpenTasks(1))
                        .tasks(task("t1").priority(5), task("t2"), task("u")))
                .project("coordination", "load_balancing").task("u", "required_capability", "rust").start()) {
            assertEquals("solo", taskOf(s, "t1").getAssignee());
            assertTrue(taskOf(s, "t2").isWaiting());
            assertEquals("waiting: 1 capable agent(s), all at capacity", taskOf(s, "t2").getStatusReason());
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "u").getStatus());
            assertEquals("no agent is capable: capability rust and skills {}", taskOf(s, "u").getStatusReason());
            // solo completes t1: her capacity comes back and the waiting t2 is served to her.
            assertTrue(complete(s, "t1", "solo"));
            assertEquals("solo", taskOf(s, "t2").getAssignee());
            assertFalse(taskOf(s, "t2").isWaiting());
        }
    }

    @Test
    void loadIsReleasedWhenATaskCompletes() {
        // big (priority 5, 4 h) -> alice (roster order); s (priority 4, 1 h) -> bob (0 h < 4 h).
        // next is big's follow-up: known once big completes. alice completes big, her 4 h are released
        // (0 h), bob still holds 1 h -> next goes to alice. Had the load not been released, alice would
        // stand at 4 h and bob would win.
        try (ProjectSession s = Tweaks.of(project()
                        .agents(agent("alice"), agent("bob"))
                        .tasks(task("big").hours(4).priority(5).followUps("next"), task("s").priority(4),
                                task("next")))
                .project("coordination", "load_balancing").start()) {
            assertEquals("alice", taskOf(s, "big").getAssignee());
            assertEquals("bob", taskOf(s, "s").getAssignee());
            assertNull(taskOf(s, "next").getAssignee());
            assertTrue(complete(s, "big", "alice"));
            assertEquals("alice", taskOf(s, "next").getAssignee());
            assertEquals(1.0, agentOf(s, "alice").getOpenHours()); // next's hour only
            assertEquals(0.0, onlyDecision(s, DecisionKind.ASSIGNED, "next").getDetails().get("load_before_hours"));
        }
    }
}
