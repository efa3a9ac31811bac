package io.conclave.model.scheduling;

import io.conclave.model.PolicySetting;

/**
 * Where a meeting task's time is looked for: within {@code days} days from the task's scheduled date
 * (else the project's start date), and, when {@code notBeforeScheduledTime}, not before the task's
 * scheduled time on that first day. Given by a rule of {@code rules/scheduling/meeting_tasks.drl}; without
 * it a meeting task is held without a negotiated time.
 */
public final class MeetingTaskWindow extends PolicySetting {
    private final int days;
    private final boolean notBeforeScheduledTime;

    public MeetingTaskWindow(int days, boolean notBeforeScheduledTime) {
        if (days < 1) {
            throw new IllegalArgumentException("a meeting task's window is 1 day or more, not " + days);
        }
        this.days = days;
        this.notBeforeScheduledTime = notBeforeScheduledTime;
    }

    public int getDays() { return days; }
    public boolean isNotBeforeScheduledTime() { return notBeforeScheduledTime; }

    @Override
    public String toString() {
        return "meeting tasks within " + days + " day(s) from their date"
                + (notBeforeScheduledTime ? ", not before their scheduled time" : "");
    }
}
