package io.conclave.app.project;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Task;

/**
 * A project's tasks as a graph (for a dashboard): one node per task with its state, one edge per
 * dependency ({@code from} must complete before {@code to}), follow-up ({@code to} becomes known when
 * {@code from} completes) and subtask ({@code to} is subtask number {@code position} of {@code from}).
 * Nodes in definition order; edges by source task in definition order, then as the file lists them. The critical
 * path: the chain of dependencies whose estimated hours add up to the most (the shortest the project can take with
 * every task started as soon as its dependencies complete), first task first; of equal chains, the one that ends at
 * the task defined first, reached through the dependency listed first.
 */
public record GraphView(String projectId, String policyVersion, List<Node> nodes, List<Edge> edges,
                        List<String> criticalPath, double criticalHours) {

    /** A task: its status and who holds it (assignee, or the attendees of a meeting task), and its estimate. */
    public record Node(String taskId, String description, String status, String assignee, List<String> attendees,
                       String coordination, String parentId, boolean decomposed, boolean known, boolean waiting,
                       int failures, int retries, String statusReason, double estimatedHours) {
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
                    t.getStatusReason(), t.getEstimatedHours()));
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
        Map<String, Task> byId = new LinkedHashMap<>();
        s.tasks().forEach(t -> byId.put(t.getTaskId(), t));
        Map<String, Double> finish = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        String end = null;
        for (String id : byId.keySet()) {
            double f = finish(id, byId, finish, via);
            if (end == null || f > finish.get(end)) {
                end = id;
            }
        }
        List<String> path = new ArrayList<>();
        for (String at = end; at != null; at = via.get(at)) {
            path.add(0, at);
        }
        return new GraphView(s.projectId(), s.policy().version(), nodes, edges, path, end == null ? 0 : finish.get(end));
    }

    /**
     * The most estimated hours a chain of dependencies ending with task {@code id} adds up to (its own included),
     * kept in {@code finish}, with the dependency it is reached through in {@code via}. Walked with a stack of its
     * own, not by recursion, so a chain of thousands of tasks cannot overflow the thread's stack; a dependency on no
     * task, or a cycle (a definition refuses both), ends a chain.
     */
    private static double finish(String id, Map<String, Task> byId, Map<String, Double> finish, Map<String, String> via) {
        Deque<String> stack = new ArrayDeque<>();
        Set<String> open = new HashSet<>();
        stack.push(id);
        while (!stack.isEmpty()) {
            String at = stack.peek();
            Task t = byId.get(at);
            if (finish.containsKey(at) || t == null) {
                stack.pop();
                continue;
            }
            if (open.add(at)) {
                for (String dep : t.getDependencies()) {
                    if (byId.containsKey(dep) && !finish.containsKey(dep) && !open.contains(dep)) {
                        stack.push(dep);
                    }
                }
                continue;
            }
            // every dependency is done, but one on the way to this task (a cycle), which is left out
            stack.pop();
            double before = 0;
            String from = null;
            for (String dep : t.getDependencies()) {
                if (finish.containsKey(dep)) {
                    double f = finish.get(dep);
                    if (from == null || f > before) {
                        before = f;
                        from = dep;
                    }
                }
            }
            if (from != null) {
                via.put(at, from);
            }
            finish.put(at, before + t.getEstimatedHours());
        }
        return finish.getOrDefault(id, 0.0);
    }
}
