package io.conclave.model.scheduling;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conclave.model.Problem;
import io.conclave.model.Violations;
import io.conclave.model.Violations.Found;

/**
 * Checks a negotiation request's values and their relations, every problem at once, each at the JSON
 * path it has in the REST body ({@code $.participants[1].available_times[0].end_time}). What a value is on its own
 * (names, dates, ranges, a grain that divides the hour, a stretch of a day that ends after it starts, the limits that
 * keep one request from occupying the service) is said by constraints on the request's records and judged by Bean
 * Validation ({@link Violations}); what depends on several values is judged here: the latest date, a meeting that
 * fits its window, a meeting held every working day starting on one, unique names, booked meetings that someone
 * holds, and the size of the whole search.
 *
 * <p>The problems come in the order this check has always given them: the grain, the meeting, each participant, each
 * booked meeting, field by field as {@link #ORDER} ranks them (a problem between fields where the reading met it).
 */
public final class NegotiationValidator {
    public static final int MAX_PARTICIPANTS = 2_000;
    /** Most entries in one participant's list (available times, preferences, commitments). */
    public static final int MAX_ENTRIES = 1_000;
    public static final int MAX_BOOKED_MEETINGS = 50;
    public static final int MAX_DAYS = 366;
    public static final int MAX_OCCURRENCES = 52;
    /** Most candidate slots x occurrences one negotiation asks about. */
    public static final int MAX_CANDIDATES = 10_000;
    /** Most single answers (candidate slots x occurrences x participants) one negotiation collects. */
    public static final long MAX_ANSWERS = 5_000_000;

    /** The order in which the fields of each record are reported (JSON names); the others come after, as declared. */
    private static final Map<Class<?>, List<String>> ORDER = Map.of(
            NegotiationRequest.class, List.of("grain_minutes", "meeting", "participants", "booked_meetings"),
            MeetingToPlace.class, List.of("name", "date", "latest_date", "duration", "minimum_participants", "priority",
                    "window", "recurrence"),
            TimeRange.class, List.of("date", "start_time", "end_time"));
    private static final int MEETING = 1;
    private static final int PARTICIPANTS = 2;
    private static final int BOOKED = 3;

    private NegotiationValidator() {
    }

    public static List<Problem> validate(NegotiationRequest r) {
        if (r == null) {
            return new ArrayList<>(List.of(new Problem("$", "a negotiation request is required")));
        }
        List<Found> found = new ArrayList<>(Violations.of(r, "$", List.of(), ORDER));
        meeting(r.meeting(), "$.meeting", List.of(MEETING), false, found);
        Set<String> committed = participants(r.participants(), found);
        booked(r, committed, found);
        List<Problem> problems = new ArrayList<>(found.stream().sorted(Found.IN_ORDER).map(Found::problem).toList());
        if (problems.isEmpty()) {
            // the hourly walk asks about one start an hour, whatever the grain
            size(r.meeting(), r.participants().size(), r.mode() == NegotiationMode.HOURLY_WALK ? 60 : r.grainMinutes(),
                    "$.meeting", problems);
            for (int i = 0; i < r.bookedMeetings().size(); i++) {
                size(r.bookedMeetings().get(i), r.participants().size(), r.grainMinutes(), "$.booked_meetings[" + i + "]",
                        problems);
            }
        }
        return problems;
    }

    /** What a meeting's fields are together: its dates, its duration in its window, its recurrence. */
    private static void meeting(MeetingToPlace m, String at, List<Integer> place, boolean booked, List<Found> found) {
        if (m == null) {
            return; // required: the request's constraint says so
        }
        if (m.latestDate() != null && m.date() != null) {
            long days = ChronoUnit.DAYS.between(m.date(), m.latestDate());
            if (days < 0 || days >= MAX_DAYS) {
                add(found, place, m, "latest_date", 0, at + ".latest_date", "must be from date " + m.date() + " to "
                        + MAX_DAYS + " days later, was " + m.latestDate());
            }
        }
        if (m.durationMinutes() <= 0 || m.durationMinutes() > DayTime.DAY) {
            add(found, place, m, "duration", 0, at + ".duration", "must be more than 0 and at most 24 h, was "
                    + m.durationMinutes() + " min");
        }
        List<Problem> window = times(m.windowStart(), m.windowEnd(), at + ".window");
        for (int i = 0; i < window.size(); i++) {
            add(found, place, m, "window", i, window.get(i).path(), window.get(i).message());
        }
        if (window.isEmpty() && m.durationMinutes() > m.windowEnd() - m.windowStart()) {
            // said after the window, where the reading meets it
            add(found, place, m, "window", 2, at + ".duration", DayTime.length(m.durationMinutes())
                    + " does not fit in the window " + DayTime.format(m.windowStart()) + "-" + DayTime.format(m.windowEnd()));
        }
        Recurrence r = m.recurrence();
        if (r != null && booked) {
            add(found, place, m, "recurrence", 0, at + ".recurrence",
                    "a booked meeting is renegotiated as a one-off meeting: recurrence is not supported");
        } else if (r != null && r.every() == Recurrence.Every.WEEKDAY && m.date() != null && !Recurrence.working(m.date())) {
            // said after the recurrence's own fields
            add(found, place, m, "recurrence", Integer.MAX_VALUE, at + ".date", "a meeting held every working day starts on"
                    + " one (Monday to Friday), not on "
                    + m.date().getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                    + " " + m.date());
        }
    }

