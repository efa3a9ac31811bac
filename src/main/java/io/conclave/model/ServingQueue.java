package io.conclave.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Function;

import org.kie.api.definition.type.ClassReactive;

/**
 * The cursor over READY tasks in the order the policy serves them. The policy builds it (its
 * {@code servingLine} function keys each ready task by the serving order, {@link #byKey}), the serving rules look at
 * {@link #getHead()} and advance. One queue at a time per session, so each assignment sees the workload
 * left by the previous one without re-joining every task with every agent.
 *
 * <p>When agents were freed in the command ({@link FreedAgent}), the queue also offers the waiting tasks
 * of the project's {@link WaitingLine}, merged into the same order: a head that is a waiting task is the
 * rules' to wake (it gets another look) or pass over. The rules stop the offer once none of the freed agents
 * has capacity left, so the tasks behind are not looked at again: they would only wait again.
 */
@ClassReactive
public class ServingQueue implements Described {
    private final NavigableMap<String, Task> ready;
    private final WaitingLine waiting;
    private final List<String> freedAgents;
    private boolean offeringWaiting;
    private String headKey;
    private Task head;
    private boolean headWaiting;
    private int position;
    private int offered;

    /** A queue of ready tasks alone, in the given order (keys of their position). */
    public ServingQueue(List<Task> order) {
        this(byPosition(order), null, List.of());
    }

    /**
     * A queue of the ready tasks by serving key, offering the waiting tasks of {@code waiting} too while
     * {@code freedAgents} is not empty.
     */
    public ServingQueue(NavigableMap<String, Task> ready, WaitingLine waiting, List<String> freedAgents) {
        this.ready = ready;
        this.waiting = waiting;
        this.freedAgents = List.copyOf(freedAgents);
        this.offeringWaiting = waiting != null && !freedAgents.isEmpty();
        next();
    }

    /**
     * The tasks by the policy's serving key (scoring.drl {@code servingKey}), what the queue takes in key order: a
     * new sorted map, each task under its key (a later task with the same key replaces an earlier one; the
     * policy's keys end with the task id, so none do).
     */
    public static NavigableMap<String, Task> byKey(Collection<Task> tasks, Function<Task, String> key) {
        NavigableMap<String, Task> out = new java.util.TreeMap<>();
        for (Task t : tasks) {
            out.put(key.apply(t), t);
        }
        return out;
    }

    private static NavigableMap<String, Task> byPosition(List<Task> order) {
        NavigableMap<String, Task> out = new java.util.TreeMap<>();
        for (int i = 0; i < order.size(); i++) {
            out.put(String.format("%09d", i), order.get(i));
        }
        return out;
    }

    private void next() {
        Map.Entry<String, Task> r = headKey == null ? ready.firstEntry() : ready.higherEntry(headKey);
        Map.Entry<String, Task> w = offeringWaiting ? waiting.after(headKey) : null;
        if (w != null && (r == null || w.getKey().compareTo(r.getKey()) < 0)) {
            headKey = w.getKey();
            head = w.getValue();
            headWaiting = true;
            offered++;
        } else if (r != null) {
            headKey = r.getKey();
            head = r.getValue();
            headWaiting = false;
        } else {
            head = null;
            headWaiting = false;
        }
    }

    /** The task being served, or null once the queue is exhausted. */
    public Task getHead() {
        return head;
    }

    /** Id of the head task (null when exhausted), so rules can join on it through an index. */
    public String getHeadTaskId() {
        return head == null ? null : head.getTaskId();
    }

    /** True when the head is a waiting task the queue offers to the freed agents (not one of the ready tasks). */
    public boolean isHeadWaiting() {
        return headWaiting;
    }

    /** The agents freed in this command, to whom the waiting tasks are offered. */
    public List<String> getFreedAgents() {
        return freedAgents;
    }

    /** True while the queue offers waiting tasks. */
    public boolean isOfferingWaiting() {
        return offeringWaiting;
    }

    /** Offers no more waiting tasks (the head stays until it is served). */
    public void stopOfferingWaiting() {
        offeringWaiting = false;
    }

    public void advance() {
        if (head != null) {
            position++;
            next();
        }
    }

    /** How many heads were served so far. */
    public int getPosition() { return position; }

    /** The ready tasks the queue was built with and the waiting tasks it offered so far. */
    public int getSize() { return ready.size() + offered; }

    @Override
    public String describe() {
        return "serving queue at " + (position + 1) + " of " + getSize();
    }
}
