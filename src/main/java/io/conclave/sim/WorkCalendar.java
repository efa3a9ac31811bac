package io.conclave.sim;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.conclave.model.ProjectSpec;
import io.conclave.model.scheduling.DayTime;

/**
 * Working time of a calendar run: working hours (default 09:00-17:00) on working days (default Monday to
 * Friday), at minute precision. Work that does not fit a day continues at the start of the next working day.
 */
public final class WorkCalendar {
    public static final int DEFAULT_START = 9 * 60;
    public static final int DEFAULT_END = 17 * 60;
    public static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private final int startMinute;
    private final int endMinute;
    private final Set<DayOfWeek> days;

    public WorkCalendar(int startMinute, int endMinute, Set<DayOfWeek> days) {
        this.startMinute = startMinute;
        this.endMinute = endMinute;
        this.days = EnumSet.copyOf(days);
    }

    /** The calendar of a (validated) scheduling block; defaults for whatever it leaves out. */
    public static WorkCalendar of(ProjectSpec.Scheduling s) {
        int start = DEFAULT_START, end = DEFAULT_END;
        Set<DayOfWeek> days = WEEKDAYS;
        if (s != null && s.workingHours() != null) {
            Integer a = DayTime.minutes(s.workingHours().start());
            Integer b = DayTime.minutes(s.workingHours().end());
            start = a == null ? start : a;
            end = b == null ? end : b;
        }
        if (s != null && s.workingDays() != null && !s.workingDays().isEmpty()) {
            days = EnumSet.noneOf(DayOfWeek.class);
            for (String d : s.workingDays()) {
                days.add(ProjectSpec.Scheduling.day(d));
            }
        }
        return new WorkCalendar(start, end, days);
    }

    /** The first working moment at or after {@code t}. */
    public LocalDateTime next(LocalDateTime t) {
        LocalDateTime at = t;
        for (int i = 0; i < 8; i++) {
            int minute = at.getHour() * 60 + at.getMinute();
            if (days.contains(at.getDayOfWeek()) && minute < endMinute) {
                return minute >= startMinute ? at : dayAt(at, startMinute);
            }
            at = dayAt(at.plusDays(1), startMinute);
        }
        throw new IllegalStateException("no working day in a week");
    }

    /** When work of {@code hours} working hours started at {@code t} ends (an end of day is not moved on). */
    public LocalDateTime add(LocalDateTime t, double hours) {
        long left = Math.round(hours * 60);
        LocalDateTime at = next(t);
        while (true) {
            LocalDateTime dayEnd = dayAt(at, endMinute);
            long fits = Duration.between(at, dayEnd).toMinutes();
            if (left <= fits) {
                return at.plusMinutes(left);
            }
            left -= fits;
            at = next(dayEnd);
        }
    }

    boolean works(DayOfWeek d) {
        return days.contains(d);
    }

    String startText() {
        return text(startMinute);
    }

    String endText() {
        return text(endMinute);
    }

    private static String text(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }

    /** The end of the working day of {@code t}'s date. */
    public LocalDateTime endOfDay(LocalDateTime t) {
        return dayAt(t, endMinute);
    }

    private static LocalDateTime dayAt(LocalDateTime t, int minute) {
        return minute == DayTime.DAY ? t.toLocalDate().plusDays(1).atStartOfDay()
                : t.toLocalDate().atTime(LocalTime.of(minute / 60, minute % 60));
    }
}
