package io.conclave.model;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The tasks waiting for an agent's capacity, in the policy's serving order: the rules put a task here
 * (under its serving key, the {@code servingKey} formula of scoring.drl) when it starts to wait, and a
 * serving queue offers them to the agents freed since ({@link ServingQueue}), from the first, for as long
 * as one of those agents has capacity left. So a freed agent's capacity goes to the waiting tasks in the
 * order the policy serves them without every waiting task being ranked again. A task that no longer waits
 * is dropped when the line reaches it. One line per project session; rules never constrain its content,
 * so it changes without {@code modify}.
 */
public final class WaitingLine {
    private final NavigableMap<String, Task> byKey = new TreeMap<>();
    private final Map<Task, String> keys = new HashMap<>();

    /** Puts a waiting task in line under {@code key}, moving it when it was in line under another key. */
    public void add(String key, Task task) {
        String old = keys.put(task, key);
        if (old != null && !old.equals(key)) {
            byKey.remove(old);
        }
        byKey.put(key, task);
    }

    /** The first task in line after {@code key} (from the start when null) that still waits, or null; drops those that do not. */
    Map.Entry<String, Task> after(String key) {
        Map.Entry<String, Task> e = key == null ? byKey.firstEntry() : byKey.higherEntry(key);
        while (e != null && !e.getValue().isWaiting()) {
            byKey.remove(e.getKey());
            keys.remove(e.getValue());
            e = byKey.higherEntry(e.getKey());
        }
        return e;
    }

    /** Tasks in line, including ones that stopped waiting and were not reached since. */
    public int size() {
        return byKey.size();
    }

    @Override
    public String toString() {
        return "waiting line of " + byKey.size() + " task(s)";
    }
}
