package io.conclave.model;

import org.kie.api.definition.type.ClassReactive;

/**
 * The work a time-sliced task has had so far: hours worked, windows given, and the hour its last
 * window ended (-1 before the first). Kept by rules/coordination/time_slicing.drl, which picks the next window by it.
 */
@ClassReactive
public final class TaskWork implements Fact {
    private final Task task;
    private final String agentId;
    private double workedHours;
    private int windows;
    private double lastEnd = -1;

    public TaskWork(Task task, String agentId) {
        this.task = task;
        this.agentId = agentId;
    }

    public Task getTask() { return task; }
    public String getTaskId() { return task.getTaskId(); }
    public String getAgentId() { return agentId; }
    public double getWorkedHours() { return workedHours; }
    public int getWindows() { return windows; }
    public double getLastEnd() { return lastEnd; }
    public double getRemainingHours() { return Math.max(0, task.getEstimatedHours() - workedHours); }

    /** Records a window of {@code hours} that ends at {@code end}. */
    public void worked(double hours, double end) {
        workedHours += hours;
        windows++;
        lastEnd = end;
    }

    @Override
    public String factKey() { return task.factKey(); }

    @Override
    public String describe() {
        return "work on " + task.getTaskId() + " by " + agentId + " [" + workedHours + " of " + task.getEstimatedHours()
                + " h in " + windows + " window(s)]";
    }
}
