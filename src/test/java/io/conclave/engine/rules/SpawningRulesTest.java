package io.conclave.engine.rules;

import io.conclave.model.command.RecordMeetingOutcome;
import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.CommandException;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.Refusal;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.MeetingOutcome;
import io.conclave.model.run.OutcomeRecord;
import io.conclave.model.run.SpawnPolicy;

/** rules/execution/spawning.drl: which proposals of a closed meeting become tasks, what those tasks are, and the caps. */
public class SpawningRulesTest {
    private static final AtomicLong COMMANDS = new AtomicLong(1000);

    /**
     * alice (x 7), bob (y 8, z 3); kick is a meeting of both needing x 5, priority 4, 2 h; "after" depends on kick.
     * With {@code spawning} (null: no block, spawning on by default for meetings agents hold).
     */
    private static ProjectSession kickoff(String spawning) {
        ObjectNode node = project()
                .agents(agent("alice").skill("x", 7), agent("bob").skill("y", 8).skill("z", 3))
                .tasks(task("kick").meeting("alice", "bob").needs("x", 5).priority(4).hours(2))
                .node();
        if (spawning != null) {
            try {
                node.set("spawning", Json.MAPPER.readTree(spawning));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return RulesFixture.start(node.toString());
    }

    public static MeetingOutcome.Item accepted(String id, String title, String details) {
        return MeetingOutcome.Item.of(id, title, details, "alice", "accepted");
    }

    public static MeetingOutcome.Item rejected(String id, String title) {
        return MeetingOutcome.Item.of(id, title, null, "bob", "rejected");
    }

    /** Posts the outcome of {@code meetingTask} as a command of its own; the refusal, or null. */
    public static Refusal outcome(ProjectSession s, String meetingTask, MeetingOutcome.Item... items) {
        s.beginCommand(COMMANDS.incrementAndGet());
        MeetingOutcome o = new MeetingOutcome(meetingTask, "p." + meetingTask, List.of(items));
        return s.post(o, o.toString());
    }

    private static List<String> taskIds(ProjectSession s) {
        return s.tasks().stream().map(Task::getTaskId).toList();
    }

    // ------------------------------------------------------------------ spawning

    @Test
    void anAcceptedProposalWithoutHintsBecomesATaskWithTheMeetingsSkillsAndOneHour() {
        try (ProjectSession s = kickoff("{}")) {
            // kick has no dependencies: convened at once, held by both attendees
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "kick").getStatus());
            assertTrue(start(s, "kick", "alice"));
            assertNull(outcome(s, "kick", accepted("plan", "Write the plan", "Free text, no hint lines"),
                    rejected("later", "Postpone everything")));

            // p1 accepted -> task kick.plan; "later" rejected -> nothing
            assertEquals(List.of("kick", "kick.plan"), taskIds(s));
            Task t = taskOf(s, "kick.plan");
            assertEquals("Write the plan", t.getDescription());
            assertEquals(Map.of("x", 5.0), t.getRequiredSkills());   // default: the meeting task's skills
            assertEquals(1.0, t.getEstimatedHours());                  // default: 1 h, as a file task without estimate
            assertEquals(4, t.getPriority());                          // the meeting task's
            assertNull(t.getTaskType());
            assertEquals(List.of("kick"), t.getDependencies());
            assertEquals("kick", t.getSpawnedBy());
            assertEquals(1, t.getSpawnDepth());                        // kick is from the file: depth 0 + 1
            assertEquals(1, t.getLoadOrder());                         // after kick (0)
            // it waits for the meeting task: kick is IN_PROGRESS, so the readiness rule does not fire
            assertEquals(TaskStatus.PENDING, t.getStatus());

            Decision d = onlyDecision(s, DecisionKind.SPAWNED, "kick.plan");
            assertEquals("Spawn a task for an accepted proposal of a meeting", d.getRule());
            assertEquals(List.of("alice"), d.getAgentIds());
            assertEquals("spawned from proposal plan \"Write the plan\" by alice, accepted in meeting task kick: "
                    + "skills {x=5.0} (the meeting task's), 1.0 h (default), depth 1", d.getReason());
            assertEquals(Map.of("spawned_by", "kick", "proposal_id", "plan", "depth", 1,
                    "required_skills", Map.of("x", 5.0), "skills_from", "meeting task", "estimated_hours", 1.0,
                    "hours_from", "default"), d.getDetails());
            assertTrue(s.ledger().stream().noneMatch(x -> x.getKind() == DecisionKind.SPAWN_STOPPED));

            // kick completes -> kick.plan READY -> assigned by the normal rules: only alice has x >= 5
            assertTrue(complete(s, "kick", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "kick.plan").getStatus());
            assertEquals("alice", taskOf(s, "kick.plan").getAssignee());
            assertEquals("alice", onlyDecision(s, DecisionKind.ASSIGNED, "kick.plan").getAgentIds().get(0));
        }
    }

