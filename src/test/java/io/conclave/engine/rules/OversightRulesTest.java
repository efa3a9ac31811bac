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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Refusal;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.DayStarted;
import io.conclave.model.run.Interrupt;
import io.conclave.model.run.InterruptLog;
import io.conclave.model.run.InterruptRecord;
import io.conclave.model.run.RunState;
import io.conclave.model.run.RunStatus;
import io.conclave.model.run.TaskOutcome;

/** rules/execution/oversight.drl, execution/oversight_tasks.drl, execution/oversight_triggers.drl: CEO interrupts and ceo_oversight triggers. */
public class OversightRulesTest {
    private static final AtomicLong SEQ = new AtomicLong(1000);
    private static final Instant AT = Instant.parse("2024-01-15T10:00:00Z");

    /**
     * alice (x 5, two tasks at once) and bob (x 3): alice wins every x task while she has room. a lists
     * the follow-up f; b depends on a. At the start a is assigned to alice; b waits for a, f is unknown.
     */
    private static ProjectSession chain() {
        return project().agents(agent("alice").skill("x", 5).maxOpenTasks(2), agent("bob").skill("x", 3))
                .tasks(task("a").needs("x", 1).hours(2).followUps("f"), task("b").needs("x", 1).dependsOn("a"),
                        task("f").needs("x", 1))
                .start();
    }

    private static Refusal interrupt(ProjectSession s, String action, String taskId, int priority, ProjectSpec.TaskSpec t) {
        Interrupt i = new Interrupt(action, taskId, priority, t, null);
        long seq = SEQ.incrementAndGet();
        i.stamp(seq, "ceo", AT);
        s.beginCommand(seq);
        return s.post(i, action + " interrupt");
    }

    private static List<InterruptRecord> log(ProjectSession s) {
        return s.facts(InterruptLog.class).get(0).getRecords();
    }

    private static RunState run(ProjectSession s, String mode) {
        RunState run = new RunState("r-1", mode, null, false);
        s.beginCommand(SEQ.incrementAndGet());
        s.keep(run);
        return run;
    }

    private static void notice(ProjectSession s, Object notice) {
        s.beginCommand(SEQ.incrementAndGet());
        s.keep(notice); // execution/run.drl discards it at salience -1000
    }

    private static Decision last(ProjectSession s, DecisionKind kind) {
        List<Decision> found = s.ledger().stream().filter(d -> d.getKind() == kind).toList();
        assertFalse(found.isEmpty(), "no " + kind + " decision");
        return found.get(found.size() - 1);
    }

    // ---------------------------------------------------------------- skip

