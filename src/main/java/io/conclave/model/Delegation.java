package io.conclave.model;

/**
 * A hierarchical task being handed down the reporting lines while it is served: the manager that
 * holds it at this step ({@code at}, null for the top of the tree) and how many steps it went down.
 * Inserted and moved by the rules of delegation.drl; gone once the task is placed.
 */
public class Delegation implements Described {
    private final Task task;
    private String at;
    private int steps;

    public Delegation(Task task, String at) {
        this.task = task;
        this.at = at;
    }

    public Task getTask() { return task; }
    public String getAt() { return at; }
    public void setAt(String at) { this.at = at; }
    public int getSteps() { return steps; }
    public void setSteps(int steps) { this.steps = steps; }

    @Override
    public String describe() {
        return "delegation of task " + task.getTaskId() + " at " + (at == null ? "the top of the tree" : at)
                + " after " + steps + " step(s)";
    }
}
