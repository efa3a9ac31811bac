package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.engine.policy.SessionKind;
import io.conclave.engine.rules.Projects.TaskBuilder;
import io.conclave.model.Candidate;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Rejection;
import io.conclave.model.TaskStatus;

/** rules/assignment/assignment.drl: who is eligible, how agents are scored and ranked, in which order tasks are served. */
public class AssignmentRulesTest {

    // ------------------------------------------------------------------ eligibility

    @Test
    void requiredSkillBelowItsLevelOrMissingExcludesAnAgentWhateverItsScore() {
        // t needs x:5, y:1.
        // alice: x 4 < 5 -> excluded, although 4*5 + 10*1 = 30 would beat bob.
        // carol: y missing counts as 0 < 1 -> excluded, although 9*5 + 0 = 45 would beat bob.
        // bob:   5*5 + 1*1 = 26, the only eligible agent.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 4).skill("y", 10),
                        agent("bob").skill("x", 5).skill("y", 1),
                        agent("carol").skill("x", 9))
                .tasks(task("t").needs("x", 5).needs("y", 1))
                .start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t").getStatus());
            assertEquals("bob", taskOf(s, "t").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t");
            assertEquals(26.0, d.getScore());
            assertEquals(List.of(), d.getRunnersUp());
            assertEquals(List.of(new Rejection("alice", "lacks x (has 4.0, needs 5.0)"),
                    new Rejection("carol", "lacks y (has 0.0, needs 1.0)")), d.getRejected());
        }
    }

    @Test
    void anAgentAtMaxOpenTasksIsNotEligible() {
        // t1 (priority 5) is served first: alice 9*1 = 9 beats bob 5*1 = 5, alice is now 1/1.
        // t2: alice would still score 9 - 1 h = 8 > bob's 5, but she is at capacity, so bob gets it.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 9).maxOpenTasks(1), agent("bob").skill("x", 5))
                .tasks(task("t1").needs("x", 1).priority(5), task("t2").needs("x", 1).priority(1))
                .start()) {
            assertEquals("alice", taskOf(s, "t1").getAssignee());
            assertEquals("bob", taskOf(s, "t2").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t2");
            assertEquals(List.of(new Rejection("alice", "at capacity (1/1 open tasks)")), d.getRejected());
        }
    }

    // ------------------------------------------------------------------ the score

    @Test
    void scoreSumsSkillTimesRequiredLevelOverEveryRequiredSkill() {
        // t needs x:2, y:3.
        // alice: 9*2 + 3*3 = 27; bob: 5*2 + 6*3 = 28 -> bob, although alice has more skill in total (12 vs 11)
        // and the single highest level.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 9).skill("y", 3), agent("bob").skill("x", 5).skill("y", 6))
                .tasks(task("t").needs("x", 2).needs("y", 3))
                .start()) {
            assertEquals("bob", taskOf(s, "t").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t");
            assertEquals(28.0, d.getScore());
            assertEquals(List.of(new Candidate("alice", 27.0, 0.0)), d.getRunnersUp());
        }
    }

    @Test
    void preferenceForTheTaskTypeAddsOneTenthOfItsLevel() {
        // t needs x:6, type "dev".
        // alice: 8*6 + 0.1*2 = 48.2
        // bob:   8*6 + 0 (his preference is for "review", not "dev") = 48.0
        // carol: 7*6 + 0.1*9 = 42.9 (with a full-weight preference she would have 51 and win)
        try (ProjectSession s = project()
                .agents(agent("bob").skill("x", 8).prefers("review", 10),
                        agent("carol").skill("x", 7).prefers("dev", 9),
                        agent("alice").skill("x", 8).prefers("dev", 2))
                .tasks(task("t").needs("x", 6).type("dev"))
                .start()) {
            assertEquals("alice", taskOf(s, "t").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t");
            assertEquals(48.2, d.getScore());
            assertEquals(List.of(new Candidate("bob", 48.0, 0.0), new Candidate("carol", 42.9, 0.0)),
                    d.getRunnersUp());
        }
    }

    @Test
    void equalScoresGoToTheAgentWithFewerOpenHours() {
        // t0 (priority 5, 2 h) needs z, which only alice has: alice now holds 2 open hours.
        // t1 needs x:1: alice 6*1 - 2 = 4, bob 4*1 - 0 = 4 -> tie; bob has fewer open hours (0 < 2).
        // (By agent id alone alice would have won.)
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 6).skill("z", 1), agent("bob").skill("x", 4))
                .tasks(task("t0").needs("z", 1).hours(2).priority(5), task("t1").needs("x", 1).priority(3))
                .start()) {
            assertEquals("alice", taskOf(s, "t0").getAssignee());
            assertEquals("bob", taskOf(s, "t1").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t1");
            assertEquals(4.0, d.getScore());
            assertEquals(List.of(new Candidate("alice", 4.0, 2.0)), d.getRunnersUp());
        }
    }

    @Test
    void equalScoresAndEqualHoursGoToTheSmallerAgentId() {
        // zed and amy both score 5*1 = 5 with 0 open hours; "amy" < "zed", although zed comes first in the file.
        try (ProjectSession s = project()
                .agents(agent("zed").skill("x", 5), agent("amy").skill("x", 5))
                .tasks(task("t").needs("x", 1))
                .start()) {
            assertEquals("amy", taskOf(s, "t").getAssignee());
            assertEquals(List.of(new Candidate("zed", 5.0, 0.0)),
                    onlyDecision(s, DecisionKind.ASSIGNED, "t").getRunnersUp());
        }
    }

    // ------------------------------------------------------------------ serving order

    /** Two tasks wanting the only agent, who takes one task at a time: the task served first gets her. */
    private static void assertServedFirst(String expectedFirst, String expectedWaiting, TaskBuilder... tasks) {
        try (ProjectSession s = project()
                .agents(agent("solo").maxOpenTasks(1))
                .tasks(tasks)
                .start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, expectedFirst).getStatus());
            assertEquals("solo", taskOf(s, expectedFirst).getAssignee());
            assertEquals(TaskStatus.READY, taskOf(s, expectedWaiting).getStatus());
            assertTrue(taskOf(s, expectedWaiting).isWaiting());
            assertNull(taskOf(s, expectedWaiting).getAssignee());
            onlyDecision(s, DecisionKind.WAITING, expectedWaiting);
        }
    }

    @Test
    void higherPriorityIsServedFirst() {
        // b: priority 4 > a: priority 2, although a comes first by id, by file order and by date.
        assertServedFirst("b", "a",
                task("a").priority(2).date("2024-01-01T09:00:00"),
                task("b").priority(4).date("2024-06-01T09:00:00"));
    }

    @Test
    void withEqualPriorityTheEarlierScheduledDateIsServedFirst() {
        // Both priority 3; b is scheduled a day before a.
        assertServedFirst("b", "a",
                task("a").date("2024-01-16T09:00:00"),
                task("b").date("2024-01-15T09:00:00"));
    }

    @Test
    void undatedTasksAreServedAfterDatedOnes() {
        // Both priority 3; a has no date, so it goes after b even though b is dated late in the year.
        assertServedFirst("b", "a",
                task("a"),
                task("b").date("2024-12-31T17:00:00"));
    }

    @Test
    void withEqualPriorityAndDateTheSmallerTaskIdIsServedFirst() {
        // Same priority, same date: "a" < "b", although b comes first in the file.
        assertServedFirst("a", "b",
                task("b").date("2024-01-15T09:00:00"),
                task("a").date("2024-01-15T09:00:00"));
    }

    @Test
    void eachAssignmentChangesTheWorkloadTheNextOneSees() {
        // t1 (priority 5, 5 h): alice 8*1 = 8 beats bob 6*1 = 6 -> alice, who now has 5 open hours.
        // t2 (priority 4, 5 h): alice 8 - 5 = 3 < bob 6 - 0 = 6 -> bob.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 8), agent("bob").skill("x", 6))
                .tasks(task("t1").needs("x", 1).hours(5).priority(5), task("t2").needs("x", 1).hours(5).priority(4))
                .start()) {
            assertEquals("alice", taskOf(s, "t1").getAssignee());
            assertEquals("bob", taskOf(s, "t2").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t2");
            assertEquals(6.0, d.getScore());
            assertEquals(List.of(new Candidate("alice", 3.0, 5.0)), d.getRunnersUp());
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
            assertEquals(5.0, agentOf(s, "alice").getOpenHours());
            assertEquals(1, agentOf(s, "bob").getOpenTasks());
            assertEquals(5.0, agentOf(s, "bob").getOpenHours());
        }
    }

    // ------------------------------------------------------------------ nobody fits

    @Test
    void taskIsUnassignableWhenNoAgentHasTheSkill() {
        // Nobody has rust at 3: bob's 2 is the best there is, alice has none.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 9), agent("bob").skill("rust", 2))
                .tasks(task("t").needs("rust", 3))
                .start()) {
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t").getStatus());
            assertNull(taskOf(s, "t").getAssignee());
            assertEquals("no agent qualifies: rust needs 3.0, best available 2.0", taskOf(s, "t").getStatusReason());
            Decision d = onlyDecision(s, DecisionKind.UNASSIGNABLE, "t");
            assertEquals(TaskStatus.UNASSIGNABLE, d.getToStatus());
            assertEquals(2, d.getRejectedTotal());
            assertEquals(0, agentOf(s, "bob").getOpenTasks());
        }
    }

    @Test
    void taskWaitsWhileQualifiedAgentsAreFullAndNeverFallsBackToAnUnqualifiedOne() {
        // t1 (priority 5) takes alice, the only agent with x, who takes one task at a time.
        // t2 needs x too: alice is full and bob lacks x, so t2 stays READY and waits; bob stays idle.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 5).maxOpenTasks(1), agent("bob").skill("y", 10))
                .tasks(task("t1").needs("x", 1).priority(5), task("t2").needs("x", 1).hours(3).priority(1))
                .start()) {
            assertEquals("alice", taskOf(s, "t1").getAssignee());
            assertEquals(TaskStatus.READY, taskOf(s, "t2").getStatus());
            assertTrue(taskOf(s, "t2").isWaiting());
            assertNull(taskOf(s, "t2").getAssignee());
            assertEquals(0, agentOf(s, "bob").getOpenTasks());
            Decision waiting = onlyDecision(s, DecisionKind.WAITING, "t2");
            assertEquals("1 agent(s) have the skills, all at capacity", waiting.getReason());
            assertEquals(List.of(new Rejection("alice", "at capacity (1/1 open tasks)"),
                    new Rejection("bob", "lacks x (has 0.0, needs 1.0)")), waiting.getRejected());

            // alice starts and completes t1: her capacity frees and t2, woken, goes to her.
            assertTrue(start(s, "t1", "alice"));
            assertEquals(TaskStatus.READY, taskOf(s, "t2").getStatus(), "starting t1 frees nothing");
            assertTrue(complete(s, "t1", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t2").getStatus());
            assertEquals("alice", taskOf(s, "t2").getAssignee());
            assertFalse(taskOf(s, "t2").isWaiting());
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
            assertEquals(3.0, agentOf(s, "alice").getOpenHours());
            assertEquals(0, agentOf(s, "bob").getOpenTasks());
        }
    }

    // ------------------------------------------------------------------ the ledger entry

    @Test
    void anAssignedDecisionCarriesRulePolicyScoreRunnersUpRejectionsAndMatchedFacts() {
        // t needs x:2. alice 8*2 = 16, bob 5*2 = 10, carol 3*2 = 6; dave has no x (0 < 2), erin 1 < 2.
        try (ProjectSession s = project()
                .agents(agent("erin").skill("x", 1), agent("carol").skill("x", 3), agent("alice").skill("x", 8),
                        agent("dave").skill("y", 9), agent("bob").skill("x", 5))
                .tasks(task("t").needs("x", 2))
                .start()) {
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t");
            assertEquals("Assign served task to best-scoring eligible agent", d.getRule());
            assertEquals(RulesFixture.policy().version(), d.getPolicyVersion());
            assertEquals(1, d.getCommandSeq(), "the session was started as command 1");
            assertEquals(List.of("alice"), d.getAgentIds());
            assertEquals(TaskStatus.READY, d.getFromStatus());
            assertEquals(TaskStatus.ASSIGNED, d.getToStatus());
            assertEquals(16.0, d.getScore());
            assertEquals(List.of(new Candidate("bob", 10.0, 0.0), new Candidate("carol", 6.0, 0.0)),
                    d.getRunnersUp());
            // rejections are listed in roster (definition) order: erin before dave
            assertEquals(List.of(new Rejection("erin", "lacks x (has 1.0, needs 2.0)"),
                    new Rejection("dave", "lacks x (has 0.0, needs 2.0)")), d.getRejected());
            assertEquals(2, d.getRejectedTotal());
            assertEquals("highest score 16.0 among 3 eligible agent(s)", d.getReason());
            // The matched facts are described as they were when the rule fired, before alice took the task.
            assertFalse(d.getMatchedFacts().isEmpty());
            assertTrue(d.getMatchedFacts().contains("agent alice [open 0/3 tasks, 0.0 h]"), d.getMatchedFacts()::toString);
            // Ledger positions are 1-based and increasing.
            assertTrue(d.getSeq() >= 1 && d.getSeq() <= s.ledger().size());
        }
    }

    @Test
    void theLedgerKeepsTheBestFourCandidatesAndTheFirstTenRejectionsInRosterOrder() {
        // a1..a6 have x = 1..6: a6 wins with 6*1 = 6; the ranking keeps 4 candidates, so 3 runners-up.
        // r12..r01 (defined in that order) lack x: all 12 are counted, the first 10 defined are listed.
        var b = project();
        for (int i = 1; i <= 6; i++) {
            b.agents(agent("a" + i).skill("x", i));
        }
        for (int i = 12; i >= 1; i--) {
            b.agents(agent(String.format("r%02d", i)).skill("y", 5));
        }
        try (ProjectSession s = b.tasks(task("t").needs("x", 1)).start()) {
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t");
            assertEquals(List.of("a6"), d.getAgentIds());
            assertEquals(List.of(new Candidate("a5", 5.0, 0.0), new Candidate("a4", 4.0, 0.0),
                    new Candidate("a3", 3.0, 0.0)), d.getRunnersUp());
            assertEquals(12, d.getRejectedTotal());
            assertEquals(List.of("r12", "r11", "r10", "r09", "r08", "r07", "r06", "r05", "r04", "r03"),
                    d.getRejected().stream().map(Rejection::agentId).toList());
            assertEquals("highest score 6.0 among 6 eligible agent(s)", d.getReason());
            assertEquals(1, decisions(s, DecisionKind.ASSIGNED, "t").size());
        }
    }

    @Test
    void aRankingReadsTheAgentsOfTheRarestSkillAndStillRejectsTheWholeRosterInOrder() {
        // t1 (priority 5, needs x 1) goes to alice (x 9 beats dave's 4 and carol's 1): alice is now 1/1.
        // t2 needs x 2 and y 3. Three agents have x, four have y: the ranking reads the x list (alice, carol,
        // dave). alice qualifies but is at capacity; carol's x 1 is short; dave (x 4, y 4) scores
        // 4*2 + 4*3 = 20 and wins. bob and erin are never read (no x), yet they are rejected too: the ledger
        // lists alice, bob, carol, erin in roster order, 4 in all, 2 qualified, 1 eligible.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 9).skill("y", 3).maxOpenTasks(1), agent("bob").skill("y", 5),
                        agent("carol").skill("x", 1).skill("y", 5), agent("dave").skill("x", 4).skill("y", 4),
                        agent("erin").skill("z", 3))
                .tasks(task("t1").needs("x", 1).priority(5), task("t2").needs("x", 2).needs("y", 3).priority(1))
                .start()) {
            assertEquals("alice", taskOf(s, "t1").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t2");
            assertEquals(List.of("dave"), d.getAgentIds());
            assertEquals(List.of(), d.getRunnersUp());
            assertEquals(List.of("alice", "bob", "carol", "erin"),
                    d.getRejected().stream().map(Rejection::agentId).toList());
            assertEquals("at capacity (1/1 open tasks)", d.getRejected().get(0).reason());
            assertEquals(4, d.getRejectedTotal());
            assertEquals("highest score 20.0 among 1 eligible agent(s)", d.getReason());
        }
    }

    // ------------------------------------------------------------------ one ranking a served task

    /**
     * The three rules that decide a served task begin with the same four conditions, the last of which ranks the
     * roster (rank, a condition of each): Drools builds them once, so the roster is ranked once a task whichever
     * rule fires. Walks each rule's network from its end up to the first {@code from} (the ranking's) and finds
     * one node for the three; a rule whose conditions differ gets its own node, and the roster is ranked again.
     */
    @Test
    void theThreeRulesThatDecideAServedTaskShareOneRanking() {
        org.drools.core.impl.InternalRuleBase base = (org.drools.core.impl.InternalRuleBase)
                RulesFixture.policy().kieBase(SessionKind.PROJECT);
        Set<Object> rankings = new HashSet<>();
        for (String rule : List.of("Assign served task to best-scoring eligible agent",
                "Task waits while every qualified agent is at capacity",
                "Task is unassignable when no agent has the required skills")) {
            List<org.drools.core.reteoo.TerminalNode[]> found = base.getReteooBuilder().getTerminalNodes().entrySet()
                    .stream().filter(e -> e.getKey().endsWith(rule)).map(java.util.Map.Entry::getValue).toList();
            assertEquals(1, found.size(), rule);
            org.drools.core.reteoo.TerminalNode[] ends = found.get(0);
            assertEquals(1, ends.length, rule);
            org.drools.core.reteoo.FromNode<?> first = null;
            for (org.drools.core.reteoo.LeftTupleSource s = ends[0].getLeftTupleSource(); s != null;
                    s = s.getLeftTupleSource()) {
                if (s instanceof org.drools.core.reteoo.FromNode<?> from) {
                    first = from; // walking up: the last one met is the first of the rule
                }
            }
            assertTrue(first != null, rule + " ranks in a condition");
            rankings.add(first);
        }
        assertEquals(1, rankings.size(), "one ranking node for the three rules");
    }

    @Test
    void theDecisionNamesTheRankingItWasTakenOnOnce() {
        // the ranking is matched twice (ranked, then read by `from $r`): the ledger lists it once, after the task
        try (ProjectSession s = project().agents(agent("alice").skill("x", 5))
                .tasks(task("t").needs("x", 1)).start()) {
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t");
            List<String> rankings = d.getMatchedFacts().stream().filter(f -> f.startsWith("ranking of task t")).toList();
            assertEquals(List.of("ranking of task t: 1 qualified, 1 candidate(s) kept"), rankings, d.getMatchedFacts().toString());
        }
    }
}
