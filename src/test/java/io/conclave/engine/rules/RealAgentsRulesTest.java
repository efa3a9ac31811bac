package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.CommandException;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.QuietLogging;
import io.conclave.journal.PolicyArchive;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.ProposeAssignee;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.RetireAgent;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.run.AssignmentHold;
import io.conclave.model.run.RunRequest;

/**
 * The rules of real agents, on journaled projects with a clock the test moves: execution/live_runs.drl (a
 * paused run of real agents holds new assignments; a daily checkpoint at the first command of a new day; the
 * run ends when nothing is open), assignment/members.drl (a registered agent makes an unassignable task
 * assignable; a retiring agent's work is released and served again) and assignment/proposals.drl (a proposal
 * of an agent at capacity is overruled). Each ends by replaying the journal: the same state comes back.
 */
public class RealAgentsRulesTest {
    /** One developer, ann (capacity 1); t1 needs dev 5; t2 (after t1) needs dev 5; t3 needs ops 5, which nobody has. */
    private static final String PROJECT = """
            {"project_id": "real", "agents": [{"agent_id": "ann", "skill_levels": {"dev": 6}, "max_open_tasks": 1}],
             "tasks": [{"task_id": "t1", "required_skills": {"dev": 5}},
                       {"task_id": "t2", "required_skills": {"dev": 5}, "dependencies": ["t1"]},
                       {"task_id": "t3", "required_skills": {"ops": 5}}]}""";