    @Test
    void hintsInTheDetailsGiveSkillsHoursAndTypeAndAnUnreadableHintIsOnRecord() {
        try (ProjectSession s = kickoff("{}")) {
            assertTrue(start(s, "kick", "alice"));
            assertNull(outcome(s, "kick", accepted("build", "Build the ledger",
                    "We build it.\nskills: y 6, z=2\nhours: 4\ntype: development\nhours: lots")));
            Task t = taskOf(s, "kick.build");
            assertEquals(Map.of("y", 6.0, "z", 2.0), t.getRequiredSkills());
            assertEquals(4.0, t.getEstimatedHours());      // the first hours line; "lots" is ignored
            assertEquals("development", t.getTaskType());
            Decision d = onlyDecision(s, DecisionKind.SPAWNED, "kick.build");
            assertEquals(List.of("hours: 'lots' is not a number above 0 and at most 10000"), d.getDetails().get("ignored_hints"));
            assertEquals("proposal", d.getDetails().get("skills_from"));
            assertTrue(d.getReason().endsWith("skills {y=6.0, z=2.0} (hinted), 4.0 h (hinted), depth 1; ignored hints: "
                    + "[hours: 'lots' is not a number above 0 and at most 10000]"), d.getReason());

            // y 6 and z 2: only bob (y 8, z 3) qualifies
            assertTrue(complete(s, "kick", "alice"));
            assertEquals("bob", taskOf(s, "kick.build").getAssignee());
        }
    }

    @Test
    void aProposalIdThatIsTakenGetsASuffix() {
        // the file already has a task "kick.plan": the spawned one is "kick.plan-2"
        ObjectNode node = project().agents(agent("alice").skill("x", 7))
                .tasks(task("kick").meeting("alice"), task("kick.plan").dependsOn("kick")).node();
        node.putObject("spawning");
        try (ProjectSession s = RulesFixture.start(node.toString())) {
            assertNull(outcome(s, "kick", accepted("plan", "Plan", null)));
            assertEquals(List.of("kick", "kick.plan", "kick.plan-2"), taskIds(s));
        }
    }

    /**
     * The async orchestrator's guide: "Meeting outcomes automatically generate new tasks". A file without a
     * spawning block (the guide's format has none) spawns from the meetings its agents hold, by the rule "Spawn
     * from the meetings agents hold by default when the file has no spawning block", with the default caps.
     */
    @Test
    void withoutASpawningBlockTheOutcomeOfAMeetingAgentsHeldSpawnsByDefault() {
        try (ProjectSession s = kickoff(null)) {
            assertTrue(start(s, "kick", "alice"));
            assertNull(outcome(s, "kick", accepted("plan", "Write the plan", null)));
            assertEquals(List.of("kick", "kick.plan"), taskIds(s));
            assertEquals("Spawn a task for an accepted proposal of a meeting",
                    onlyDecision(s, DecisionKind.SPAWNED, "kick.plan").getRule());
            SpawnPolicy policy = s.facts(SpawnPolicy.class).get(0);
            assertTrue(policy.isByDefault());
            assertEquals("Spawn from the meetings agents hold by default when the file has no spawning block",
                    policy.getRule());
            assertEquals("spawning on by default (no spawning block; meetings agents held), at most 20 task(s), depth 2",
                    policy.describe());
        }
    }

