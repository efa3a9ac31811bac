package io.conclave.model.scheduling;

import java.time.LocalDate;

/** A stretch of one day: a date and minutes since midnight, {@code start} included, {@code end} excluded. */
@WithinDay
public record TimeRange(@Day LocalDate date, int start, int end) {

    /** From hours as numbers, the original scheduler's way: {@code TimeRange.hours("2024-07-21", 9, 12)}; 9.5 = 09:30. */
    public static TimeRange hours(String date, double start, double end) {
        return new TimeRange(LocalDate.parse(date), (int) Math.round(start * 60), (int) Math.round(end * 60));
    }

    /** Whether the whole of [from, to) on {@code day} lies inside this range. */
    public boolean covers(LocalDate day, int from, int to) {
        return date.equals(day) && start <= from && to <= end;
    }

    /** Whether some minute of [from, to) on {@code day} lies inside this range (touching ends do not overlap). */
    public boolean overlaps(LocalDate day, int from, int to) {
        return date.equals(day) && start < to && from < end;
    }

    @Override
    public String toString() {
        return date + " " + DayTime.format(start) + "-" + DayTime.format(end);
    }
}