    /** A clock the test moves. */
    public static final class MovingClock extends Clock {
        Instant now = Instant.parse("2030-03-04T10:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @TempDir
    Path dir;
    private final MovingClock clock = new MovingClock();
    private PolicyHost host;
    private ProjectRegistry registry;

    @BeforeEach
    void open() throws Exception {
        QuietLogging.likeTheService();
        host = new PolicyHost(Path.of("rules"), new PolicyArchive(dir.resolve("policies")),
                new PolicyCompiler(getClass().getClassLoader()));
        host.start();
        registry = registry();
    }

    private ProjectRegistry registry() throws Exception {
        ProjectRegistry r = new ProjectRegistry(dir, new JournaledRuntime.Setting(host, 500_000, clock, e -> { }),
                io.conclave.sim.Simulator.DRIVER);
        r.recoverAll();
        return r;
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
        host.close();
    }

    private ProjectRuntime create() throws Exception {
        return registry.create(Json.MAPPER.readValue(PROJECT, ProjectSpec.class), "op");
    }

    private static void report(ProjectRuntime p, TaskEvent.Kind kind, String task, String agent) {
        p.command(new ReportTask(kind, task, agent, null), agent, s -> { });
    }

    private static Task task(ProjectRuntime p, String id) {
        return p.read(s -> s.task(id));
    }

    /** What a restart rebuilds: every task's status and assignee, the run's status, the agents. */
    private static String state(ProjectRuntime p) {
        return p.read(s -> s.tasks().stream().map(t -> t.getTaskId() + ":" + t.getStatus() + ":" + t.getAssignee())
                .toList() + " " + s.agents().stream().map(a -> a.getAgentId() + "/" + a.getOpenTasks()).toList())
                + " " + p.runs().stream().map(r -> r.runId() + ":" + r.status()).toList();
    }

    private void assertReplaysTheSame(ProjectRuntime p) throws Exception {
        String before = state(p);
        registry.close();
        registry = registry();
        assertEquals(before, state(registry.get("real")));
    }

    @Test
    void aDailyRunOfRealAgentsStopsAtTheFirstCommandOfANewDayAndHoldsNewWorkUntilResumed() throws Exception {
        ProjectRuntime p = create();
        assertEquals("ann", task(p, "t1").getAssignee());
        p.startRun(new RunRequest("incremental", null, null, null, "daily", null, RunRequest.REAL), "op");
        // ann completes t1 the next morning: that report is the day's first command, so the run stops at the
        // start of day 1 first, and t2, released by the completion in the same command, is not handed out
        clock.now = Instant.parse("2030-03-05T08:00:00Z");
        report(p, TaskEvent.Kind.COMPLETE, "t1", "ann");
        assertEquals("PAUSED_AT_CHECKPOINT", p.runs().get(0).status().name());
        assertEquals("at the start of day 1 (2030-03-05)", p.runs().get(0).reason());
        assertEquals("READY", task(p, "t2").getStatus().name());
        assertEquals(null, task(p, "t2").getAssignee());
        assertEquals(1, p.read(s -> s.facts(AssignmentHold.class)).size());
        assertEquals(1, p.checkpoints().size());
        // resumed: the hold goes, t2 goes to ann
        p.command(new SendInterrupt("resume", null, null, null, null), "op", s -> { });
        assertEquals("ann", task(p, "t2").getAssignee());
        assertEquals(0, p.read(s -> s.facts(AssignmentHold.class)).size());
        assertReplaysTheSame(p);
    }

    @Test
    void aRunOfRealAgentsCompletesWhenNoTaskIsOpen() throws Exception {
        ProjectRuntime p = create();
        p.startRun(new RunRequest("fully_automated", null, null, null, null, null, RunRequest.REAL), "op");
        report(p, TaskEvent.Kind.COMPLETE, "t1", "ann");
        assertEquals("RUNNING", p.runs().get(0).status().name(), "t2 is assigned now");
        clock.now = clock.now.plus(Duration.ofHours(2));
        report(p, TaskEvent.Kind.COMPLETE, "t2", "ann");
        // t3 is unassignable (nobody has ops): nothing is open, and two tasks completed, so the run completes
        assertEquals("COMPLETED", p.runs().get(0).status().name());
        assertEquals("nothing more can progress", p.runs().get(0).reason());
        assertEquals(2, p.lastRun().taskSummary().completedTasks());
        assertEquals(List.of("completed", "completed"), p.lastRun().timeline().stream().map(e -> e.event()).toList());
        assertEquals(List.of("t1", "t2"), p.lastRun().timeline().stream().map(e -> e.taskId()).toList());
        assertEquals(List.of("2030-03-04T10:00", "2030-03-04T12:00"),
                p.lastRun().timeline().stream().map(e -> e.at()).toList());
        assertReplaysTheSame(p);
    }

    @Test
    void aRegisteredAgentMakesAnUnassignableTaskAssignableAndARetiringOnesWorkIsServedAgain() throws Exception {
        ProjectRuntime p = create();
        assertEquals("UNASSIGNABLE", task(p, "t3").getStatus().name());
        p.command(new RegisterAgent(new ProjectSpec.AgentSpec("bob", null, null, Map.of("ops", 6.0, "dev", 5.0), null, 2,
                null, null, null, null)), "op", s -> { });
        // bob has ops 6: t3 is looked at again and is his
        assertEquals("bob", task(p, "t3").getAssignee());
        List<DecisionKind> t3 = p.read(s -> s.ledger().stream().filter(d -> "t3".equals(d.getTaskId()))
                .map(Decision::getKind).toList());
        assertEquals(List.of(DecisionKind.STATUS_CHANGED, DecisionKind.UNASSIGNABLE, DecisionKind.STATUS_CHANGED,
                DecisionKind.ASSIGNED), t3);
        // ann retires while she holds t1 in progress: t1 is released and served again; bob (dev 5) takes it
        report(p, TaskEvent.Kind.START, "t1", "ann");
        p.command(new RetireAgent("ann", "left"), "op", s -> { });
        assertEquals("bob", task(p, "t1").getAssignee());
        assertEquals("ASSIGNED", task(p, "t1").getStatus().name());
        assertEquals(List.of("bob"), p.read(s -> s.agents().stream().map(a -> a.getAgentId()).toList()));
        Decision released = p.read(s -> s.ledger().stream().filter(d -> d.getKind() == DecisionKind.TASK_RELEASED)
                .findFirst().orElseThrow());
        assertEquals("released: ann retired (left) while the task was IN_PROGRESS; it is served again",
                released.getReason());
        CommandException again = assertThrows(CommandException.class,
                () -> p.command(new RetireAgent("ann", null), "op", s -> { }));
        assertEquals("unknown_agent", again.code());
        assertReplaysTheSame(p);
    }

    @Test
    void aProposalOfAnAgentAtCapacityIsOverruledAndTheTaskWaitsAsTheRankingSays() throws Exception {
        ProjectRuntime p = registry.create(Json.MAPPER.readValue("""
                {"project_id": "real", "agents": [{"agent_id": "ann", "skill_levels": {"dev": 6}, "max_open_tasks": 1}],
                 "tasks": [{"task_id": "a", "required_skills": {"dev": 5}}, {"task_id": "b", "required_skills": {"dev": 5}}]}""",
                ProjectSpec.class), "op");
        // ann (capacity 1) got a; b waits for a free qualified agent. ann proposes herself for b: overruled
        assertEquals("ann", task(p, "a").getAssignee());
        assertTrue(task(p, "b").isWaiting());
        p.command(new ProposeAssignee("b", "ann", "ann", "I can do both"), "ann", s -> { });
        Decision verdict = p.read(s -> s.ledger().get(s.ledger().size() - 1));
        assertEquals(DecisionKind.PROPOSAL_OVERRULED, verdict.getKind());
        assertEquals("ann proposed by ann (I can do both): overruled, it is at capacity (1/1 open tasks); the task is "
                + "served by the ranking", verdict.getReason());
        assertEquals("Overrule a proposed assignee at capacity", verdict.getRule());
        assertEquals(null, task(p, "b").getAssignee());
        assertReplaysTheSame(p);
    }

    /**
     * A kept proposal lapses when its task is placed otherwise: ann is proposed for t2 while t2 still waits for t1
     * (PENDING, so the proposal is kept, not judged), then t2 is skipped. The verdict names the task's status as
     * the rule reads it when it fires (the task is read from the index, not joined).
     */
    @Test
    void aKeptProposalLapsesWhenItsTaskIsSkippedAndSaysWhatTheTaskIsNow() throws Exception {
        ProjectRuntime p = create();
        p.command(new ProposeAssignee("t2", "op", "ann", "after t1"), "op", s -> { });
        assertEquals(1, p.read(s -> s.facts(io.conclave.model.members.KeptProposal.class)).size());
        p.command(new SendInterrupt("skip", "t2", null, null, "not needed"), "op", s -> { });
        assertEquals("SKIPPED", task(p, "t2").getStatus().name());
        Decision verdict = p.read(s -> s.ledger().stream().filter(d -> d.getKind() == DecisionKind.PROPOSAL_OVERRULED)
                .findFirst().orElseThrow());
        assertEquals("ann proposed by op (after t1): lapsed, task t2 is SKIPPED", verdict.getReason());
        assertEquals("A kept proposal lapses when its task is placed otherwise or its agent left", verdict.getRule());
        assertEquals(0, p.read(s -> s.facts(io.conclave.model.members.KeptProposal.class)).size());
        assertReplaysTheSame(p);
    }
}