    /** By default only: a simulated meeting's synthetic proposals spawn nothing, and nothing is written. */
    @Test
    void withoutASpawningBlockASimulatedMeetingsProposalsSpawnNothing() {
        try (ProjectSession s = kickoff(null)) {
            int ledger = s.ledger().size();
            s.beginCommand(COMMANDS.incrementAndGet());
            MeetingOutcome o = new MeetingOutcome("kick", "p.kick", List.of(accepted("plan", "Adopt the outcome of kick",
                    null)), true);
            assertNull(s.post(o, o.toString()));
            assertEquals(List.of("kick"), taskIds(s));
            assertEquals(ledger, s.ledger().size());
            // the outcome is still recorded: a second one is refused
            assertEquals(1, s.facts(OutcomeRecord.class).size());
        }
        // a file's block turns them on
        try (ProjectSession s = kickoff("{}")) {
            s.beginCommand(COMMANDS.incrementAndGet());
            MeetingOutcome o = new MeetingOutcome("kick", "p.kick", List.of(accepted("plan", "Adopt the outcome of kick",
                    null)), true);
            assertNull(s.post(o, o.toString()));
            assertEquals(List.of("kick", "kick.plan"), taskIds(s));
        }
    }

    /**
     * The guide's own example: meeting results carry "action_items": ["Create technical specification",
     * "Schedule follow-up review"], which become new tasks. alice completes kick with that result (and the other
     * fields the guide's extraction gives): two tasks, kick.action-1 and kick.action-2, with the texts as
     * descriptions, the meeting task's skills (x 5) and priority (4), 1 h each, proposed by alice; kick is
     * COMPLETED in the same command, so both are READY at once and the normal rules assign them: only alice has
     * x >= 5, and she takes both (capacity 3).
     */
    @Test
    void theActionItemsAMeetingTaskIsCompletedWithBecomeTasks() {
        try (ProjectSession s = kickoff(null)) {
            assertTrue(start(s, "kick", "alice"));
            s.beginCommand(COMMANDS.incrementAndGet());
            assertNull(s.post(new TaskEvent(TaskEvent.Kind.COMPLETE, "kick", "alice", json("""
                    { "decisions": ["use a permissioned ledger"],
                      "action_items": ["Create technical specification", "Schedule follow-up review"],
                      "risks": ["HIPAA scope"] }"""))));
            assertEquals(List.of("kick", "kick.action-1", "kick.action-2"), taskIds(s));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "kick").getStatus());
            Task spec = taskOf(s, "kick.action-1");
            assertEquals("Create technical specification", spec.getDescription());
            assertEquals("Schedule follow-up review", taskOf(s, "kick.action-2").getDescription());
            assertEquals(Map.of("x", 5.0), spec.getRequiredSkills());
            assertEquals(4, spec.getPriority());
            assertEquals(1.0, spec.getEstimatedHours());
            assertEquals(List.of("kick"), spec.getDependencies());
            assertEquals("alice", spec.getAssignee());
            assertEquals("alice", taskOf(s, "kick.action-2").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.SPAWNED, "kick.action-1");
            assertEquals(List.of("alice"), d.getAgentIds());
            assertEquals("action-1", d.getDetails().get("proposal_id"));
            assertEquals(2, s.facts(OutcomeRecord.class).get(0).getSpawned().size());
        }
        // opted out in the file: the same completion spawns nothing
        try (ProjectSession s = kickoff("{\"enabled\": false}")) {
            assertTrue(start(s, "kick", "alice"));
            s.beginCommand(COMMANDS.incrementAndGet());
            assertNull(s.post(new TaskEvent(TaskEvent.Kind.COMPLETE, "kick", "alice", json("""
                    { "action_items": ["Create technical specification"] }"""))));
            assertEquals(List.of("kick"), taskIds(s));
        }
    }

    /** A proposal marked as a decision ("kind: decision") asks for no work: accepted, it spawns nothing. */
    @Test
    void anAcceptedDecisionSpawnsNothingAndAnActionBesideItDoes() {
        try (ProjectSession s = kickoff(null)) {
            assertTrue(start(s, "kick", "alice"));
            assertNull(outcome(s, "kick", accepted("adopt", "Adopt the ledger plan", "kind: decision"),
                    accepted("plan", "Write the plan", "kind: action")));
            assertEquals(List.of("kick", "kick.plan"), taskIds(s));
        }
    }

    /** The action items of a completion the workflow refuses are not taken in. */
    @Test
    void actionItemsOfARefusedCompletionSpawnNothing() {
        try (ProjectSession s = kickoff(null)) {
            s.beginCommand(COMMANDS.incrementAndGet());
            // carl attends no meeting: the completion is refused and no outcome is taken in
            assertTrue(s.post(new TaskEvent(TaskEvent.Kind.COMPLETE, "kick", "carl", json("""
                    { "action_items": ["Create technical specification"] }"""))) != null);
            assertTrue(s.facts(OutcomeRecord.class).isEmpty());
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void spawningCanBeTurnedOffInsideTheBlock() {
        try (ProjectSession s = kickoff("{\"enabled\": false}")) {
            assertNull(outcome(s, "kick", accepted("plan", "Write the plan", null)));
            assertEquals(List.of("kick"), taskIds(s));
        }
    }

    // ------------------------------------------------------------------ caps

    @Test
    void theProjectCapStopsSpawningOnceAndNamesTheDroppedProposals() {
        // max 2: a (0 spawned < 2) and b (1 < 2) are spawned, r is rejected, c and d find 2 >= 2: one SPAWN_STOPPED
        try (ProjectSession s = kickoff("{\"max_spawned_tasks\": 2}")) {
            assertNull(outcome(s, "kick", accepted("a", "A", null), rejected("r", "R"), accepted("b", "B", null),
                    accepted("c", "C", null), accepted("d", "D", null)));
            assertEquals(List.of("kick", "kick.a", "kick.b"), taskIds(s));
            Decision stop = onlyDecision(s, DecisionKind.SPAWN_STOPPED, "kick");
            assertEquals("Stop spawning from a meeting outcome when the project's spawn cap is reached", stop.getRule());
            assertEquals("spawning stopped: the project has 2 spawned task(s), max_spawned_tasks is 2; 2 accepted "
                    + "proposal(s) of kick dropped: [c, d]", stop.getReason());
            assertEquals(Map.of("cap", "max_spawned_tasks", "limit", 2, "spawned", 2,
                    "dropped", List.of(Map.of("proposal_id", "c", "title", "C"), Map.of("proposal_id", "d", "title", "D"))),
                    stop.getDetails());
            OutcomeRecord rec = s.facts(OutcomeRecord.class).get(0);
            assertEquals(List.of("kick.a", "kick.b"), rec.getSpawned());
            assertEquals(List.of("c", "d"), rec.getDropped());
        }
    }

    @Test
    void zeroAllowedSpawnsDropsEveryAcceptedProposal() {
        try (ProjectSession s = kickoff("{\"max_spawned_tasks\": 0}")) {
            assertNull(outcome(s, "kick", accepted("a", "A", null)));
            assertEquals(List.of("kick"), taskIds(s));
            assertEquals(1, decisions(s, DecisionKind.SPAWN_STOPPED, "kick").size());
        }
    }

    @Test
    void aRejectedOnlyOutcomeSpawnsNothingAndStopsNothing() {
        try (ProjectSession s = kickoff("{\"max_spawned_tasks\": 0}")) {
            assertNull(outcome(s, "kick", rejected("r", "R")));
            assertEquals(List.of("kick"), taskIds(s));
            assertTrue(decisions(s, DecisionKind.SPAWN_STOPPED, "kick").isEmpty());
        }
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void outcomesOfUnknownTasksOfNonMeetingsAndSecondOutcomesAreRefused() {
        ObjectNode node = project().agents(agent("alice").skill("x", 7))
                .tasks(task("kick").meeting("alice"), task("work")).node();
        node.putObject("spawning");
        try (ProjectSession s = RulesFixture.start(node.toString())) {
            Refusal r = outcome(s, "nope", accepted("a", "A", null));
            assertEquals(Refusal.Kind.NOT_FOUND, r.getKind());
            assertEquals("project has no task 'nope'", r.getReason());
            r = outcome(s, "work", accepted("a", "A", null));
            assertEquals("not_a_meeting", r.getCode());
            assertNull(outcome(s, "kick", accepted("a", "A", null)));
            r = outcome(s, "kick", accepted("b", "B", null));
            assertEquals("outcome_recorded", r.getCode());
            assertEquals("the outcome of meeting task kick was recorded already (1 proposal(s), spawned [kick.a])", r.getReason());
            assertEquals(List.of("kick", "work", "kick.a"), taskIds(s));
        }
    }

    // ------------------------------------------------------------------ hot swap and replay

    @Test
    void spawnedTasksSurviveAPolicySwitchAndAreNotSpawnedTwice() {
        try (ProjectSession s = kickoff("{}")) {
            assertTrue(start(s, "kick", "alice"));
            assertNull(outcome(s, "kick", accepted("plan", "Plan", null)));
            s.beginCommand(COMMANDS.incrementAndGet());
            s.switchTo(RulesFixture.policy());
            assertEquals(List.of("kick", "kick.plan"), taskIds(s));
            assertEquals(1, taskOf(s, "kick.plan").getSpawnDepth());
            assertEquals(1, decisions(s, DecisionKind.SPAWNED, "kick.plan").size());
            // the record came along: a second outcome is still refused after the switch
            assertEquals("outcome_recorded", outcome(s, "kick", accepted("plan", "Plan", null)).getCode());
            assertTrue(complete(s, "kick", "alice"));
            assertEquals("alice", taskOf(s, "kick.plan").getAssignee());
        }
    }

    private static final String REPLAYED = """
        {"project_id": "spawn-replay", "title": "replay", "spawning": {"max_spawned_tasks": 1},
         "agents": [{"agent_id": "alice", "skill_levels": {"x": 7}}, {"agent_id": "bob", "skill_levels": {"y": 8}}],
         "tasks": [{"task_id": "kick", "meeting_required": true, "attendees": ["alice", "bob"]}]}
        """;

    private static ProjectRegistry startRegistry(Path data, PolicyHost[] host) throws IOException {
        return io.conclave.engine.RulesFixture.registry(data, host);
    }

    @Test
    void aJournaledOutcomeReplaysToTheSameTasksAndDecisions(@TempDir Path data) throws IOException {
        // cap 1: of the two accepted proposals "a" is spawned ("skills: y 6" -> bob) and "b" dropped; after a
        // restart the journal's meeting_outcome entry is decoded and decided again the same way
        PolicyHost[] host = new PolicyHost[1];
        ProjectRegistry first = startRegistry(data, host);
        List<String> before;
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(REPLAYED);
            first.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
            ProjectRuntime p = first.get("spawn-replay");
            p.report(TaskEvent.Kind.START, "kick", "alice", s -> { });
            MeetingOutcome o = new MeetingOutcome("kick", "spawn-replay.kick", List.of(
                    accepted("a", "A", "skills: y 6"), accepted("b", "B", null)));
            p.command(RecordMeetingOutcome.of(o), "alice", s -> { });
            CommandException twice = org.junit.jupiter.api.Assertions.assertThrows(CommandException.class,
                    () -> p.command(RecordMeetingOutcome.of(o), "alice", s -> { }));
            assertTrue(twice.getMessage().contains("recorded already"), twice.getMessage());
            p.report(TaskEvent.Kind.COMPLETE, "kick", "alice", s -> { });
            assertEquals("bob", p.read(s -> taskOf(s, "kick.a").getAssignee()));
            before = p.read(SpawningRulesTest::spawnLedger);
            assertEquals(2, before.size());
        } finally {
            host[0].close();
            first.close();
        }
        ProjectRegistry second = startRegistry(data, host);
        try {
            ProjectRuntime p = second.get("spawn-replay");
            assertEquals(List.of("kick", "kick.a"), p.read(SpawningRulesTest::taskIds));
            assertEquals("bob", p.read(s -> taskOf(s, "kick.a").getAssignee()));
            assertEquals(before, p.read(SpawningRulesTest::spawnLedger));
        } finally {
            host[0].close();
            second.close();
        }
    }

    private static List<String> spawnLedger(ProjectSession s) {
        return s.ledger().stream().filter(d -> d.getKind() == DecisionKind.SPAWNED || d.getKind() == DecisionKind.SPAWN_STOPPED)
                .map(d -> d.getKind() + " " + d.getTaskId() + ": " + d.getReason()).toList();
    }
}
