package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.TaskStatus;

/**
 * rules/coordination/conflicts.drl, meetings: two meeting tasks whose scheduled windows overlap and that share an
 * attendee are not convened at once; the one first in serving order (or convened already) goes first.
 */
public class MeetingDoubleBookingRulesTest {

    private static Projects.ProjectBuilder team(Projects.TaskBuilder... tasks) {
        return project().agents(agent("alice"), agent("bob"), agent("carol")).tasks(tasks);
    }

    private static boolean noConflict(ProjectSession s) {
        return s.ledger().stream().noneMatch(d -> d.getKind() == DecisionKind.CONFLICT_DETECTED);
    }

    @Test
    void theHigherPriorityMeetingIsConvenedAndTheOtherWaitsNamingItAndTheSharedAttendees() {
        // hi: priority 4, 10:00-12:00, alice + bob. lo: priority 2, 11:00-12:00, bob + carol.
        // Windows overlap 11:00-12:00, bob is in both. hi is served first (priority) and convened;
        // lo waits for hi. Without the rule bob (3 open tasks allowed) would be in both at once.
        try (ProjectSession s = team(
                task("lo").priority(2).date("2024-05-06T11:00:00").hours(1).meeting("bob", "carol"),
                task("hi").priority(4).date("2024-05-06T10:00:00").hours(2).meeting("alice", "bob")).start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "hi").getStatus());
            assertEquals(TaskStatus.READY, taskOf(s, "lo").getStatus());
            assertTrue(taskOf(s, "lo").isWaiting());
            assertEquals("waiting for meeting hi, which shares attendees [bob] in an overlapping window and goes first",
                    taskOf(s, "lo").getStatusReason());
            Decision d = onlyDecision(s, DecisionKind.CONFLICT_DETECTED, "lo");
            assertEquals(List.of("bob"), d.getAgentIds());
            assertEquals("meeting", d.getDetails().get("type"));
            assertEquals(List.of("hi", "lo"), d.getDetails().get("parties"));
            assertEquals("hi", d.getDetails().get("winner"));
            assertEquals("hi comes first in serving order (priority 4 vs 2, then scheduled date, then id)",
                    d.getDetails().get("why"));

            // hi ends: lo is convened, and the resolution is on record.
            assertTrue(complete(s, "hi", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "lo").getStatus());
            Decision r = onlyDecision(s, DecisionKind.CONFLICT_RESOLVED, "lo");
            assertEquals("hi is COMPLETED: lo may be convened now", r.getReason());
            assertEquals("hi", r.getDetails().get("winner"));
        }
    }

    @Test
    void atEqualPriorityTheEarlierMeetingGoesFirstThenTheSmallerId() {
        // b1 09:30-10:30 and a1 10:00-11:00, both priority 3, both with bob: b1 starts earlier, goes first.
        // x2 and x1 at the same time with alice: the smaller id, x1, goes first.
        try (ProjectSession s = team(
                task("a1").date("2024-05-06T10:00:00").meeting("alice", "bob"),
                task("b1").date("2024-05-06T09:30:00").meeting("bob", "carol"),
                task("x2").date("2024-05-07T10:00:00").meeting("alice", "carol"),
                task("x1").date("2024-05-07T10:00:00").meeting("alice", "bob")).start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "b1").getStatus());
            assertTrue(taskOf(s, "a1").getStatusReason().startsWith("waiting for meeting b1, which shares attendees [bob]"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "x1").getStatus());
            assertTrue(taskOf(s, "x2").getStatusReason().startsWith("waiting for meeting x1, which shares attendees [alice]"));
        }
    }

    @Test
    void backToBackMeetingsAndOverlappingMeetingsWithoutACommonAttendeeAreNoConflict() {
        // m1 10:00-11:00 and m2 11:00-12:00 share bob but do not overlap (the window is half open).
        // m3 10:00-12:00 overlaps m1 but has only carol, and m1 has alice + bob: nobody in common.
        try (ProjectSession s = team(
                task("m1").date("2024-05-06T10:00:00").meeting("alice", "bob"),
                task("m2").date("2024-05-06T11:00:00").meeting("bob"),
                task("m3").date("2024-05-06T10:00:00").hours(2).meeting("carol")).start()) {
            for (String id : List.of("m1", "m2", "m3")) {
                assertEquals(TaskStatus.ASSIGNED, taskOf(s, id).getStatus(), id);
            }
            assertTrue(noConflict(s));
        }
    }

    @Test
    void aMeetingConvenedAlreadyGoesFirstEvenAgainstAHigherPriorityOne() {
        // urgent (priority 5) waits for prep, so at the start only calm (priority 1) is READY and is
        // convened. When prep completes, urgent becomes READY; it overlaps calm and shares carol, and calm
        // was convened already: urgent waits until calm ends (meetings are not interrupted).
        try (ProjectSession s = team(
                task("prep"),
                task("calm").priority(1).date("2024-05-06T10:00:00").hours(2).meeting("bob", "carol"),
                task("urgent").priority(5).date("2024-05-06T11:00:00").meeting("carol").dependsOn("prep")).start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "calm").getStatus());
            String prepAgent = taskOf(s, "prep").getAssignee();
            assertTrue(complete(s, "prep", prepAgent));
            assertTrue(taskOf(s, "urgent").isWaiting());
            assertEquals("calm was convened already", onlyDecision(s, DecisionKind.CONFLICT_DETECTED, "urgent")
                    .getDetails().get("why"));
            assertTrue(complete(s, "calm", "bob"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "urgent").getStatus());
        }
    }
}
