package io.conclave.model.scheduling;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.groups.Default;

import io.conclave.model.project.Between;

/**
 * The meeting to place. It may start on any date from {@code date} to {@code latestDate} (null: on
 * {@code date} only), at any grain step from {@code windowStart} while it ends by {@code windowEnd}
 * (minutes since midnight; default 08:00-18:00, where the original scheduler's coordinator starts), and lasts
 * {@code durationMinutes}. It needs {@code minimumParticipants} attendees. {@code priority} 1-5 (null:
 * none) lets it displace commitments of lower priority. {@code recurrence} null means it happens once.
 *
 * <p>The constraints say what a field is on its own; {@link NegotiationValidator} judges the fields together (the
 * latest date, the duration in its window, a meeting held every working day starting on one). A booked meeting
 * (group {@link Booked}) is judged as a one-off meeting: its recurrence is not.
 */
public record MeetingToPlace(@Label(groups = {Default.class, Booked.class}) String name,
                             @Day(groups = {Default.class, Booked.class}) LocalDate date, LocalDate latestDate,
                             int durationMinutes,
                             @Between(min = 1, groups = {Default.class, Booked.class}) int minimumParticipants,
                             @Between(min = 1, max = 5, groups = {Default.class, Booked.class}) Integer priority,
                             int windowStart, int windowEnd, @Valid Recurrence recurrence) {
    /** The constraints of a booked meeting's definition. */
    public interface Booked {
    }

    public static final int DEFAULT_WINDOW_START = 8 * 60;
    public static final int DEFAULT_WINDOW_END = 18 * 60;

    /** A one-off meeting on one date in the default window, without priority: the original scheduler's {@code Meeting}. */
    public static MeetingToPlace of(String name, LocalDate date, int durationMinutes, int minimumParticipants) {
        return new MeetingToPlace(name, date, null, durationMinutes, minimumParticipants, null, DEFAULT_WINDOW_START,
                DEFAULT_WINDOW_END, null);
    }

    public MeetingToPlace withPriority(Integer p) {
        return new MeetingToPlace(name, date, latestDate, durationMinutes, minimumParticipants, p, windowStart, windowEnd,
                recurrence);
    }

    public MeetingToPlace withWindow(int start, int end) {
        return new MeetingToPlace(name, date, latestDate, durationMinutes, minimumParticipants, priority, start, end,
                recurrence);
    }

    public MeetingToPlace withLatestDate(LocalDate last) {
        return new MeetingToPlace(name, date, last, durationMinutes, minimumParticipants, priority, windowStart, windowEnd,
                recurrence);
    }

    public MeetingToPlace withRecurrence(Recurrence r) {
        return new MeetingToPlace(name, date, latestDate, durationMinutes, minimumParticipants, priority, windowStart,
                windowEnd, r);
    }

    /** The last date the meeting (its first occurrence) may start on. */
    public LocalDate lastDate() {
        return latestDate == null ? date : latestDate;
    }

    /** How many times it is held (1 without recurrence, or while the count of a recurrence is not decided). */
    public int occurrences() {
        return recurrence == null || !recurrence.countGiven() ? 1 : recurrence.count();
    }

    /** The date of occurrence {@code k} of a meeting whose first occurrence is on {@code first}. */
    public LocalDate occurrence(LocalDate first, int k) {
        return recurrence == null ? first : recurrence.occurrence(first, k);
    }

    /** Whether its first occurrence may be on {@code d}: any date, but a meeting held every working day starts on one. */
    public boolean mayStartOn(LocalDate d) {
        return recurrence == null || recurrence.every() != Recurrence.Every.WEEKDAY || Recurrence.working(d);
    }

    /** Start times per date: every grain step from the window start at which the meeting still ends in the window. */
    public int startsPerDay(int grainMinutes) {
        int span = windowEnd - windowStart - durationMinutes;
        return span < 0 ? 0 : span / grainMinutes + 1;
    }
}
