package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.taskOf;
import static io.conclave.engine.rules.Trees.agent;
import static io.conclave.engine.rules.Trees.obj;
import static io.conclave.engine.rules.Trees.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.DelegationRequest;
import io.conclave.model.Refusal;
import io.conclave.model.Rejection;
import io.conclave.model.TaskStatus;

/** rules/assignment/delegation.drl, rules/assignment/delegation_requests.drl and their formulas in rules/assignment/hierarchy.drl. */
public class DelegationRulesTest {

    /**
     * The reporting lines of most tests:
     * <pre>
     * ceo ─┬─ cto ─┬─ lead ─┬─ dev   (x 6)
     *      │       │        └─ dev2  (x 5)
     *      │       └─ ops
     *      └─ cfo
     * </pre>
     * Only dev and dev2 have skill x; nobody has y.
     */
    private static List<ObjectNode> company(int devMaxOpenTasks) {
        return List.of(agent("ceo"),
                agent("cto", "manager", "ceo"),
                agent("lead", "manager", "cto"),
                agent("dev", "manager", "lead", "skill_levels", obj("x", 6), "max_open_tasks", devMaxOpenTasks),
                agent("dev2", "manager", "lead", "skill_levels", obj("x", 5), "max_open_tasks", devMaxOpenTasks),
                agent("ops", "manager", "cto"),
                agent("cfo", "manager", "ceo"));
    }

    @Test
    void aTaskGoesDownThreeLevelsOneDelegatedDecisionPerStep() {
        // t (x 5, 2 h) starts at ceo. Scores: dev 6*5 = 30, dev2 5*5 = 25, nobody else is capable.
        // step 1, ceo: neither cto nor cfo is capable; cto's team holds dev (30), cfo's nobody -> to cto.
        // step 2, cto: neither lead nor ops is capable; lead's team holds dev -> to lead.
        // step 3, lead: dev and dev2 are direct reports with capacity; 30 > 25 -> dev takes it.
        try (ProjectSession s = Trees.start("hierarchical", company(3),
                List.of(task("t", "manager", "ceo", "required_skills", obj("x", 5), "estimated_hours", 2)))) {
            List<Decision> steps = decisions(s, DecisionKind.DELEGATED, "t");
            assertEquals(3, steps.size());
            assertEquals(List.of("ceo", "cto"), steps.get(0).getAgentIds());
            assertEquals(Map.of("manager", "ceo", "to", "cto", "step", 1, "best_below", "dev"), steps.get(0).getDetails());
            assertEquals(30.0, steps.get(0).getScore());
            assertEquals(List.of(new Rejection("cfo", "lacks x (has 0.0, needs 5.0); no better capable agent with "
                    + "capacity below it")), steps.get(0).getRejected());
            assertEquals(List.of("cto", "lead"), steps.get(1).getAgentIds());
            assertEquals("ops", steps.get(1).getRejected().get(0).agentId());
            assertEquals(List.of("lead", "dev"), steps.get(2).getAgentIds());
            assertEquals("lead delegates to dev, a direct report with the skills and capacity (score 30.0)",
                    steps.get(2).getReason());
            assertEquals(List.of(new Rejection("dev2", "score 25.0 below 30.0")), steps.get(2).getRejected());
            // the steps are in ledger order, and the placement comes after the last one
            Decision assigned = onlyDecision(s, DecisionKind.ASSIGNED, "t");
            assertTrue(assigned.getSeq() > steps.get(2).getSeq() && steps.get(2).getSeq() > steps.get(0).getSeq());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t").getStatus());
            assertEquals("dev", taskOf(s, "t").getAssignee());
            assertEquals(1, agentOf(s, "dev").getOpenTasks());
            assertEquals(2.0, agentOf(s, "dev").getOpenHours());
        }
    }

