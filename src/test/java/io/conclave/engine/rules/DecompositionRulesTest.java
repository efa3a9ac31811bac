package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.fail;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.taskOf;
import static io.conclave.engine.rules.Trees.agent;
import static io.conclave.engine.rules.Trees.obj;
import static io.conclave.engine.rules.Trees.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;

/** rules/workflow/decomposition.drl: subtasks released when the parent is ready, the parent's outcome combining theirs. */
public class DecompositionRulesTest {

    // boss is the top of the tree, alice reports to boss and is the only one with x.
    private static final List<ObjectNode> TEAM = List.of(agent("boss"),
            agent("alice", "manager", "boss", "skill_levels", obj("x", 5), "max_open_tasks", 10));

    private static boolean completeWith(ProjectSession s, String taskId, String agentId, String resultJson) {
        s.beginCommand(System.nanoTime());
        try {
            JsonNode result = resultJson == null ? null : Json.MAPPER.readTree(resultJson);
            return s.post(new TaskEvent(TaskEvent.Kind.COMPLETE, taskId, agentId, result)) == null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * p lists three subtasks: an inline one without id (named p.1), s3 by id, and an inline hierarchical one
     * (named p.3); "after" depends on p.
     */
    private static ProjectSession threeSubtasks(String onFailure) {
        return Trees.start("centralized", TEAM, List.of(
                task("p", "on_subtask_failure", onFailure, "subtasks", List.of(
                        obj("description", "first", "required_skills", obj("x", 1)),
                        "s3",
                        obj("description", "third", "required_skills", obj("x", 1), "coordination", "hierarchical"))),
                task("s3", "required_skills", obj("x", 1)),
                task("after", "dependencies", List.of("p"), "required_skills", obj("x", 1))));
    }

    @Test
    void inlineSubtasksAreNamedAfterTheParentAndBecomeKnownWhenItIsReady() {
        try (ProjectSession s = threeSubtasks("fail")) {
            // p has no dependencies: READY at once, so decomposed at once; it is never assigned itself
            assertEquals(TaskStatus.IN_PROGRESS, taskOf(s, "p").getStatus());
            assertNull(taskOf(s, "p").getAssignee());
            Decision d = onlyDecision(s, DecisionKind.DECOMPOSED, "p");
            assertEquals("decomposed into 3 subtasks: [p.1, s3, p.3]", d.getReason());
            assertEquals(Map.of("subtasks", List.of("p.1", "s3", "p.3")), d.getDetails());
            assertEquals(List.of(), decisions(s, DecisionKind.ASSIGNED, "p"));
            // every subtask is known and assigned to alice, each by its own coordination:
            // p.1 and s3 by ranking (no DELEGATED), p.3 handed down from the top: boss -> alice
            for (String id : List.of("p.1", "s3", "p.3")) {
                assertTrue(taskOf(s, id).isReleased(), id);
                assertEquals("alice", taskOf(s, id).getAssignee(), id);
                assertEquals("p", taskOf(s, id).getParentId(), id);
            }
            assertEquals(List.of(), decisions(s, DecisionKind.DELEGATED, "p.1"));
            assertEquals(List.of(List.of("boss"), List.of("boss", "alice")),
                    decisions(s, DecisionKind.DELEGATED, "p.3").stream().map(Decision::getAgentIds).toList());
            assertEquals(TaskStatus.PENDING, taskOf(s, "after").getStatus());
        }
    }

    @Test
    void theParentCompletesWhenAllSubtasksCompletedWithTheirResultsInSubtaskOrder() {
        try (ProjectSession s = threeSubtasks("fail")) {
            // completed out of order: s3, then p.3, then p.1; the array follows the subtasks list
            assertTrue(completeWith(s, "s3", "alice", "\"r-s3\""));
            assertTrue(completeWith(s, "p.3", "alice", "{\"n\": 3}"));
            assertEquals(TaskStatus.IN_PROGRESS, taskOf(s, "p").getStatus());
            assertEquals(TaskStatus.PENDING, taskOf(s, "after").getStatus());
            assertTrue(completeWith(s, "p.1", "alice", "[1]"));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "p").getStatus());
            assertEquals("all 3 subtasks completed", taskOf(s, "p").getStatusReason());
            assertEquals("[[1],\"r-s3\",{\"n\":3}]", taskOf(s, "p").getResult().toString());
            // the task that waited for p is served now
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "after").getStatus());
        }
    }

    @Test
    void aFailedSubtaskFailsTheParentAndBlocksItsDependents() {
        try (ProjectSession s = threeSubtasks("fail")) {
            assertTrue(completeWith(s, "p.1", "alice", "1"));
            assertTrue(fail(s, "s3", "alice"));
            assertEquals(TaskStatus.FAILED, taskOf(s, "p").getStatus());
            assertEquals("subtask s3 is FAILED", taskOf(s, "p").getStatusReason());
            assertNull(taskOf(s, "p").getResult());
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "after").getStatus());
            assertEquals("dependency p is FAILED", taskOf(s, "after").getStatusReason());
        }
    }

    @Test
    void inContinueModeTheParentCompletesOnceEverySubtaskIsFinalWithNullForTheFailedOnes() {
        try (ProjectSession s = threeSubtasks("continue")) {
            assertTrue(fail(s, "s3", "alice"));
            // a failure alone decides nothing in continue mode: p.1 and p.3 are still open
            assertEquals(TaskStatus.IN_PROGRESS, taskOf(s, "p").getStatus());
            assertTrue(completeWith(s, "p.1", "alice", "\"one\""));
            assertTrue(completeWith(s, "p.3", "alice", null));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "p").getStatus());
            assertEquals("2 of 3 subtasks completed; continued past [s3 FAILED]", taskOf(s, "p").getStatusReason());
            // p.3 completed without a result: null too, like the failed s3
            assertEquals("[\"one\",null,null]", taskOf(s, "p").getResult().toString());
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "after").getStatus());
        }
    }

    @Test
    void aSubtaskBlockedByAFailedSiblingCountsAsGivenUpInContinueMode() {
        // p (continue) -> [p.1, p.2 depends on p.1]. p.1 fails: p.2 is BLOCKED naming p.1 (workflow/workflow.drl),
        // and with nothing left open, p completes with nulls for both and says so.
        try (ProjectSession s = Trees.start("centralized", TEAM, List.of(
                task("p", "on_subtask_failure", "continue", "subtasks", List.of(
                        obj("description", "first", "required_skills", obj("x", 1)),
                        obj("description", "second", "dependencies", List.of("p.1"), "required_skills", obj("x", 1))))))) {
            assertEquals(TaskStatus.PENDING, taskOf(s, "p.2").getStatus());
            assertTrue(fail(s, "p.1", "alice"));
            assertEquals(TaskStatus.BLOCKED, taskOf(s, "p.2").getStatus());
            assertEquals("dependency p.1 is FAILED", taskOf(s, "p.2").getStatusReason());
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "p").getStatus());
            assertEquals("0 of 2 subtasks completed; continued past [p.1 FAILED, p.2 BLOCKED]",
                    taskOf(s, "p").getStatusReason());
            assertEquals("[null,null]", taskOf(s, "p").getResult().toString());
        }
    }

    @Test
    void aSubtaskThatIsItselfDecomposedDecomposesWhenItsParentDoes() {
        // q -> [q.1 -> [q.1.1]]: both levels go IN_PROGRESS at once, q.1.1 is the only work
        try (ProjectSession s = Trees.start("centralized", TEAM, List.of(
                task("q", "subtasks", List.of(obj("description", "mid", "subtasks", List.of(
                        obj("description", "leaf", "required_skills", obj("x", 1))))))))) {
            assertEquals(TaskStatus.IN_PROGRESS, taskOf(s, "q").getStatus());
            assertEquals(TaskStatus.IN_PROGRESS, taskOf(s, "q.1").getStatus());
            assertEquals("alice", taskOf(s, "q.1.1").getAssignee());
            assertTrue(completeWith(s, "q.1.1", "alice", "\"leaf\""));
            assertEquals("[\"leaf\"]", taskOf(s, "q.1").getResult().toString());
            assertEquals("[[\"leaf\"]]", taskOf(s, "q").getResult().toString());
            assertFalse(taskOf(s, "q").isWaiting());
        }
    }
}
