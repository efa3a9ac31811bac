package io.conclave.api;

import java.util.ArrayList;
import java.util.List;

import io.conclave.engine.ProjectSession;
import io.conclave.model.Task;

/**
 * A project's tasks as a graph (for a dashboard): one node per task with its state, one edge per
 * dependency ({@code from} must complete before {@code to}), follow-up ({@code to} becomes known when
 * {@code from} completes) and subtask ({@code to} is subtask number {@code position} of {@code from}).
 * Nodes in definition order; edges by source task in definition order, then as the file lists them.
 */
public record GraphView(String projectId, String policyVersion, List<Node> nodes, List<Edge> edges) {

    /** A task: its status and who holds it (assignee, or the attendees of a meeting task). */
    public record Node(String taskId, String description, String status, String assignee, List<String> attendees,
                       String coordination, String parentId, boolean decomposed, boolean known, boolean waiting,
                       int failures, int retries, String statusReason) {
    }

    /** {@code kind}: dependency, follow_up or subtask; {@code position} only for subtasks (from 0). */
    public record Edge(String from, String to, String kind, Integer position) {
    }

    static GraphView of(ProjectSession s) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Task t : s.tasks()) {
            nodes.add(new Node(t.getTaskId(), t.getDescription(), t.getStatus().name(), t.getAssignee(),
                    t.isMeetingRequired() ? t.getAttendees() : List.of(), t.getCoordination().json(), t.getParentId(),
                    t.isDecomposed(), t.isReleased(), t.isWaiting(), t.getFailures(), t.getRetries(),
                    t.getStatusReason()));
        }
        for (Task t : s.tasks()) {
            for (String dep : t.getDependencies()) {
                edges.add(new Edge(dep, t.getTaskId(), "dependency", null));
            }
            for (String f : t.getFollowUpTasks()) {
                edges.add(new Edge(t.getTaskId(), f, "follow_up", null));
            }
            List<String> subtasks = t.getSubtaskIds();
            for (int i = 0; i < subtasks.size(); i++) {
                edges.add(new Edge(t.getTaskId(), subtasks.get(i), "subtask", i));
            }
        }
        return new GraphView(s.projectId(), s.policy().version(), nodes, edges);
    }
}
