package io.conclave.model.run;

import java.time.LocalDate;

/**
 * Notice a simulated run posts when its clock enters a new calendar day after the first: day 1 is
 * the day after the run's origin. Rules that act on the calendar (daily checkpoints, review
 * frequency, weekly status meetings) match it; run.drl discards it afterwards.
 */
public record DayStarted(String runId, int day, LocalDate date) {
    public String getRunId() { return runId; }
    public int getDay() { return day; }
    public LocalDate getDate() { return date; }
    /** MONDAY..SUNDAY. */
    public String getWeekday() { return date.getDayOfWeek().name(); }
}
