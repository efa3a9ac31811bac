package io.conclave.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decomposition names tasks of the project (or defines them inline); each task is a subtask of at
 * most one parent, never of itself, and following parents upwards never comes back: a task cannot
 * wait for its own completion.
 */
final class Decompositions {
    private Decompositions() {
    }

    static void check(TaskTree tree, Map<String, Integer> index, List<String> paths, List<Problem> problems) {
        Map<String, String> parent = new HashMap<>();
        Map<String, Integer> byParentPath = new HashMap<>();
        for (int i = 0; i < tree.nodes().size(); i++) {
            ProjectSpec.TaskSpec t = tree.nodes().get(i).spec();
            if (t != null && t.taskId() != null) {
                byParentPath.putIfAbsent(t.taskId(), i);
            }
        }
        for (Subtask e : tree.edges()) {
            Integer at = byParentPath.get(e.getParent());
            if (at == null) {
                continue; // the parent has no id, reported as such
            }
            String path = paths.get(at) + ".subtasks[" + e.getPosition() + "]";
            if (e.getChild() == null || !index.containsKey(e.getChild())) {
                problems.add(new Problem(path, "unknown task id '" + e.getChild() + "'"));
            } else if (e.getChild().equals(e.getParent())) {
                problems.add(new Problem(path, "a task cannot be its own subtask"));
            } else if (parent.putIfAbsent(e.getChild(), e.getParent()) != null) {
                problems.add(new Problem(path, "task '" + e.getChild() + "' is already a subtask of '"
                        + parent.get(e.getChild()) + "'"));
            }
        }
        Set<String> reported = new HashSet<>();
        for (String start : parent.keySet().stream().sorted().toList()) {
            List<String> chain = new ArrayList<>();
            String at = start;
            while (at != null && !chain.contains(at)) {
                chain.add(at);
                at = parent.get(at);
            }
            if (start.equals(at) && reported.add(new java.util.TreeSet<>(chain).toString())) {
                chain.add(at);
                problems.add(new Problem(paths.get(index.get(start)) + ".subtasks",
                        "decomposition cycle: " + String.join(" is a subtask of ", chain)));
            }
        }
    }
}
