package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.fail;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Candidate;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.Rejection;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;

/** rules/workflow/learning.drl: what agents learn from the tasks they complete, and how it changes later assignments. */
public class LearningRulesTest {

    /** A project of the builder with {@code skill_development_rate} set. */
    private static ProjectSession withRate(Projects.ProjectBuilder b, double rate) {
        ObjectNode node = b.node();
        node.put("skill_development_rate", rate);
        return RulesFixture.start(node.toString());
    }

    // ------------------------------------------------------------------ increments

    @Test
    void completingATaskRaisesEachRequiredSkillAndThePreferenceForItsTypeByOneTenth() {
        // alice (x 7, y 3, dev 2, z 4 not required) completes t (needs x 5, y 2, type dev) at the default rate 1:
        // x 7 + 0.1 = 7.1, y 3 + 0.1 = 3.1, preference dev 2 + 0.1 = 2.1; z and the "ops" preference untouched.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 7).skill("y", 3).skill("z", 4).prefers("dev", 2).prefers("ops", 5))
                .tasks(task("t").needs("x", 5).needs("y", 2).type("dev"))
                .start()) {
            assertEquals("alice", taskOf(s, "t").getAssignee());
            assertTrue(decisions(s, DecisionKind.LEARNED, "t").isEmpty(), "an assignment alone teaches nothing");
            assertTrue(complete(s, "t", "alice"));

            assertEquals(Map.of("x", 7.1, "y", 3.1, "z", 4.0), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("dev", 2.1, "ops", 5.0), agentOf(s, "alice").getPreferences());
            Decision d = onlyDecision(s, DecisionKind.LEARNED, "t");
            assertEquals(List.of("alice"), d.getAgentIds());
            assertEquals("Agent learns from a task it completed", d.getRule());
            assertEquals("alice learned from t: x 7.0 -> 7.1; y 3.0 -> 3.1; preference for dev 2.0 -> 2.1", d.getReason());
            assertEquals(Map.of("agent", "alice",
                    "skills", Map.of("x", List.of(7.0, 7.1), "y", List.of(3.0, 3.1)),
                    "preference", Map.of("task_type", "dev", "before", 2.0, "after", 2.1)), d.getDetails());
        }
    }

    @Test
    void theSkillDevelopmentRateScalesTheSkillGainButNotThePreferenceGain() {
        // Rate 3: x 7 + 0.1 * 3 = 7.3 exactly (in plain doubles 7.300000000000001), preference dev 0 + 0.1 = 0.1
        // (the preference gain does not depend on the rate).
        try (ProjectSession s = withRate(project()
                .agents(agent("alice").skill("x", 7))
                .tasks(task("t").needs("x", 1).type("dev")), 3)) {
            assertTrue(complete(s, "t", "alice"));
            assertEquals(Map.of("x", 7.3), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("dev", 0.1), agentOf(s, "alice").getPreferences());
        }
    }

    @Test
    void rateZeroLeavesSkillsAsTheyAreButStillTeachesThePreference() {
        try (ProjectSession s = withRate(project()
                .agents(agent("alice").skill("x", 7))
                .tasks(task("t").needs("x", 1).type("dev")), 0)) {
            assertTrue(complete(s, "t", "alice"));
            assertEquals(Map.of("x", 7.0), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("dev", 0.1), agentOf(s, "alice").getPreferences());
            assertEquals(Map.of("x", List.of(7.0, 7.0)), onlyDecision(s, DecisionKind.LEARNED, "t").getDetails().get("skills"));
        }
    }

    @Test
    void levelsAreCappedAtTen() {
        // Rate 2 (gain 0.2): x 9.95 -> 10 (not 10.15), y 10 stays 10; preference dev 9.98 -> 10 (not 10.08).
        try (ProjectSession s = withRate(project()
                .agents(agent("alice").skill("x", 9.95).skill("y", 10).prefers("dev", 9.98))
                .tasks(task("t").needs("x", 1).needs("y", 1).type("dev")), 2)) {
            assertTrue(complete(s, "t", "alice"));
            assertEquals(Map.of("x", 10.0, "y", 10.0), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("dev", 10.0), agentOf(s, "alice").getPreferences());
            assertEquals(Map.of("x", List.of(9.95, 10.0), "y", List.of(10.0, 10.0)),
                    onlyDecision(s, DecisionKind.LEARNED, "t").getDetails().get("skills"));
        }
    }

    @Test
    void nothingLeftToLearnWritesNoLedgerEntry() {
        // Everything already at the cap: the completion changes no level, so no LEARNED decision.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 10).prefers("dev", 10))
                .tasks(task("t").needs("x", 1).type("dev"))
                .start()) {
            assertTrue(complete(s, "t", "alice"));
            assertEquals(Map.of("x", 10.0), agentOf(s, "alice").getSkillLevels());
            assertTrue(decisions(s, DecisionKind.LEARNED, "t").isEmpty());
        }
    }

    // ------------------------------------------------------------------ preference, failure, meetings

    @Test
    void aTaskWithoutTaskTypeChangesNoPreference() {
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 5).prefers("dev", 4))
                .tasks(task("t").needs("x", 2))
                .start()) {
            assertTrue(complete(s, "t", "alice"));
            assertEquals(Map.of("x", 5.1), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("dev", 4.0), agentOf(s, "alice").getPreferences());
            Decision d = onlyDecision(s, DecisionKind.LEARNED, "t");
            assertFalse(d.getDetails().containsKey("preference"));
            assertEquals("alice learned from t: x 5.0 -> 5.1", d.getReason());
        }
    }

    @Test
    void aFailedTaskTeachesNothing() {
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 5).prefers("dev", 4))
                .tasks(task("t").needs("x", 2).type("dev"))
                .start()) {
            assertTrue(fail(s, "t", "alice"));
            assertEquals(TaskStatus.FAILED, taskOf(s, "t").getStatus());
            assertEquals(Map.of("x", 5.0), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("dev", 4.0), agentOf(s, "alice").getPreferences());
            assertTrue(decisions(s, DecisionKind.LEARNED, "t").isEmpty());
        }
    }

    @Test
    void aCompletedMeetingTeachesEveryAttendeeAndASkillAnAttendeeLacksStartsFromZero() {
        // m (meeting of alice and bob, needs design 3, type planning) is convened whatever their skills.
        // alice: design 5 -> 5.1, planning 0 -> 0.1. bob has no design: 0 -> 0.1, planning 1 -> 1.1.
        // carol did not attend: unchanged. One LEARNED decision per attendee.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("design", 5), agent("bob").skill("ops", 6).prefers("planning", 1),
                        agent("carol").skill("design", 2))
                .tasks(task("m").meeting("alice", "bob").needs("design", 3).type("planning"))
                .start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "m").getStatus());
            assertTrue(complete(s, "m", "bob"));

            assertEquals(Map.of("design", 5.1), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("planning", 0.1), agentOf(s, "alice").getPreferences());
            assertEquals(Map.of("design", 0.1, "ops", 6.0), agentOf(s, "bob").getSkillLevels());
            assertEquals(Map.of("planning", 1.1), agentOf(s, "bob").getPreferences());
            assertEquals(Map.of("design", 2.0), agentOf(s, "carol").getSkillLevels());
            List<Decision> learned = decisions(s, DecisionKind.LEARNED, "m");
            assertEquals(List.of("alice", "bob"), learned.stream().map(d -> d.getAgentIds().get(0)).sorted().toList());
        }
    }

    // ------------------------------------------------------------------ learning changes the next assignment

    @Test
    void aSkillLearnedInAMeetingMakesTheAttendeeACandidateForTheNextTaskThatNeedsIt() {
        // At skill_development_rate 10 a task teaches 0.1 x 10 = 1 level. bob has no design until the meeting m
        // teaches him design 0 -> 1 (alice: 5 -> 6). t2 needs design 1 and waits for m. The ranking reads the
        // roster's skill index (the agents of each skill), so bob is a candidate for t2 only if the index
        // followed his new skill: alice 6 x 1 = 6, bob 1 x 1 = 1, both with 0 open hours after m -> alice,
        // bob the runner-up, nobody rejected.
        try (ProjectSession s = withRate(project()
                .agents(agent("alice").skill("design", 5), agent("bob").skill("ops", 6))
                .tasks(task("m").meeting("alice", "bob").needs("design", 3).type("planning"),
                        task("t2").needs("design", 1).dependsOn("m")), 10)) {
            assertTrue(complete(s, "m", "bob"));
            assertEquals(Map.of("design", 1.0, "ops", 6.0), agentOf(s, "bob").getSkillLevels());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t2");
            assertEquals(List.of("alice"), d.getAgentIds());
            assertEquals(6.0, d.getScore());
            assertEquals(List.of(new Candidate("bob", 1.0, 0.0)), d.getRunnersUp());
            assertEquals(0, d.getRejectedTotal());
        }
    }

    @Test
    void aSkillLearnedFromATaskRequalifiesTheAgentForATaskNobodyCouldTake() {
        // At skill_development_rate 10 a task teaches 0.1 x 10 = 1 level. alice has java 5: t1 (java 5) goes to
        // her, t2 (java 6, no dependency) is UNASSIGNABLE: nobody has java 6. Completing t1
        // teaches her java 5 -> 6; nothing else happens, and the rules, which read her skill levels as a
        // property of the agent, see the change: t2 goes to alice (score 6 x 6 = 36, no open hours).
        try (ProjectSession s = withRate(project()
                .agents(agent("alice").skill("java", 5))
                .tasks(task("t1").needs("java", 5).type("backend"), task("t2").needs("java", 6)), 10)) {
            assertEquals(List.of("alice"), onlyDecision(s, DecisionKind.ASSIGNED, "t1").getAgentIds());
            assertEquals(List.of(), decisions(s, DecisionKind.ASSIGNED, "t2"));
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t2").getStatus());

            assertTrue(complete(s, "t1", "alice"));
            assertEquals(6.0, agentOf(s, "alice").getSkillLevels().get("java"));
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t2");
            assertEquals(List.of("alice"), d.getAgentIds());
            assertEquals(36.0, d.getScore());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t2").getStatus());
        }
    }

    @Test
    void aTaskStillUnassignableAfterTheLessonIsLookedAtOnce() {
        // As above, but t2 also needs ops 3, which nobody has: alice's lesson (java 5 -> 6) gives t2 one more look
        // (UNASSIGNABLE -> READY), the ranking finds nobody again (UNASSIGNABLE), and that is all: two more status
        // decisions for t2 and one more UNASSIGNABLE, not a loop until the firing cap.
        try (ProjectSession s = withRate(project()
                .agents(agent("alice").skill("java", 5))
                .tasks(task("t1").needs("java", 5).type("backend"), task("t2").needs("java", 6).needs("ops", 3)), 10)) {
            assertEquals(1, decisions(s, DecisionKind.UNASSIGNABLE, "t2").size());
            assertTrue(complete(s, "t1", "alice"));
            assertEquals(6.0, agentOf(s, "alice").getSkillLevels().get("java"));
            assertEquals(2, decisions(s, DecisionKind.UNASSIGNABLE, "t2").size());
            assertEquals(List.of(), decisions(s, DecisionKind.ASSIGNED, "t2"));
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t2").getStatus());
        }
    }

    @Test
    void aRejectionSaysTheLevelsTheAgentHadWhenItWasRejectedEvenIfReadAfterItLearned() {
        // At rate 10 a task teaches 1 level. alice (x 4, y 1) and bob (x 5). t0 needs x 1 and y 1: only alice has
        // y. t1 needs x 5: alice is rejected (4 < 5), bob gets it. The ledger words a missing skill when it is
        // first read; it is read here only after alice completed t0 and learned x 4 -> 5, which would no longer
        // be a shortfall at all: the words must come from the levels of the moment she was rejected.
        try (ProjectSession s = withRate(project()
                .agents(agent("alice").skill("x", 4).skill("y", 1), agent("bob").skill("x", 5))
                .tasks(task("t0").needs("x", 1).needs("y", 1), task("t1").needs("x", 5)), 10)) {
            assertEquals("bob", taskOf(s, "t1").getAssignee());
            assertTrue(complete(s, "t0", "alice"));
            assertEquals(5.0, agentOf(s, "alice").getSkillLevels().get("x"));
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t1");
            assertEquals(List.of(new Rejection("alice", "lacks x (has 4.0, needs 5.0)")), d.getRejected());
        }
    }

    /**
     * alice (x 6, solo 1) and bob (x 6.05). t1 (needs x 1 and solo 1) only alice can do. t2 (needs x 1)
     * depends on t1, so it is ranked right after t1 completes, when alice is free again (0 open hours).
     */
    private static Projects.ProjectBuilder learnerAndRival() {
        return project()
                .agents(agent("alice").skill("x", 6).skill("solo", 1), agent("bob").skill("x", 6.05))
                .tasks(task("t1").needs("x", 1).needs("solo", 1), task("t2").needs("x", 1).dependsOn("t1"));
    }

    @Test
    void anAgentThatLearnedOvertakesItsRivalOnTheNextTask() {
        // After t1, alice has x 6.1: t2 scores alice 6.1 * 1 = 6.1 > bob 6.05 * 1 = 6.05 -> alice.
        try (ProjectSession s = learnerAndRival().start()) {
            assertEquals("alice", taskOf(s, "t1").getAssignee());
            assertTrue(complete(s, "t1", "alice"));
            assertEquals("alice", taskOf(s, "t2").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.ASSIGNED, "t2");
            assertEquals(6.1, d.getScore());
            assertEquals(List.of(new Candidate("bob", 6.05, 0.0)), d.getRunnersUp());
        }
    }

    @Test
    void withoutLearningTheRivalKeepsTheNextTask() {
        // The same project at rate 0: alice stays at x 6, so bob's 6.05 beats her 6.0 on t2.
        try (ProjectSession s = withRate(learnerAndRival(), 0)) {
            assertTrue(complete(s, "t1", "alice"));
            assertEquals("bob", taskOf(s, "t2").getAssignee());
            assertEquals(List.of(new Candidate("alice", 6.0, 0.0)), onlyDecision(s, DecisionKind.ASSIGNED, "t2").getRunnersUp());
        }
    }

    // ------------------------------------------------------------------ hot swap and restart

    @Test
    void learnedLevelsSurviveAPolicySwitchAndAreNotLearnedTwice() {
        // After the switch every fact is re-inserted, the completed t among them: were the lesson not
        // kept, alice would learn again (x 7.2). She keeps 7.1, and the ledger has still one LEARNED entry.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 7).prefers("dev", 2))
                .tasks(task("t").needs("x", 1).type("dev"))
                .start()) {
            assertTrue(complete(s, "t", "alice"));
            s.beginCommand(99);
            s.switchTo(RulesFixture.policy());
            assertEquals(Map.of("x", 7.1), agentOf(s, "alice").getSkillLevels());
            assertEquals(Map.of("dev", 2.1), agentOf(s, "alice").getPreferences());
            assertEquals(1, decisions(s, DecisionKind.LEARNED, "t").size());
        }
    }

    private static final String REPLAYED = """
        {"project_id": "learn-replay", "title": "replay", "skill_development_rate": 2,
         "agents": [{"agent_id": "alice", "name": "alice", "skill_levels": {"x": 7}, "preferences": {"dev": 1}}],
         "tasks": [{"task_id": "a", "description": "a", "required_skills": {"x": 1}, "task_type": "dev"},
                   {"task_id": "b", "description": "b", "required_skills": {"x": 1}, "dependencies": ["a"]}]}
        """;

    private static ProjectRegistry startRegistry(Path data, PolicyHost[] host) throws IOException {
        return io.conclave.engine.RulesFixture.registry(data, host);
    }

    @Test
    void learnedLevelsComeBackTheSameAfterARestart(@TempDir Path data) throws IOException {
        // Rate 2: a teaches x 7 -> 7.2 and dev 1 -> 1.1; b (no type) x 7.2 -> 7.4. The journal replays the
        // same two completions, so the restarted project shows the same levels and ledger, no more.
        PolicyHost[] host = new PolicyHost[1];
        ProjectRegistry first = startRegistry(data, host);
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(REPLAYED);
            first.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
            ProjectRuntime p = first.get("learn-replay");
            p.report(TaskEvent.Kind.COMPLETE, "a", "alice", s -> { });
            p.report(TaskEvent.Kind.COMPLETE, "b", "alice", s -> { });
            assertEquals(Map.of("x", 7.4), p.read(s -> agentOf(s, "alice").getSkillLevels()));
        } finally {
            host[0].close();
            first.close();
        }
        ProjectRegistry second = startRegistry(data, host);
        try {
            ProjectRuntime p = second.get("learn-replay");
            assertEquals(Map.of("x", 7.4), p.read(s -> agentOf(s, "alice").getSkillLevels()));
            assertEquals(Map.of("dev", 1.1), p.read(s -> agentOf(s, "alice").getPreferences()));
            assertEquals(List.of("alice learned from a: x 7.0 -> 7.2; preference for dev 1.0 -> 1.1",
                    "alice learned from b: x 7.2 -> 7.4"),
                    p.read(s -> s.ledger().stream().filter(d -> d.getKind() == DecisionKind.LEARNED)
                            .map(Decision::getReason).toList()));
        } finally {
            host[0].close();
            second.close();
        }
    }
}