    /** Participants' names once each; returns the meeting names of their commitments. */
    private static Set<String> participants(List<ParticipantSpec> participants, List<Found> found) {
        Set<String> committed = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < participants.size(); i++) {
            ParticipantSpec p = participants.get(i);
            if (p == null) {
                continue;
            }
            if (label(p.name()) && !names.add(p.name())) {
                add(found, List.of(PARTICIPANTS, i), p, "name", 0, "$.participants[" + i + "].name",
                        "duplicate participant name '" + p.name() + "'");
            }
            for (Commitment c : p.commitments()) {
                if (c != null && label(c.meeting())) {
                    committed.add(c.meeting());
                }
            }
        }
        return committed;
    }

    /** Each booked meeting, as a one-off meeting some participant holds. */
    private static void booked(NegotiationRequest r, Set<String> committed, List<Found> found) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < r.bookedMeetings().size(); i++) {
            MeetingToPlace b = r.bookedMeetings().get(i);
            String at = "$.booked_meetings[" + i + "]";
            meeting(b, at, List.of(BOOKED, i), true, found);
            if (b == null || b.name() == null || b.name().isBlank()) {
                continue;
            }
            String problem = !names.add(b.name()) ? "duplicate booked meeting '" + b.name() + "'"
                    : r.meeting() != null && b.name().equals(r.meeting().name())
                    ? "'" + b.name() + "' is the meeting being negotiated"
                    : !committed.contains(b.name()) ? "no participant has a commitment to '" + b.name() + "'" : null;
            if (problem != null) {
                // said after the booked meeting's own problems, where the reading meets it
                found.add(new Found(new Problem(at + ".name", problem), List.of(BOOKED, i, Integer.MAX_VALUE)));
            }
        }
    }

    private static void size(MeetingToPlace m, int participants, int grain, String at, List<Problem> problems) {
        long days = ChronoUnit.DAYS.between(m.date(), m.lastDate()) + 1;
        long asked = days * m.startsPerDay(grain) * m.occurrences();
        if (asked > MAX_CANDIDATES || asked * participants > MAX_ANSWERS) {
            problems.add(new Problem(at, "asks about " + asked + " slot(s) x occurrence(s) for " + participants
                    + " participant(s): at most " + MAX_CANDIDATES + " and " + MAX_ANSWERS
                    + " answers in all; narrow the dates or the window, or use a coarser grain"));
        }
    }

    /**
     * The problems of a start and an end within the day, the end after the start, at {@code at}'s
     * {@code .start_time} and {@code .end_time} (a time range's, a meeting window's).
     */
    static List<Problem> times(int start, int end, String at) {
        List<Problem> problems = new ArrayList<>();
        boolean startOk = start >= 0 && start <= DayTime.DAY;
        if (!startOk) {
            problems.add(new Problem(at + ".start_time", "must be between 00:00 and 24:00"));
        }
        if (end < 0 || end > DayTime.DAY) {
            problems.add(new Problem(at + ".end_time", "must be between 00:00 and 24:00"));
        } else if (startOk && end <= start) {
            problems.add(new Problem(at + ".end_time", "must be after start_time " + DayTime.format(start) + ", was "
                    + DayTime.format(end)));
        }
        return problems;
    }

    /** Whether a name passes {@link Label}. */
    private static boolean label(String name) {
        return name != null && !name.isBlank() && name.length() <= Label.MAX;
    }

    /**
     * A problem found here, placed in the document at field {@code field} of {@code record} (whose place is
     * {@code place}), then by {@code then} among the problems found here at that field; after the field's own.
     */
    private static void add(List<Found> found, List<Integer> place, Object record, String field, int then, String path,
                            String message) {
        List<Integer> at = new ArrayList<>(Violations.place(place, record, field, ORDER));
        at.add(then);
        found.add(new Found(new Problem(path, message), at));
    }
}
