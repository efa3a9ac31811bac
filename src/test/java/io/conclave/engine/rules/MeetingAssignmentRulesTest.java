package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Occupancy;
import io.conclave.model.TaskStatus;

/** rules/assignment/meetings_assignment.drl: a meeting task occupies every attendee at once. */
public class MeetingAssignmentRulesTest {

    @Test
    void aMeetingOccupiesEveryAttendeeAndNobodyElse() {
        // m (3 h) with alice and bob: each gets +1 open task and +3 h; carol is not invited and stays free.
        try (ProjectSession s = project()
                .agents(agent("alice"), agent("bob"), agent("carol"))
                .tasks(task("m").meeting("alice", "bob").hours(3))
                .start()) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "m").getStatus());
            assertNull(taskOf(s, "m").getAssignee(), "a meeting has no single assignee");
            for (String attendee : List.of("alice", "bob")) {
                assertEquals(1, agentOf(s, attendee).getOpenTasks(), attendee);
                assertEquals(3.0, agentOf(s, attendee).getOpenHours(), attendee);
            }
            assertEquals(0, agentOf(s, "carol").getOpenTasks());
            assertEquals(0.0, agentOf(s, "carol").getOpenHours());

            Decision d = onlyDecision(s, DecisionKind.MEETING_CONVENED, "m");
            assertEquals(List.of("alice", "bob"), d.getAgentIds());
            assertEquals(TaskStatus.READY, d.getFromStatus());
            assertEquals(TaskStatus.ASSIGNED, d.getToStatus());
            assertEquals("Convene a meeting task when all its attendees have capacity", d.getRule());
            assertTrue(decisions(s, DecisionKind.ASSIGNED, "m").isEmpty(), "not assigned to one agent");
            assertEquals(List.of("alice", "bob"), s.facts(Occupancy.class).stream()
                    .filter(o -> o.getTaskId().equals("m")).map(Occupancy::getAgentId).sorted().toList());
        }
    }

    @Test
    void endingAMeetingGivesEveryAttendeeItsCapacityBack() {
        try (ProjectSession s = project()
                .agents(agent("alice"), agent("bob"))
                .tasks(task("m").meeting("alice", "bob").hours(3))
                .start()) {
            assertTrue(complete(s, "m", "alice"));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "m").getStatus());
            // One release per attendee: 1 - 1 = 0 open tasks, 3 - 3 = 0 h each.
            List<Decision> released = decisions(s, DecisionKind.CAPACITY_RELEASED, "m");
            assertEquals(List.of("alice", "bob"), released.stream().map(d -> d.getAgentIds().get(0)).sorted().toList());
            for (String attendee : List.of("alice", "bob")) {
                assertEquals(0, agentOf(s, attendee).getOpenTasks(), attendee);
                assertEquals(0.0, agentOf(s, attendee).getOpenHours(), attendee);
            }
        }
    }

    @Test
    void aMeetingWaitsWhileAnAttendeeIsAtCapacityAndIsHeldOnceItFrees() {
        // t0 (priority 5) needs z, which only alice has; she takes one task at a time, so she is full.
        // m (priority 3) needs alice and bob: it waits, and bob is not partially booked meanwhile.
        try (ProjectSession s = project()
                .agents(agent("alice").skill("z", 5).maxOpenTasks(1), agent("bob"))
                .tasks(task("t0").needs("z", 1).priority(5), task("m").meeting("alice", "bob").hours(2).priority(3))
                .start()) {
            assertEquals("alice", taskOf(s, "t0").getAssignee());
            assertEquals(TaskStatus.READY, taskOf(s, "m").getStatus());
            assertTrue(taskOf(s, "m").isWaiting());
            Decision waiting = onlyDecision(s, DecisionKind.WAITING, "m");
            assertEquals(List.of("alice"), waiting.getAgentIds(), "names the busy attendee only");
            assertEquals("attendees at capacity: [alice]", waiting.getReason());
            assertEquals(0, agentOf(s, "bob").getOpenTasks());
            assertEquals(0.0, agentOf(s, "bob").getOpenHours());

            // t0 completes: alice goes 1 -> 0 open tasks, m is woken and convened: both at 1 task, 2 h.
            assertTrue(complete(s, "t0", "alice"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "m").getStatus());
            assertFalse(taskOf(s, "m").isWaiting());
            onlyDecision(s, DecisionKind.MEETING_CONVENED, "m");
            for (String attendee : List.of("alice", "bob")) {
                assertEquals(1, agentOf(s, attendee).getOpenTasks(), attendee);
                assertEquals(2.0, agentOf(s, attendee).getOpenHours(), attendee);
            }
        }
    }

    @Test
    void aMeetingWithoutAttendeesIsUnassignable() {
        try (ProjectSession s = project()
                .agents(agent("alice"))
                .tasks(task("m").meeting())
                .start()) {
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "m").getStatus());
            assertEquals("a meeting task needs attendees and lists none", taskOf(s, "m").getStatusReason());
            assertEquals(0, agentOf(s, "alice").getOpenTasks(), "never falls back to a single agent");
            assertTrue(decisions(s, DecisionKind.MEETING_CONVENED, "m").isEmpty());
            assertTrue(s.ledger().stream().anyMatch(d -> "m".equals(d.getTaskId())
                    && d.getFromStatus() == TaskStatus.READY && d.getToStatus() == TaskStatus.UNASSIGNABLE));
        }
    }
}
