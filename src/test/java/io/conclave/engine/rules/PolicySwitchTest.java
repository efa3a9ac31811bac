package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.engine.rules.Projects.ProjectBuilder;
import io.conclave.model.Agent;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Occupancy;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;

/** {@code ProjectSession.switchTo}: every fact survives, and the new policy decides from then on. */
public class PolicySwitchTest {

    /** The skill term of the shipped score, and the same term negated: a policy that prefers fewer skills. */
    private static final String SKILL_TERM = "s += a.skill(skills[i]) * levels[i];";
    private static final String NEGATED_SKILL_TERM = "s -= a.skill(skills[i]) * levels[i];";

    // expert x:9, novice x:2.
    // t1 (priority 5, 2 h): expert 9*1 = 9 beats novice 2 -> expert (open: 1 task, 2 h).
    // t3 (priority 4, 4 h): expert 9 - 2 = 7 beats novice 2 -> expert (open: 2 tasks, 6 h).
    // t2 depends on t1 and stays PENDING.
    private static ProjectBuilder twoAgentsThreeTasks() {
        return project()
                .agents(agent("expert").skill("x", 9), agent("novice").skill("x", 2))
                .tasks(task("t1").needs("x", 1).hours(2).priority(5),
                        task("t2").needs("x", 1).hours(1).dependsOn("t1"),
                        task("t3").needs("x", 1).hours(4).priority(4));
    }

    /** Everything a switch must keep: each task's state and each agent's open workload, and the occupancies. */
    private static List<String> state(ProjectSession s) {
        List<String> out = new ArrayList<>();
        for (Task t : s.tasks()) {
            out.add(t.getTaskId() + " " + t.getStatus() + " " + t.getAssignee() + " released=" + t.isReleased()
                    + " waiting=" + t.isWaiting() + " reason=" + t.getStatusReason());
        }
        for (Agent a : s.agents()) {
            out.add(a.getAgentId() + " " + a.getOpenTasks() + " tasks " + a.getOpenHours() + " h");
        }
        s.facts(Occupancy.class).stream().map(Occupancy::describe).sorted().forEach(out::add);
        return out;
    }

    @Test
    void switchingKeepsEveryFactAndTheNewPolicyAssignsTheNextTask(@TempDir Path dir) {
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "common/scoring.drl", SKILL_TERM, NEGATED_SKILL_TERM);
        Policy fewerSkills = PolicyCopies.compile(dir);
        assertNotEquals(RulesFixture.policy().version(), fewerSkills.version());

        try (ProjectSession control = twoAgentsThreeTasks().start();
             ProjectSession s = twoAgentsThreeTasks().start()) {
            assertEquals("expert", taskOf(s, "t1").getAssignee());
            assertEquals("expert", taskOf(s, "t3").getAssignee());
            List<String> before = state(s);
            int ledgerBefore = s.ledger().size();

            s.beginCommand(2);
            s.switchTo(fewerSkills);

            assertEquals(fewerSkills.version(), s.policy().version());
            assertEquals(before, state(s), "the switch changes no task, agent or occupancy");
            assertEquals(ledgerBefore, s.ledger().size(), "nothing to decide: no task was waiting");
            assertEquals(2, agentOf(s, "expert").getOpenTasks());
            assertEquals(6.0, agentOf(s, "expert").getOpenHours());

            // t1 completes under the new policy. Its occupancy survived the switch, so expert is released:
            // 2 - 1 = 1 task, 6 - 2 = 4 h. Completing t1 teaches expert 0.1 on its skill (workflow/learning.drl):
            // 9 -> 9.1. t2 becomes READY and is scored by the new formula:
            //   new:     expert -9.1*1 - 4 = -13.1, novice -2*1 - 0 = -2 -> novice
            //   shipped: expert  9.1*1 - 4 =   5.1, novice  2*1 - 0 =  2 -> expert (the control session)
            assertTrue(complete(s, "t1", "expert"));
            assertTrue(complete(control, "t1", "expert"));
            assertEquals(1, agentOf(s, "expert").getOpenTasks());
            assertEquals(4.0, agentOf(s, "expert").getOpenHours());
            assertEquals(fewerSkills.version(), onlyDecision(s, DecisionKind.CAPACITY_RELEASED, "t1").getPolicyVersion());

            assertEquals("novice", taskOf(s, "t2").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t2");
            assertEquals(fewerSkills.version(), d.getPolicyVersion());
            assertEquals(-2.0, d.getScore());

            assertEquals("expert", taskOf(control, "t2").getAssignee());
            assertEquals(5.1, onlyDecision(control, DecisionKind.ASSIGNED, "t2").getScore());
        }
    }

