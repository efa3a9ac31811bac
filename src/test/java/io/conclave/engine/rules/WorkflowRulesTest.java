package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.fail;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.refusal;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Agent;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.Refusal;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;

/** rules/workflow/workflow.drl and rules/workflow/reports.drl: readiness, what agents report, capacity release, blocking and follow-ups. */
public class WorkflowRulesTest {

    // ------------------------------------------------------------------ readiness

    @Test
    void aTaskBecomesReadyOnlyWhenEveryDependencyIsCompleted() {
        // a and d have no dependencies: READY and assigned at once. b waits for a; c waits for a and d.
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("a"), task("b").dependsOn("a"), task("c").dependsOn("a", "d"), task("d"))
                .start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "a").getStatus());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "d").getStatus());
            assertEquals(TaskStatus.PENDING, taskOf(s, "b").getStatus());
            assertEquals(TaskStatus.PENDING, taskOf(s, "c").getStatus());

            assertTrue(start(s, "a", "alice"));
            assertEquals(TaskStatus.PENDING, taskOf(s, "b").getStatus(), "a started is not a completed");

            assertTrue(complete(s, "a", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "b").getStatus(), "b's only dependency is done");
            assertEquals("alice", taskOf(s, "b").getAssignee());
            Decision ready = decisions(s, DecisionKind.STATUS_CHANGED, "b").get(0);
            assertEquals(TaskStatus.PENDING, ready.getFromStatus());
            assertEquals(TaskStatus.READY, ready.getToStatus());
            assertEquals("dependencies completed: [a]", ready.getReason());
            assertEquals(TaskStatus.PENDING, taskOf(s, "c").getStatus(), "c still waits for d");

            assertTrue(complete(s, "d", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "c").getStatus());
        }
    }

    // ------------------------------------------------------------------ what agents report

    @Test
    void startThenCompleteMovesAssignedToInProgressToCompleted() {
        try (ProjectSession s = project().agents(agent("alice")).tasks(task("t")).start()) {
            assertTrue(start(s, "t", "alice"));
            assertEquals(TaskStatus.IN_PROGRESS, taskOf(s, "t").getStatus());
            assertEquals("started by alice", taskOf(s, "t").getStatusReason());

            assertTrue(complete(s, "t", "alice"));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "t").getStatus());
            assertEquals("completed by alice", taskOf(s, "t").getStatusReason());

            // The last two status changes of t, as the ledger has them.
            List<Decision> changes = decisions(s, DecisionKind.STATUS_CHANGED, "t");
            Decision started = changes.get(changes.size() - 2);
            Decision completed = changes.get(changes.size() - 1);
            assertEquals(List.of(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, List.of("alice")),
                    List.of(started.getFromStatus(), started.getToStatus(), started.getAgentIds()));
            assertEquals(List.of(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, List.of("alice")),
                    List.of(completed.getFromStatus(), completed.getToStatus(), completed.getAgentIds()));
        }
    }

    @Test
    void anAssignedTaskCanBeCompletedOrFailedWithoutBeingStarted() {
        try (ProjectSession s = project().agents(agent("alice")).tasks(task("ok"), task("ko")).start()) {
            assertTrue(complete(s, "ok", "alice"));
            assertTrue(fail(s, "ko", "alice"));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "ok").getStatus());
            assertEquals(TaskStatus.FAILED, taskOf(s, "ko").getStatus());
            assertEquals("reported failed by alice", taskOf(s, "ko").getStatusReason());
            List<Decision> ko = decisions(s, DecisionKind.STATUS_CHANGED, "ko");
            Decision failed = ko.get(ko.size() - 1);
            assertEquals(TaskStatus.ASSIGNED, failed.getFromStatus());
            assertEquals(TaskStatus.FAILED, failed.getToStatus());
        }
    }

    // ------------------------------------------------------------------ capacity release

    @Test
    void completingATaskGivesTheAgentItsCapacityBack() {
        // a (4 h) and b (2 h) both go to alice: 2 open tasks, 6 h. Completing a leaves 1 task, 2 h.
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("a").hours(4), task("b").hours(2))
                .start()) {
            assertEquals(2, agentOf(s, "alice").getOpenTasks());
            assertEquals(6.0, agentOf(s, "alice").getOpenHours());

            assertTrue(complete(s, "a", "alice"));
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
            assertEquals(2.0, agentOf(s, "alice").getOpenHours());
            Decision released = onlyDecision(s, DecisionKind.CAPACITY_RELEASED, "a");
            assertEquals(List.of("alice"), released.getAgentIds());
            assertEquals("alice is free of a (COMPLETED), now 1 open task(s)", released.getReason());
        }
    }

    @Test
    void failingATaskAlsoGivesTheCapacityBack() {
        try (ProjectSession s = project().agents(agent("alice")).tasks(task("a").hours(4)).start()) {
            assertTrue(fail(s, "a", "alice"));
            assertEquals(0, agentOf(s, "alice").getOpenTasks());
            assertEquals(0.0, agentOf(s, "alice").getOpenHours());
            assertEquals("alice is free of a (FAILED), now 0 open task(s)",
                    onlyDecision(s, DecisionKind.CAPACITY_RELEASED, "a").getReason());
        }
    }

    @Test
    void completionFreesCapacityForTheNextDependentTask() {
        // alice takes one task at a time. a is hers; b depends on a; c waits for her capacity.
        // Completing a makes b READY (dependency done) and frees alice; b and c now compete for her:
        // both priority 3, undated, "b" < "c", so b is served first and c keeps waiting.
        try (ProjectSession s = project()
                .agents(agent("alice").maxOpenTasks(1))
                .tasks(task("a").priority(5), task("b").dependsOn("a"), task("c"))
                .start()) {
            assertEquals("alice", taskOf(s, "a").getAssignee());
            assertTrue(taskOf(s, "c").isWaiting());

            assertTrue(complete(s, "a", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "b").getStatus());
            assertEquals("alice", taskOf(s, "b").getAssignee());
            assertEquals(TaskStatus.READY, taskOf(s, "c").getStatus());
            assertTrue(taskOf(s, "c").isWaiting());
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
        }
    }

    // ------------------------------------------------------------------ blocking

    @Test
    void aFailedDependencyBlocksItsDependentsDownTheChain() {
        // c -> b -> a. a fails: b is blocked naming a, c is blocked naming b. x (independent) is untouched.
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("a"), task("b").dependsOn("a"), task("c").dependsOn("b"), task("x"))
                .start()) {
            assertTrue(fail(s, "a", "alice"));
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "b").getStatus());
            assertEquals("dependency a is FAILED", taskOf(s, "b").getStatusReason());
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "c").getStatus());
            assertEquals("dependency b is BLOCKED", taskOf(s, "c").getStatusReason());
            assertNull(taskOf(s, "b").getAssignee());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "x").getStatus());
            Decision blocked = onlyDecision(s, DecisionKind.STATUS_CHANGED, "c");
            assertEquals(TaskStatus.PENDING, blocked.getFromStatus());
            assertEquals(TaskStatus.BLOCKED, blocked.getToStatus());
        }
    }

    @Test
    void anUnassignableDependencyBlocksItsDependent() {
        // u needs a skill nobody has -> UNASSIGNABLE; v depends on u and can never start.
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("u").needs("cobol", 5), task("v").dependsOn("u"))
                .start()) {
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "u").getStatus());
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "v").getStatus());
            assertEquals("dependency u is UNASSIGNABLE", taskOf(s, "v").getStatusReason());
        }
    }

    // ------------------------------------------------------------------ follow-ups

    @Test
    void aFollowUpIsReleasedAndAssignedOnlyWhenItsParentCompletes() {
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("a").followUps("f"), task("f"))
                .start()) {
            // f has no dependencies, yet it is not known before a completes.
            assertFalse(taskOf(s, "f").isReleased());
            assertEquals(TaskStatus.PENDING, taskOf(s, "f").getStatus());
            assertNull(taskOf(s, "f").getAssignee());

            assertTrue(start(s, "a", "alice"));
            assertFalse(taskOf(s, "f").isReleased(), "a started is not a completed");

            assertTrue(complete(s, "a", "alice"));
            assertTrue(taskOf(s, "f").isReleased());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "f").getStatus());
            assertEquals("alice", taskOf(s, "f").getAssignee());
            assertEquals("follow-up of a, which completed",
                    onlyDecision(s, DecisionKind.FOLLOW_UP_RELEASED, "f").getReason());
        }
    }

    @Test
    void aReleasedFollowUpStillWaitsForItsDependencies() {
        // f is a follow-up of a and depends on g.
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("a").followUps("f"), task("f").dependsOn("g"), task("g"))
                .start()) {
            assertTrue(complete(s, "a", "alice"));
            assertTrue(taskOf(s, "f").isReleased());
            assertEquals(TaskStatus.PENDING, taskOf(s, "f").getStatus(), "g is not completed yet");

            assertTrue(complete(s, "g", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "f").getStatus());
        }
    }

    @Test
    void aFollowUpOfAFailedParentIsNeverReleased() {
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("a").followUps("f"), task("f"))
                .start()) {
            assertTrue(fail(s, "a", "alice"));
            assertFalse(taskOf(s, "f").isReleased());
            assertEquals(TaskStatus.PENDING, taskOf(s, "f").getStatus());
            assertTrue(decisions(s, DecisionKind.FOLLOW_UP_RELEASED, "f").isEmpty());
        }
    }

    // ------------------------------------------------------------------ events no rule accepts

    /** What can be observed of a session: every task's and agent's state, and the ledger's length. */
    private static String snapshot(ProjectSession s) {
        StringBuilder sb = new StringBuilder("ledger " + s.ledger().size());
        for (Task t : s.tasks()) {
            sb.append("; ").append(t.describe()).append(" waiting=").append(t.isWaiting())
                    .append(" released=").append(t.isReleased()).append(" reason=").append(t.getStatusReason());
        }
        for (Agent a : s.agents()) {
            sb.append("; ").append(a.describe());
        }
        return sb.toString();
    }

    @Test
    void anEventNoRuleAcceptsIsRefusedAndChangesNothing() {
        // alice takes one task at a time: t1 is hers, t2 is READY and waiting, p (depends on t1) is PENDING.
        try (ProjectSession s = project()
                .agents(agent("alice").maxOpenTasks(1))
                .tasks(task("t1").priority(5), task("t2"), task("p").dependsOn("t1"))
                .start()) {
            assertEquals(TaskStatus.READY, taskOf(s, "t2").getStatus());
            String before = snapshot(s);

            assertFalse(start(s, "t2", "alice"), "START of a READY task");
            assertFalse(complete(s, "t2", "alice"), "COMPLETE of a READY task");
            assertFalse(start(s, "p", "alice"), "START of a PENDING task");
            assertFalse(complete(s, "nope", "alice"), "an unknown task");
            assertEquals(before, snapshot(s));
            assertTrue(s.facts(TaskEvent.class).isEmpty(), "refused events are not left behind");
        }
    }

    @Test
    void freedCapacityWakesOnlyTheWaitingTasksTheFreedAgentCouldTake() {
        // alice (x) and bob (y) take one task at a time. t1 (x) and t2 (y) go first (priority 5);
        // t3 (x) and t4 (y) wait. When alice finishes t1, only t3 is worth another look: bob is still
        // busy, so t4 keeps waiting without being ranked (and recorded as WAITING) again.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 5).maxOpenTasks(1), agent("bob").skill("y", 5).maxOpenTasks(1))
                .tasks(task("t1").needs("x", 1).priority(5), task("t2").needs("y", 1).priority(5),
                        task("t3").needs("x", 1).priority(3), task("t4").needs("y", 1).priority(3))
                .start()) {
            assertTrue(taskOf(s, "t3").isWaiting());
            assertTrue(taskOf(s, "t4").isWaiting());

            assertTrue(complete(s, "t1", "alice"));

            assertEquals("alice", taskOf(s, "t3").getAssignee());
            assertTrue(taskOf(s, "t4").isWaiting());
            assertEquals(1, decisions(s, DecisionKind.WAITING, "t4").size(), "t4 was not looked at again");
        }
    }

    @Test
    void aFreedAgentTakesTheFirstWaitingTaskInServingOrderAndTheOthersAreNotLookedAtAgain() {
        // alice (x) takes one task at a time: t1 (priority 5) is hers; t2, t3, t4 (priorities 4, 3, 2) wait,
        // each recorded WAITING once. When she finishes t1, the waiting line is offered to her in serving
        // order: t2 (highest priority) gets her; then she is at capacity, so t3 and t4 are not ranked again
        // (still one WAITING decision each) and keep waiting for the next freed capacity.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 5).maxOpenTasks(1))
                .tasks(task("t1").needs("x", 1).priority(5), task("t4").needs("x", 1).priority(2),
                        task("t3").needs("x", 1).priority(3), task("t2").needs("x", 1).priority(4))
                .start()) {
            for (String waiting : List.of("t2", "t3", "t4")) {
                assertTrue(taskOf(s, waiting).isWaiting(), waiting);
                assertEquals(1, decisions(s, DecisionKind.WAITING, waiting).size(), waiting);
            }

            assertTrue(complete(s, "t1", "alice"));

            assertEquals("alice", taskOf(s, "t2").getAssignee());
            for (String waiting : List.of("t3", "t4")) {
                assertTrue(taskOf(s, waiting).isWaiting(), waiting);
                assertEquals(1, decisions(s, DecisionKind.WAITING, waiting).size(), waiting + " was not ranked again");
            }

            assertTrue(start(s, "t2", "alice"));
            assertTrue(complete(s, "t2", "alice"));
            assertEquals("alice", taskOf(s, "t3").getAssignee(), "next in line");
            assertTrue(taskOf(s, "t4").isWaiting());
        }
    }

    @Test
    void aWaitingTaskTheFreedAgentCannotTakeIsPassedOverAndWaitsForTheAgentItNeeds() {
        // alice (x) and bob (y) take one task at a time. a (x) and b (y) are theirs; w1 (y, priority 4) and
        // w2 (x, priority 3) wait. alice finishing a frees her: w1 comes first in serving order but she lacks
        // y, so it is passed over (not ranked again) and w2 gets her. bob finishing b then gives w1 to him.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 5).maxOpenTasks(1), agent("bob").skill("y", 5).maxOpenTasks(1))
                .tasks(task("a").needs("x", 1).priority(5), task("b").needs("y", 1).priority(5),
                        task("w1").needs("y", 1).priority(4), task("w2").needs("x", 1).priority(3))
                .start()) {
            assertTrue(taskOf(s, "w1").isWaiting());
            assertTrue(taskOf(s, "w2").isWaiting());

            assertTrue(complete(s, "a", "alice"));
            assertEquals("alice", taskOf(s, "w2").getAssignee());
            assertTrue(taskOf(s, "w1").isWaiting());
            assertEquals(1, decisions(s, DecisionKind.WAITING, "w1").size(), "w1 was passed over, not ranked again");

            assertTrue(complete(s, "b", "bob"));
            assertEquals("bob", taskOf(s, "w1").getAssignee());
        }
    }

    @Test
    void refusalsNameTheReasonAndTheRuleAndChangeNothing() {
        // alice gets t1 (only she has x); m, a meeting of alice and carol, is convened (both have room).
        // bob holds nothing.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("x", 5).maxOpenTasks(2), agent("bob"), agent("carol"))
                .tasks(task("t1").needs("x", 1).priority(5), task("m").meeting("alice", "carol").priority(4))
                .start()) {
            String before = snapshot(s);

            // m is ASSIGNED (a START may be right), but bob is neither of its attendees
            Refusal r = refusal(s, TaskEvent.Kind.START, "m", "bob");
            assertEquals("not_your_task", r.getCode(), "m is ASSIGNED, so only the holder test fails");
            assertEquals("task m is held by alice, carol, not by bob", r.getReason());
            assertEquals("Refuse a report from an agent that does not hold the task", r.getRule());

            r = refusal(s, TaskEvent.Kind.START, "t1", "bob");
            assertEquals("task t1 is held by alice, not by bob", r.getReason());
            assertEquals(before, snapshot(s));

            assertTrue(start(s, "t1", "alice"));
            before = snapshot(s);
            r = refusal(s, TaskEvent.Kind.START, "t1", "alice");
            assertEquals("wrong_status", r.getCode());
            assertEquals("task t1 is IN_PROGRESS; start needs it to be [ASSIGNED]", r.getReason());
            assertEquals("Refuse to start a task that is not ASSIGNED", r.getRule());
            assertEquals(before, snapshot(s));

            // an attendee of a meeting may report on it
            assertTrue(start(s, "m", "carol"));
            assertTrue(complete(s, "m", "alice"));
            r = refusal(s, TaskEvent.Kind.FAIL, "m", "alice");
            assertEquals("task m is COMPLETED; fail needs it to be [ASSIGNED, IN_PROGRESS]", r.getReason());
            assertFalse(s.changedThisCommand(), "a refusal under the shipped policy changes no fact");
        }
    }

    @Test
    void aTaskCannotBeCompletedTwiceNorStartedOnceInProgress() {
        // A second COMPLETE must not release alice's capacity a second time.
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("a").hours(2), task("b").hours(3))
                .start()) {
            assertTrue(start(s, "a", "alice"));
            String inProgress = snapshot(s);
            assertFalse(start(s, "a", "alice"), "START of an IN_PROGRESS task");
            assertEquals(inProgress, snapshot(s));

            assertTrue(complete(s, "a", "alice"));
            String completed = snapshot(s);
            assertFalse(complete(s, "a", "alice"));
            assertFalse(fail(s, "a", "alice"));
            assertEquals(completed, snapshot(s));
            // Only b is left: 1 task, 3 h.
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
            assertEquals(3.0, agentOf(s, "alice").getOpenHours());
        }
    }
}