    @Test
    void skippingTheTaskInProgressFreesItsAgentLetsDependentsProceedAndKeepsFollowUpsUnknown() {
        try (ProjectSession s = chain()) {
            assertTrue(start(s, "a", "alice"));
            // no task id: a is the only task IN_PROGRESS, so it is "the current task"
            assertNull(interrupt(s, "skip", null, 0, null));
            assertEquals(TaskStatus.SKIPPED, taskOf(s, "a").getStatus());
            Decision skip = onlyDecision(s, DecisionKind.TASK_SKIPPED, "a");
            assertEquals(TaskStatus.IN_PROGRESS, skip.getFromStatus());
            assertEquals(List.of("alice"), skip.getAgentIds());
            assertEquals("skipped by ceo (the task in progress)", skip.getReason());
            assertEquals(Map.of("interrupt", "i-1", "freed", List.of("alice"), "follow_ups_not_released", List.of("f")),
                    skip.getDetails());
            // workflow/workflow.drl gives alice her capacity back (SKIPPED ends the task) ...
            assertEquals(1, decisions(s, DecisionKind.CAPACITY_RELEASED, "a").size());
            // ... b proceeds as if a had completed, and alice (score 5 beats bob's 3) takes it
            assertEquals("dependencies completed or skipped: [a]",
                    onlyDecision(s, DecisionKind.STATUS_CHANGED, "b").getReason());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "b").getStatus());
            assertEquals("alice", taskOf(s, "b").getAssignee());
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
            // the follow-up of work that was not done is never released: workflow/workflow.drl skips it with a
            assertFalse(taskOf(s, "f").isReleased());
            assertEquals(TaskStatus.SKIPPED, taskOf(s, "f").getStatus());
            assertEquals("follow-up of a, which was skipped: the work it follows was not done",
                    onlyDecision(s, DecisionKind.STATUS_CHANGED, "f").getReason());
            InterruptRecord r = log(s).get(0);
            assertEquals("i-1", r.interruptId());
            assertEquals("a", r.taskId());
            assertEquals("ceo", r.requestedBy());
            assertEquals("a IN_PROGRESS -> SKIPPED", r.change());
        }
    }

    @Test
    void skippingANamedAssignedTaskAndRefusalsOfSkips() {
        try (ProjectSession s = chain()) {
            Refusal unknown = interrupt(s, "skip", "nope", 0, null);
            assertEquals(Refusal.Kind.NOT_FOUND, unknown.getKind());
            assertEquals("task_not_found", unknown.getCode());
            assertFalse(s.changedThisCommand()); // a refused interrupt changes nothing
            Refusal none = interrupt(s, "skip", null, 0, null);
            assertEquals("no_current_task", none.getCode());
            assertTrue(complete(s, "a", "alice")); // b becomes ready, alice takes it; f is released and bob... alice has room
            Refusal over = interrupt(s, "skip", "a", 0, null);
            assertEquals("task_over", over.getCode());
            assertEquals("task a is COMPLETED; only a task not yet over can be skipped", over.getReason());
            assertTrue(log(s).isEmpty());
            // b and f both went to alice (2 open tasks); both started: "the current task" is ambiguous
            assertEquals("alice", taskOf(s, "b").getAssignee());
            assertEquals("alice", taskOf(s, "f").getAssignee());
            assertTrue(start(s, "b", "alice"));
            assertTrue(start(s, "f", "alice"));
            Refusal several = interrupt(s, "skip", null, 0, null);
            assertEquals("several_current_tasks", several.getCode());
            assertEquals("2 tasks are in progress: [b, f]; name the one to skip (task_id)", several.getReason());
            assertNull(interrupt(s, "skip", "f", 0, null));
            assertEquals(TaskStatus.SKIPPED, taskOf(s, "f").getStatus());
            assertEquals("skipped by ceo", taskOf(s, "f").getStatusReason());
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
            assertEquals("i-1", log(s).get(0).interruptId()); // refused ones took no id
        }
    }

    @Test
    void skippingAMeetingInProgressFreesEveryAttendee() {
        try (ProjectSession s = project().agents(agent("pm"), agent("cto"))
                .tasks(task("m").meeting("pm", "cto").hours(1)).start()) {
            assertTrue(start(s, "m", "pm"));
            assertNull(interrupt(s, "skip", "m", 0, null));
            assertEquals(List.of("cto", "pm"), onlyDecision(s, DecisionKind.TASK_SKIPPED, "m").getAgentIds());
            assertEquals(2, decisions(s, DecisionKind.CAPACITY_RELEASED, "m").size());
            assertEquals(0, agentOf(s, "pm").getOpenTasks());
            assertEquals(0, agentOf(s, "cto").getOpenTasks());
        }
    }

    // ---------------------------------------------------------------- reprioritise

    @Test
    void aRaisedPriorityIsServedFirstWhenCapacityFrees() {
        // solo holds one task at a time. Serving order is priority first: t3 (4) is assigned, t1 (3) and t2 (2) wait.
        try (ProjectSession s = project().agents(agent("solo").maxOpenTasks(1))
                .tasks(task("t1").priority(3), task("t2").priority(2), task("t3").priority(4)).start()) {
            assertEquals("solo", taskOf(s, "t3").getAssignee());
            assertNull(interrupt(s, "reprioritise", "t2", 5, null));
            Decision d = onlyDecision(s, DecisionKind.REPRIORITISED, "t2");
            assertEquals(Map.of("interrupt", "i-1", "before", 2, "after", 5), d.getDetails());
            assertEquals("priority 2 -> 5 by ceo", d.getReason());
            assertEquals(5, taskOf(s, "t2").getPriority());
            // t3 done: both waiting tasks are woken and queued again; t2 (now 5) comes before t1 (3)
            assertTrue(complete(s, "t3", "solo"));
            assertEquals("solo", taskOf(s, "t2").getAssignee());
            assertEquals(TaskStatus.READY, taskOf(s, "t1").getStatus());
            assertTrue(taskOf(s, "t1").isWaiting());
            assertEquals("priority_unchanged", interrupt(s, "reprioritise", "t2", 5, null).getCode());
            assertTrue(complete(s, "t2", "solo"));
            assertEquals("task_over", interrupt(s, "reprioritise", "t2", 1, null).getCode());
            assertEquals("task_not_found", interrupt(s, "reprioritise", "zz", 1, null).getCode());
        }
    }

    // ---------------------------------------------------------------- add_task

    @Test
    void anAddedTaskIsReadiedAndAssignedByTheNormalRules() throws Exception {
        try (ProjectSession s = chain()) {
            ProjectSpec.TaskSpec n = Json.MAPPER.readValue(
                    "{\"task_id\": \"n\", \"priority\": 5, \"required_skills\": {\"x\": 4}, \"estimated_hours\": 3}",
                    ProjectSpec.TaskSpec.class);
            assertNull(interrupt(s, "add_task", "n", 0, n));
            Decision added = onlyDecision(s, DecisionKind.TASK_ADDED, "n");
            assertEquals("added by ceo", added.getReason());
            assertEquals(Map.of("interrupt", "i-1", "priority", 5, "dependencies", List.of(), "required_skills", Map.of("x", 4.0)),
                    added.getDetails());
            // no dependencies: READY at once, then ranked: only alice has x 4 (bob has 3); she has room for a second task
            assertEquals("no dependencies", onlyDecision(s, DecisionKind.STATUS_CHANGED, "n").getReason());
            assertEquals("alice", onlyDecision(s, DecisionKind.ASSIGNED, "n").getAgentIds().get(0));
            assertEquals(3, taskOf(s, "n").getLoadOrder()); // after a, b, f
            assertEquals("n added (PENDING, priority 5)", log(s).get(0).change());
            assertEquals("task_exists", interrupt(s, "add_task", "n", 0, n).getCode());
        }
    }

    @Test
    void anAddedTaskWaitsForItsDependencies() throws Exception {
        try (ProjectSession s = chain()) {
            ProjectSpec.TaskSpec n = Json.MAPPER.readValue("{\"task_id\": \"n\", \"dependencies\": [\"b\"]}",
                    ProjectSpec.TaskSpec.class);
            assertNull(interrupt(s, "add_task", "n", 0, n));
            assertEquals(TaskStatus.PENDING, taskOf(s, "n").getStatus());
            assertTrue(complete(s, "a", "alice"));
            assertTrue(complete(s, "b", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "n").getStatus());
        }
    }

    // ---------------------------------------------------------------- pause, resume, status

    @Test
    void pauseAndResumeARunAndTheirRefusals() {
        try (ProjectSession s = chain()) {
            Refusal noRun = interrupt(s, "pause", null, 0, null);
            assertEquals("run_not_running", noRun.getCode());
            assertEquals("nothing to pause: the project has no run", noRun.getReason());
            RunState run = run(s, RunState.INCREMENTAL);
            assertEquals("run_not_paused", interrupt(s, "resume", null, 0, null).getCode());
            assertNull(interrupt(s, "pause", null, 0, null));
            assertEquals(RunStatus.PAUSED, run.getStatus());
            assertEquals("paused by ceo", run.getReason());
            Decision paused = last(s, DecisionKind.RUN_PAUSED);
            assertEquals(Map.of("interrupt", "i-1", "run_id", "r-1", "from", "RUNNING", "to", "PAUSED"), paused.getDetails());
            Refusal twice = interrupt(s, "pause", null, 0, null);
            assertEquals("nothing to pause: run r-1 is PAUSED (paused by ceo)", twice.getReason());
            assertNull(interrupt(s, "resume", null, 0, null));
            assertEquals(RunStatus.RUNNING, run.getStatus());
            assertEquals("resumed by ceo (was PAUSED: paused by ceo)", last(s, DecisionKind.RUN_RESUMED).getReason());
            assertEquals(List.of("i-1", "i-2"), log(s).stream().map(InterruptRecord::interruptId).toList());
        }
    }

    @Test
    void aRunStoppedAtACheckpointIsResumedTheSameWay() {
        try (ProjectSession s = chain()) {
            RunState run = new RunState("r-1", RunState.INCREMENTAL, "after_each_task", false);
            run.checkpoint("after task a"); // as checkpoint rules leave it
            s.beginCommand(SEQ.incrementAndGet());
            s.keep(run);
            assertEquals("run_not_running", interrupt(s, "pause", null, 0, null).getCode());
            assertNull(interrupt(s, "resume", null, 0, null));
            assertEquals(RunStatus.RUNNING, run.getStatus());
            assertEquals("resumed by ceo (was PAUSED_AT_CHECKPOINT: after task a)", last(s, DecisionKind.RUN_RESUMED).getReason());
            assertEquals("run r-1 PAUSED_AT_CHECKPOINT -> RUNNING", log(s).get(0).change());
        }
    }

    @Test
    void statusReportsCountsTheRunAndTasksInProgressWithHolders() {
        try (ProjectSession s = project().agents(agent("pm"), agent("cto"), agent("dev").skill("x", 5))
                .tasks(task("m").meeting("pm", "cto"), task("t").needs("x", 1), task("u").dependsOn("t").needs("x", 1))
                .start()) {
            assertTrue(start(s, "m", "cto"));
            run(s, RunState.FULLY_AUTOMATED);
            assertNull(interrupt(s, "status", null, 0, null));
            Decision d = last(s, DecisionKind.STATUS_REPORTED);
            assertEquals("status requested by ceo", d.getReason());
            // m in progress (pm, cto), t assigned to dev, u pending behind t
            assertEquals(Map.of(
                    "interrupt", "i-1",
                    "tasks_total", 3,
                    "tasks_by_status", Map.of("ASSIGNED", 1, "IN_PROGRESS", 1, "PENDING", 1),
                    "run", Map.of("run_id", "r-1", "mode", "fully_automated", "status", "RUNNING"),
                    "in_progress", List.of(Map.of("task_id", "m", "holders", List.of("cto", "pm")))), d.getDetails());
            assertEquals("nothing: status reported", log(s).get(0).change());
        }
    }

    // ---------------------------------------------------------------- ceo_oversight triggers

    /** a then the meeting m then z; oversight with the given triggers and frequency, milestones as listed (null: default). */
    private static ProjectSession overseen(String frequency, List<String> milestones) {
        ObjectNode node = project().agents(agent("pm"), agent("cto"))
                .tasks(task("a"), task("m").meeting("pm", "cto").dependsOn("a"), task("z").dependsOn("m")).node();
        ObjectNode o = node.putObject("ceo_oversight").put("enabled", true).put("review_frequency", frequency);
        o.putArray("interrupt_triggers").add("milestone_completion").add("task_failure");
        if (milestones != null) {
            milestones.forEach(o.withArray("milestones")::add);
        }
        return RulesFixture.start(node.toString());
    }

    private static TaskOutcome outcome(String taskId, boolean failed, boolean meeting) {
        return new TaskOutcome("r-1", taskId, failed, meeting, false, LocalDateTime.parse("2024-01-15T12:00"), 3);
    }

    @Test
    void aMeetingMilestonePausesAnIncrementalRunButIsOnlyAReviewPointInAFullyAutomatedOne() {
        try (ProjectSession s = overseen("weekly", null)) {
            RunState run = run(s, RunState.INCREMENTAL);
            notice(s, outcome("a", false, false)); // not a meeting: no milestone when none are named
            assertEquals(RunStatus.RUNNING, run.getStatus());
            notice(s, outcome("m", false, true));
            assertEquals(RunStatus.PAUSED, run.getStatus());
            assertEquals("paused for review: milestone m completed", run.getReason());
            Decision d = onlyDecision(s, DecisionKind.RUN_PAUSED, "m");
            assertEquals("milestone_completion", d.getDetails().get("trigger"));
            assertTrue(s.facts(TaskOutcome.class).isEmpty()); // discarded by execution/run.drl
        }
        try (ProjectSession s = overseen("weekly", null)) {
            RunState run = run(s, RunState.FULLY_AUTOMATED);
            notice(s, outcome("m", false, true));
            assertEquals(RunStatus.RUNNING, run.getStatus());
            assertEquals("review point: milestone m completed; a fully_automated run takes no human input, so it goes on",
                    onlyDecision(s, DecisionKind.REVIEW_POINT, "m").getReason());
            assertTrue(decisions(s, DecisionKind.RUN_PAUSED, "m").isEmpty());
        }
    }

    @Test
    void namedMilestonesFailuresAndReviewDays() {
        try (ProjectSession s = overseen("weekly", List.of("a"))) {
            RunState run = run(s, RunState.INCREMENTAL);
            notice(s, outcome("m", false, true)); // milestones named: the meeting is not one
            assertEquals(RunStatus.RUNNING, run.getStatus());
            notice(s, new DayStarted("r-1", 6, LocalDate.parse("2024-01-21")));
            assertEquals(RunStatus.RUNNING, run.getStatus()); // day 6: not a weekly review day
            notice(s, new DayStarted("r-1", 7, LocalDate.parse("2024-01-22")));
            assertEquals(RunStatus.PAUSED, run.getStatus());
            assertEquals("paused for the weekly review: day 7 (2024-01-22)", run.getReason());
            // already paused: the milestone a is recorded as a review point, the run stays paused
            notice(s, outcome("a", false, false));
            assertEquals("review point: milestone a completed; the run is already PAUSED",
                    onlyDecision(s, DecisionKind.REVIEW_POINT, "a").getReason());
            assertNull(interrupt(s, "resume", null, 0, null));
            notice(s, outcome("z", true, false));
            assertEquals("paused for review: task z failed", run.getReason());
        }
    }

    @Test
    void disabledOversightNeverStopsARun() {
        ObjectNode node = project().agents(agent("pm"), agent("cto")).tasks(task("m").meeting("pm", "cto")).node();
        node.putObject("ceo_oversight").put("enabled", false).put("review_frequency", "daily")
                .putArray("interrupt_triggers").add("milestone_completion");
        try (ProjectSession s = RulesFixture.start(node.toString())) {
            RunState run = run(s, RunState.INCREMENTAL);
            notice(s, outcome("m", false, true));
            notice(s, new DayStarted("r-1", 1, LocalDate.parse("2024-01-16")));
            assertEquals(RunStatus.RUNNING, run.getStatus());
            assertTrue(s.ledger().stream().noneMatch(d -> d.getKind() == DecisionKind.REVIEW_POINT));
        }
    }

    @Test
    void theAuditTrailSurvivesAPolicySwitch() {
        try (ProjectSession s = chain()) {
            assertNull(interrupt(s, "reprioritise", "b", 1, null));
            s.beginCommand(SEQ.incrementAndGet());
            s.switchTo(RulesFixture.compile(java.nio.file.Path.of("rules")));
            assertEquals(1, log(s).size());
            assertEquals(1, taskOf(s, "b").getPriority());
            assertNull(interrupt(s, "status", null, 0, null));
            assertEquals("i-2", log(s).get(1).interruptId());
            assertNotNull(log(s).get(1).requestedAt());
        }
    }
}
