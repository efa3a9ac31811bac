package io.conclave.model;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of a project session by id, kept by the engine as tasks are inserted and deleted, for the rules
 * to read (the DRL global {@code tasks}). A rule that handles a command naming a task finds it here
 * ({@code Task(...) from tasks.named($id)}) instead of joining every task: a task then sits in no memory of
 * those rules, and assigning it no longer walks them. Nothing here decides anything. Not thread-safe: the
 * session's owner serialises every call.
 */
public final class TaskIndex {
    private final Map<String, Task> byId = new HashMap<>();
    private final Set<String> ids = Collections.unmodifiableSet(byId.keySet());
    private final Collection<Task> all = Collections.unmodifiableCollection(byId.values());
    private int lastLoadOrder = Integer.MIN_VALUE;
    private boolean lastKnown = true;

    /** The task with this id as a list of one, or an empty list: what a {@code from} reads. */
    public List<Task> named(String taskId) {
        Task t = taskId == null ? null : byId.get(taskId);
        return t == null ? List.of() : List.of(t);
    }

    /** The ids of every task, a live read-only view. */
    public Set<String> ids() {
        return ids;
    }

    /**
     * Every task, a live read-only view in no particular order: for a rule that counts or collects tasks only when
     * a notice asks (a day's start, an interrupt), where an accumulate over {@code Task()} would hold every task in
     * its memory and be walked at each of a task's changes in every project.
     */
    public Collection<Task> all() {
        return all;
    }

    /** The highest load order of any task (the accumulate {@code max(loadOrder)} over every task). */
    public int lastLoadOrder() {
        if (!lastKnown) {
            lastLoadOrder = Integer.MIN_VALUE;
            for (Task t : byId.values()) {
                lastLoadOrder = Math.max(lastLoadOrder, t.getLoadOrder());
            }
            lastKnown = true;
        }
        return lastLoadOrder;
    }

    /** A task entered working memory (the engine's listener calls this). */
    public void add(Task t) {
        byId.put(t.getTaskId(), t);
        if (lastKnown) {
            lastLoadOrder = Math.max(lastLoadOrder, t.getLoadOrder());
        }
    }

    /** A task left working memory; a task of the same id inserted since is kept. */
    public void remove(Task t) {
        if (byId.get(t.getTaskId()) == t) {
            byId.remove(t.getTaskId());
            lastKnown = false;
        }
    }
}