    @Test
    void withoutAManagerTheTaskStartsAtTheTopOfTheTree() {
        // No task manager: the top of the tree hands it to its only root, ceo, then as above: 4 steps.
        try (ProjectSession s = Trees.start("hierarchical", company(3),
                List.of(task("t", "required_skills", obj("x", 5))))) {
            List<Decision> steps = decisions(s, DecisionKind.DELEGATED, "t");
            assertEquals(List.of(List.of("ceo"), List.of("ceo", "cto"), List.of("cto", "lead"), List.of("lead", "dev")),
                    steps.stream().map(Decision::getAgentIds).toList());
            assertTrue(steps.get(0).getReason().startsWith("the top of the tree delegates to ceo"));
            assertEquals("dev", taskOf(s, "t").getAssignee());
        }
    }

    @Test
    void aManagerWithNobodyCapableBelowItMakesTheTaskUnassignableEvenIfSomeoneElseIsCapable() {
        // dev and dev2 have x, but they are not below cfo (cfo has no reports) nor below ops.
        // y: nobody below cto has it (nobody at all): the gap names the skill.
        try (ProjectSession s = Trees.start("hierarchical", company(3), List.of(
                task("a", "manager", "cfo", "required_skills", obj("x", 1)),
                task("b", "manager", "cto", "required_skills", obj("y", 3)),
                task("c", "manager", "ceo", "required_capability", "audit")))) {
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "a").getStatus());
            assertEquals("nobody below cfo is capable: no agent reports to cfo", taskOf(s, "a").getStatusReason());
            assertEquals("nobody below cto is capable: y needs 3.0, best available 0.0", taskOf(s, "b").getStatusReason());
            assertEquals("nobody below ceo is capable: no agent below has capability audit",
                    taskOf(s, "c").getStatusReason());
            assertEquals(List.of(), decisions(s, DecisionKind.DELEGATED, "a"));
            assertEquals(0, agentOf(s, "dev").getOpenTasks());
        }
    }

    @Test
    void aTaskWaitsWhileEveryoneCapableBelowIsAtCapacityAndIsDelegatedWhenOneIsFreed() {
        // dev and dev2 take one task each. t1 (priority 5) -> dev (30 > 25); t2 (4): dev full -> dev2;
        // t3 (3): both capable agents below ceo are full -> waits. dev completes t1 -> t3 goes to dev.
        try (ProjectSession s = Trees.start("hierarchical", company(1), List.of(
                task("t1", "required_skills", obj("x", 5), "priority", 5),
                task("t2", "required_skills", obj("x", 5), "priority", 4),
                task("t3", "required_skills", obj("x", 5), "priority", 3)))) {
            assertEquals("dev", taskOf(s, "t1").getAssignee());
            assertEquals("dev2", taskOf(s, "t2").getAssignee());
            assertTrue(taskOf(s, "t3").isWaiting());
            assertEquals("2 agent(s) below the top of the tree are capable, all at capacity",
                    onlyDecision(s, DecisionKind.WAITING, "t3").getReason());
            assertTrue(start(s, "t1", "dev"));
            assertTrue(complete(s, "t1", "dev"));
            assertEquals("dev", taskOf(s, "t3").getAssignee());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t3").getStatus());
        }
    }

    // ------------------------------------------------------------------ the delegate command

    private static ProjectSession handedDown() {
        // t (x 1) from cto: lead (x 2) is a capable direct report -> lead holds it (score 2).
        // u (x 1) from dev: intern2 (x 1) is its only capable report -> intern2 holds it, now 1/1.
        List<ObjectNode> agents = List.of(agent("ceo"), agent("cto", "manager", "ceo"),
                agent("lead", "manager", "cto", "skill_levels", obj("x", 2)),
                agent("ops", "manager", "cto"),
                agent("dev", "manager", "lead", "skill_levels", obj("x", 6)),
                agent("intern", "manager", "dev"),
                agent("intern2", "manager", "dev", "skill_levels", obj("x", 1), "max_open_tasks", 1));
        return Trees.start("hierarchical", agents, List.of(
                task("t", "manager", "cto", "required_skills", obj("x", 1), "estimated_hours", 3),
                task("u", "manager", "dev", "required_skills", obj("x", 1))));
    }

    private static Refusal delegate(ProjectSession s, String taskId, String by, String to) {
        s.beginCommand(System.nanoTime());
        DelegationRequest r = new DelegationRequest(taskId, by, to);
        return s.post(r, r.toString());
    }

    @Test
    void aHolderCanHandItsTaskOnlyToACapableAgentWithCapacityBelowIt() {
        try (ProjectSession s = handedDown()) {
            assertEquals("lead", taskOf(s, "t").getAssignee());
            assertEquals("intern2", taskOf(s, "u").getAssignee());

            assertRefused(delegate(s, "t", "lead", "ghost"), Refusal.Kind.NOT_FOUND, "unknown_agent",
                    "project has no agent 'ghost' to delegate to");
            assertRefused(delegate(s, "t", "dev", "intern"), Refusal.Kind.CONFLICT, "not_holder",
                    "task t is held by lead, not by dev");
            assertRefused(delegate(s, "t", "lead", "ops"), Refusal.Kind.CONFLICT, "not_below",
                    "ops is not below lead in the reporting lines (ops reports to cto)");
            assertRefused(delegate(s, "t", "lead", "ceo"), Refusal.Kind.CONFLICT, "not_below",
                    "ceo is not below lead in the reporting lines (ceo reports to nobody)");
            assertRefused(delegate(s, "t", "lead", "lead"), Refusal.Kind.CONFLICT, "not_below",
                    "lead is not below lead in the reporting lines (lead reports to cto)");
            // intern is two levels below lead (intern -> dev -> lead) but has no x
            assertRefused(delegate(s, "t", "lead", "intern"), Refusal.Kind.CONFLICT, "not_capable",
                    "intern is not capable of t: lacks x (has 0.0, needs 1.0)");
            assertRefused(delegate(s, "t", "lead", "intern2"), Refusal.Kind.CONFLICT, "at_capacity",
                    "intern2 is at capacity (1/1 open tasks)");
            // nothing of a refused command stays: lead still holds t with its 3 hours
            assertEquals("lead", taskOf(s, "t").getAssignee());
            assertEquals(3.0, agentOf(s, "lead").getOpenHours());

            assertNull(delegate(s, "t", "lead", "dev"));
            assertEquals("dev", taskOf(s, "t").getAssignee());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t").getStatus());
            assertEquals(0, agentOf(s, "lead").getOpenTasks());
            assertEquals(0.0, agentOf(s, "lead").getOpenHours());
            assertEquals(1, agentOf(s, "dev").getOpenTasks());
            assertEquals(3.0, agentOf(s, "dev").getOpenHours());
            // the first DELEGATED decision is cto's, when t was served; the second is lead's hand-over
            List<Decision> handed = decisions(s, DecisionKind.DELEGATED, "t");
            assertEquals(2, handed.size());
            Decision d = handed.get(1);
            assertEquals(List.of("lead", "dev"), d.getAgentIds());
            assertEquals(6.0, d.getScore()); // dev: 6 * 1, no open hours before it took t
            assertEquals("lead delegates to dev, below it and capable (score 6.0)", d.getReason());

            // once started, the task can no longer be handed down
            assertTrue(start(s, "t", "dev"));
            assertRefused(delegate(s, "t", "dev", "intern2"), Refusal.Kind.CONFLICT, "wrong_status",
                    "task t is IN_PROGRESS; delegate needs it to be [ASSIGNED]");
        }
    }

    private static void assertRefused(Refusal r, Refusal.Kind kind, String code, String reason) {
        assertEquals(kind, r.getKind());
        assertEquals(code, r.getCode());
        assertEquals(reason, r.getReason());
    }
}
