package io.conclave.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tasks that wait for themselves and so can never start: dependency cycles, and cycles through
 * follow-ups (a follow-up is only released when its parent completes). Both searches are iterative,
 * so a chain of tens of thousands of tasks cannot overflow the stack.
 */
final class WaitCycles {
    private WaitCycles() {
    }

    /** Depth-first search in file order; each cycle is reported once, at the task where it was entered. */
    static void dependencyCycles(List<ProjectSpec.TaskSpec> tasks, List<String> paths, Map<String, Integer> index,
                                 List<Problem> problems) {
        Map<String, List<String>> deps = new HashMap<>();
        for (String id : index.keySet()) {
            deps.put(id, tasks.get(index.get(id)).dependenciesOrEmpty().stream().filter(index::containsKey).toList());
        }
        Map<String, Integer> state = new HashMap<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String start : index.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            // iterative depth-first search (a dependency chain of 20,000 tasks must not overflow the stack)
            List<String> path = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            path.add(start);
            next.add(0);
            state.put(start, 1);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                String id = path.get(top);
                List<String> out = deps.get(id);
                int i = next.get(top);
                if (i == out.size()) {
                    state.put(id, 2);
                    path.remove(top);
                    next.remove(top);
                    continue;
                }
                next.set(top, i + 1);
                String dep = out.get(i);
                Integer s = state.get(dep);
                if (s == null) {
                    state.put(dep, 1);
                    path.add(dep);
                    next.add(0);
                } else if (s == 1) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dep), path.size()));
                    if (reported.add(new HashSet<>(cycle))) {
                        cycle.add(dep);
                        problems.add(new Problem(paths.get(index.get(cycle.get(0))) + ".dependencies",
                                "dependency cycle: " + String.join(" -> ", cycle)));
                    }
                }
            }
        }
    }

    /**
     * A follow-up becomes known only when its parent completes. A task that waits, through follow-ups
     * and dependencies, for itself can never be released: a task that is its own follow-up, two tasks
     * that are each other's follow-up, a parent that depends on its own follow-up. Cycles made of
     * dependencies alone are reported by {@link #dependencyCycles}.
     */
    static void releaseCycles(List<ProjectSpec.TaskSpec> tasks, List<String> paths, Map<String, Integer> index,
                              List<Problem> problems) {
        Map<String, List<String>> waitsFor = new LinkedHashMap<>();
        Map<String, List<String>> parents = new HashMap<>();
        for (ProjectSpec.TaskSpec t : tasks) {
            if (t != null && t.taskId() != null) {
                for (String child : t.followUpsOrEmpty()) {
                    parents.computeIfAbsent(child, k -> new ArrayList<>()).add(t.taskId());
                }
            }
        }
        for (String id : index.keySet()) {
            List<String> next = new ArrayList<>(parents.getOrDefault(id, List.of()));
            tasks.get(index.get(id)).dependenciesOrEmpty().stream().filter(index::containsKey).forEach(next::add);
            waitsFor.put(id, next);
        }
        Set<Set<String>> reported = new HashSet<>();
        for (String start : index.keySet()) {
            if (!parents.containsKey(start)) {
                continue; // a cycle through a follow-up edge passes through the follow-up itself
            }
            List<String> cycle = findCycle(start, waitsFor);
            if (cycle != null && involvesFollowUp(cycle, parents) && reported.add(new HashSet<>(cycle))) {
                problems.add(new Problem(paths.get(index.get(start)),
                        "can never be released: it waits for itself through follow-ups and dependencies: "
                                + String.join(" waits for ", cycle)));
            }
        }
    }

    /** The shortest path from {@code start} back to itself along "waits for" edges, or null. */
    private static List<String> findCycle(String start, Map<String, List<String>> waitsFor) {
        Map<String, String> cameFrom = new HashMap<>();
        java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : waitsFor.getOrDefault(at, List.of())) {
                if (next.equals(start)) {
                    List<String> cycle = new ArrayList<>();
                    for (String n = at; n != null; n = cameFrom.get(n)) {
                        cycle.add(0, n);
                    }
                    cycle.add(start);
                    return cycle;
                }
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private static boolean involvesFollowUp(List<String> cycle, Map<String, List<String>> parents) {
        for (int i = 0; i + 1 < cycle.size(); i++) {
            if (parents.getOrDefault(cycle.get(i), List.of()).contains(cycle.get(i + 1))) {
                return true;
            }
        }
        return false;
    }
}
