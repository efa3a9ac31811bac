package io.conclave.model;

import java.time.LocalDateTime;

/**
 * When a task may start at the earliest in a calendar run, as the planning rules decided (timeline.drl):
 * its scheduled date (distributed) or the start date (same_day), later if a dependency finished after it
 * and dates auto-adjust ({@code shifted}). {@code late} marks a task whose dependency finished after its
 * plan when dates do not adjust. The simulator rounds {@code at} into working time.
 */
@org.kie.api.definition.type.ClassReactive
public final class PlannedStart implements Fact {
    private final String taskId;
    private final LocalDateTime planned;
    private LocalDateTime at;
    private String reason;
    private boolean shifted;
    private boolean late;

    public PlannedStart(String taskId, LocalDateTime at, String reason) {
        this.taskId = taskId;
        this.planned = at;
        this.at = at;
        this.reason = reason;
    }

    public String getTaskId() { return taskId; }
    /** The plan before any shift. */
    public LocalDateTime getPlanned() { return planned; }
    public LocalDateTime getAt() { return at; }
    public String getReason() { return reason; }
    public boolean isShifted() { return shifted; }
    public boolean isLate() { return late; }

    /** Moves the plan to {@code to} (auto_adjust_dates). */
    public void shiftTo(LocalDateTime to, String why) {
        this.at = to;
        this.reason = why;
        this.shifted = true;
    }

    /** Keeps the plan but records that the task cannot start on it. */
    public void markLate(String why) {
        this.reason = why;
        this.late = true;
    }

    @Override
    public String factKey() { return taskId; }

    @Override
    public String describe() {
        return "planned start of " + taskId + " " + at + (shifted ? " (shifted)" : "") + (late ? " (late)" : "");
    }
}