    @Test
    void switchingLooksAgainAtWaitingTasksUnderTheNewPolicy(@TempDir Path dir) {
        // The new policy lets an agent take one task more than max_open_tasks.
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "common/scoring.drl", "if (a.getOpenTasks() >= a.getMaxOpenTasks()) {",
                "if (a.getOpenTasks() >= a.getMaxOpenTasks() + 1) {");
        Policy oneMore = PolicyCopies.compile(dir);

        // alice takes one task at a time under the shipped policy: t1 is hers, t2 waits.
        try (ProjectSession s = project()
                .agents(agent("alice").maxOpenTasks(1))
                .tasks(task("t1").priority(5), task("t2").hours(3))
                .start()) {
            assertTrue(taskOf(s, "t2").isWaiting());

            s.beginCommand(2);
            s.switchTo(oneMore);

            // The switch wakes t2; alice has 1 < 1 + 1 open tasks, so the new policy gives it to her.
            assertEquals("alice", taskOf(s, "t2").getAssignee());
            assertEquals(2, agentOf(s, "alice").getOpenTasks());
            assertEquals(4.0, agentOf(s, "alice").getOpenHours(), "1 h of t1 + 3 h of t2");
            assertEquals(oneMore.version(), onlyDecision(s, DecisionKind.ASSIGNED, "t2").getPolicyVersion());
            assertEquals("alice", taskOf(s, "t1").getAssignee(), "t1 is untouched");
        }
    }

    @Test
    void switchingReconsidersUnassignableTasksAndUnblocksTheirDependents(@TempDir Path dir) {
        // The new policy accepts an agent up to 3 levels below a required skill level.
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "common/scoring.drl",
                "if (a.skill(skills[i]) < levels[i]) {",
                "if (a.skill(skills[i]) + 3 < levels[i]) {");
        Policy lenient = PolicyCopies.compile(dir);

        // Shipped policy: t1 needs x:5 and alice has x:2, nobody else exists -> UNASSIGNABLE;
        // t2 depends on t1 -> BLOCKED.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 2))
                .tasks(task("t1").needs("x", 5), task("t2").needs("x", 1).dependsOn("t1"))
                .start()) {
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t1").getStatus());
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "t2").getStatus());

            s.beginCommand(2);
            s.switchTo(lenient);

            // Under the new policy alice qualifies (2 + 3 >= 5): t1 is reconsidered, made READY and
            // assigned to her with score 2 * 5 = 10; t2 is no longer blocked and waits, PENDING, for t1.
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t1").getStatus());
            assertEquals("alice", taskOf(s, "t1").getAssignee());
            Decision assigned = onlyDecision(s, DecisionKind.ASSIGNED, "t1");
            assertEquals(10.0, assigned.getScore());
            assertEquals(lenient.version(), assigned.getPolicyVersion());
            assertEquals(TaskStatus.PENDING, taskOf(s, "t2").getStatus());
            assertTrue(s.ledger().stream().anyMatch(d -> "t1".equals(d.getTaskId())
                    && "Unassignable task is reconsidered under a newly activated policy".equals(d.getRule())
                    && d.getToStatus() == TaskStatus.READY));
            assertTrue(s.ledger().stream().anyMatch(d -> "t2".equals(d.getTaskId())
                    && d.getFromStatus() == TaskStatus.BLOCKED
                    && d.getToStatus() == TaskStatus.PENDING));
        }
    }
}
