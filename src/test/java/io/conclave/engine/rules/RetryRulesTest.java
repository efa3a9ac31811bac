package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.fail;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.taskOf;
import static io.conclave.engine.rules.Trees.agent;
import static io.conclave.engine.rules.Trees.obj;
import static io.conclave.engine.rules.Trees.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.TaskStatus;

/** rules/workflow/retries.drl: a failure with retries left sends the task back to READY; the last one counts. */
public class RetryRulesTest {

    // alice x 5 scores 5 per level of x, bob x 3 scores 3: alice wins whenever she has capacity.
    private static final List<ObjectNode> PAIR = List.of(
            agent("alice", "skill_levels", obj("x", 5), "max_open_tasks", 1),
            agent("bob", "skill_levels", obj("x", 3)));

    @Test
    void aFailureWithRetriesLeftGoesBackToReadyAndIsAssignedAgain() {
        try (ProjectSession s = Trees.start("centralized", PAIR, List.of(
                task("t", "retries", 2, "required_skills", obj("x", 1), "estimated_hours", 2)))) {
            assertEquals("alice", taskOf(s, "t").getAssignee());
            assertTrue(start(s, "t", "alice"));
            assertTrue(fail(s, "t", "alice"));
            // failures 0 < retries 2: back to READY, alice's capacity given back, and the ranking runs again:
            // alice (5, 0 open hours again) beats bob (3), so she gets the second attempt.
            Decision r = onlyDecision(s, DecisionKind.RETRIED, "t");
            assertEquals("attempt 1 of 3 failed (reported by alice); 1 retry left after this one", r.getReason());
            assertEquals(TaskStatus.IN_PROGRESS, r.getFromStatus());
            assertEquals(TaskStatus.READY, r.getToStatus());
            assertEquals(Map.of("failures", 1, "retries", 2), r.getDetails());
            assertEquals(1, decisions(s, DecisionKind.CAPACITY_RELEASED, "t").size());
            assertEquals(2, decisions(s, DecisionKind.ASSIGNED, "t").size());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t").getStatus());
            assertEquals("alice", taskOf(s, "t").getAssignee());
            assertEquals(1, taskOf(s, "t").getFailures());
            // one open task, not two: the failed attempt's hold was released before the new one
            assertEquals(1, agentOf(s, "alice").getOpenTasks());
            assertEquals(2.0, agentOf(s, "alice").getOpenHours());
            assertTrue(complete(s, "t", "alice"));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "t").getStatus());
            assertEquals(1, taskOf(s, "t").getFailures());
        }
    }

    @Test
    void whenRetriesAreExhaustedTheTaskFailsAndItsDependentsAreBlockedNamingIt() {
        try (ProjectSession s = Trees.start("centralized", PAIR, List.of(
                task("t", "retries", 1, "required_skills", obj("x", 1)),
                task("d", "dependencies", List.of("t"), "required_skills", obj("x", 1))))) {
            assertTrue(fail(s, "t", "alice")); // failures 0 < 1: retried
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t").getStatus());
            assertEquals(TaskStatus.PENDING, taskOf(s, "d").getStatus()); // a retried task blocks nobody
            assertTrue(fail(s, "t", "alice")); // failures 1 = retries 1: this one counts
            assertEquals(TaskStatus.FAILED, taskOf(s, "t").getStatus());
            assertEquals("reported failed by alice", taskOf(s, "t").getStatusReason());
            assertEquals(2, taskOf(s, "t").getFailures());
            assertEquals(1, decisions(s, DecisionKind.RETRIED, "t").size());
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "d").getStatus());
            assertEquals("dependency t is FAILED", taskOf(s, "d").getStatusReason());
            assertEquals(0, agentOf(s, "alice").getOpenTasks());
        }
    }

    @Test
    void aRetriedSubtaskDoesNotFailItsParent() {
        // p -> [p.1 (retries 1)]: the first failure of p.1 is retried, so p stays IN_PROGRESS, then completes.
        try (ProjectSession s = Trees.start("centralized", PAIR, List.of(
                task("p", "subtasks", List.of(obj("description", "only", "retries", 1, "required_skills", obj("x", 1))))))) {
            assertTrue(fail(s, "p.1", "alice"));
            assertEquals(TaskStatus.IN_PROGRESS, taskOf(s, "p").getStatus());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "p.1").getStatus());
            assertTrue(complete(s, "p.1", "alice"));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "p").getStatus());
        }
    }
}
