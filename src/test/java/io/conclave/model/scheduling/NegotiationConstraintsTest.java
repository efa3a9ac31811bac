package io.conclave.model.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.Problem;

/**
 * The order of a negotiation's value problems, now that the values are judged by constraints on the request's records
 * and the relations by {@link NegotiationValidator}: the order the check always gave, derived from its reading order
 * (the grain; the meeting's name, dates, duration, participants, priority, window, recurrence, and then whether it
 * starts on a working day; each participant's name, times, preferences and commitments; each booked meeting).
 */
class NegotiationConstraintsTest {

    private static final LocalDate SUNDAY = LocalDate.parse("2024-07-21");

    @Test
    void problemsComeInTheOrderTheRequestIsRead() {
        // the meeting: no name, latest date before its date, no duration, nobody needed, priority 9, a window that ends
        // before it starts, held every working day 0 times from a Sunday; the weekday problem is said last of it
        MeetingToPlace meeting = new MeetingToPlace(" ", SUNDAY, SUNDAY.minusDays(1), 0, 0, 9, 12 * 60, 9 * 60,
                new Recurrence(Recurrence.Every.WEEKDAY, 0));
        ParticipantSpec alice = new ParticipantSpec("Alice", List.of(new TimeRange(SUNDAY, 12 * 60, 12 * 60)),
                List.of(new Preference(new TimeRange(SUNDAY, 9 * 60, 10 * 60), 11)), List.of());
        ParticipantSpec alice2 = new ParticipantSpec("Alice", List.of(), List.of(),
                List.of(new Commitment("Standup", new TimeRange(LocalDate.parse("1899-12-31"), 9 * 60, 25 * 60), 0)));
        // a booked meeting may not recur, and no participant holds "Ghost"
        MeetingToPlace ghost = MeetingToPlace.of("Ghost", SUNDAY, 60, 1).withRecurrence(new Recurrence(Recurrence.Every.WEEK, 2));
        NegotiationRequest r = new NegotiationRequest(meeting, List.of(alice, alice2), 7, List.of(ghost));
        assertEquals(List.of(
                new Problem("$.grain_minutes", "must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60), was 7"),
                new Problem("$.meeting.name", "must not be empty"),
                new Problem("$.meeting.latest_date", "must be from date 2024-07-21 to 366 days later, was 2024-07-20"),
                new Problem("$.meeting.duration", "must be more than 0 and at most 24 h, was 0 min"),
                new Problem("$.meeting.minimum_participants", "must be at least 1, was 0"),
                new Problem("$.meeting.priority", "must be between 1 and 5, was 9"),
                new Problem("$.meeting.window.end_time", "must be after start_time 12:00, was 09:00"),
                new Problem("$.meeting.recurrence.count", "must be between 1 and 52, was 0"),
                new Problem("$.meeting.date", "a meeting held every working day starts on one (Monday to Friday), not on"
                        + " Sunday 2024-07-21"),
                new Problem("$.participants[0].available_times[0].end_time", "must be after start_time 12:00, was 12:00"),
                new Problem("$.participants[0].preferences[0].score", "must be between 0 and 10, was 11.0"),
                new Problem("$.participants[1].name", "duplicate participant name 'Alice'"),
                new Problem("$.participants[1].commitments[0].date", "must be in the years 1900-9999, was 1899-12-31"),
                new Problem("$.participants[1].commitments[0].end_time", "must be between 00:00 and 24:00"),
                new Problem("$.participants[1].commitments[0].priority", "must be between 1 and 5, was 0"),
                new Problem("$.booked_meetings[0].recurrence",
                        "a booked meeting is renegotiated as a one-off meeting: recurrence is not supported"),
                new Problem("$.booked_meetings[0].name", "no participant has a commitment to 'Ghost'")),
                NegotiationValidator.validate(r));
    }
}
