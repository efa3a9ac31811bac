package io.conclave.model.scheduling;

import io.conclave.model.PolicySetting;

/**
 * When an attendee of a meeting task who declared no availability is free: from {@code from} to
 * {@code to} ("HH:MM", "24:00" the end of the day) on every day of the task's window. Given by a rule of
 * {@code rules/scheduling/meeting_tasks.drl}; without it such an attendee is free at no time.
 */
public final class UndeclaredAvailability extends PolicySetting {
    private final int start;
    private final int end;

    /** Free from {@code from} to {@code to}, both "HH:MM" ("00:00" to "24:00" is all day). */
    public UndeclaredAvailability(String from, String to) {
        Integer s = DayTime.fromClock(from);
        Integer e = DayTime.fromClock(to);
        if (s == null || e == null || s >= e) {
            throw new IllegalArgumentException("free hours are \"HH:MM\" to a later \"HH:MM\", not " + from + " to " + to);
        }
        this.start = s;
        this.end = e;
    }

    /** Minutes since midnight the free hours start. */
    public int getStart() { return start; }
    /** Minutes since midnight the free hours end (excluded). */
    public int getEnd() { return end; }

    @Override
    public String toString() {
        return "an attendee who declared no availability is free " + DayTime.format(start) + "-" + DayTime.format(end);
    }
}
