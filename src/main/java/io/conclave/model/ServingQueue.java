package io.conclave.model;

import java.util.List;

import org.kie.api.definition.type.ClassReactive;

/**
 * The cursor over READY tasks in the order the policy serves them. The policy builds it (its
 * {@code servingOrder} function sorts), the serving rules look at {@link #getHead()} and advance.
 * One queue at a time per session, so each assignment sees the workload left by the previous one
 * without re-joining every task with every agent.
 */
@ClassReactive
public class ServingQueue implements Described {
    private final List<Task> order;
    private int position;

    public ServingQueue(List<Task> order) {
        this.order = List.copyOf(order);
    }

    /** The task being served, or null once the queue is exhausted. */
    public Task getHead() {
        return position < order.size() ? order.get(position) : null;
    }

    /** Id of the head task (null when exhausted), so rules can join on it through an index. */
    public String getHeadTaskId() {
        Task head = getHead();
        return head == null ? null : head.getTaskId();
    }

    public void advance() {
        position++;
    }

    public int getPosition() { return position; }

    public int getSize() { return order.size(); }

    @Override
    public String describe() {
        return "serving queue at " + (position + 1) + " of " + order.size();
    }
}
