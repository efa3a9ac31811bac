package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.conclave.model.Problem;

/**
 * Checks a negotiation request's values and their relations, every problem at once, each at the JSON
 * path it has in the REST body ({@code $.participants[1].available_times[0].end_time}): ranges, end
 * after start, unique names, a grain that divides the hour, a meeting that fits its window, and limits
 * that keep one request from occupying the service.
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

    private final List<Problem> problems = new ArrayList<>();

    private NegotiationValidator() {
    }

    public static List<Problem> validate(NegotiationRequest r) {
        NegotiationValidator v = new NegotiationValidator();
        if (r == null) {
            v.add("$", "a negotiation request is required");
            return v.problems;
        }
        boolean grainOk = r.grainMinutes() > 0 && 60 % r.grainMinutes() == 0;
        if (!grainOk) {
            v.add("$.grain_minutes", "must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60), was " + r.grainMinutes());
        }
        v.meeting(r.meeting(), "$.meeting", false);
        Set<String> committed = v.participants(r.participants());
        v.booked(r, committed);
        if (v.problems.isEmpty()) {
            // the hourly walk asks about one start an hour, whatever the grain
            v.size(r.meeting(), r.participants().size(), r.mode() == NegotiationMode.HOURLY_WALK ? 60 : r.grainMinutes(),
                    "$.meeting");
            for (int i = 0; i < r.bookedMeetings().size(); i++) {
                v.size(r.bookedMeetings().get(i), r.participants().size(), r.grainMinutes(), "$.booked_meetings[" + i + "]");
            }
        }
        return v.problems;
    }

    private void meeting(MeetingToPlace m, String at, boolean booked) {
        if (m == null) {
            add(at, "is required");
            return;
        }
        text(m.name(), at + ".name");
        date(m.date(), at + ".date");
        if (m.latestDate() != null && m.date() != null) {
            long days = ChronoUnit.DAYS.between(m.date(), m.latestDate());
            if (days < 0 || days >= MAX_DAYS) {
                add(at + ".latest_date", "must be from date " + m.date() + " to " + MAX_DAYS + " days later, was " + m.latestDate());
            }
        }
        if (m.durationMinutes() <= 0 || m.durationMinutes() > DayTime.DAY) {
            add(at + ".duration", "must be more than 0 and at most 24 h, was " + m.durationMinutes() + " min");
        }
        if (m.minimumParticipants() < 1) {
            add(at + ".minimum_participants", "must be at least 1, was " + m.minimumParticipants());
        }
        priority(m.priority(), at + ".priority");
        boolean window = times(m.windowStart(), m.windowEnd(), at + ".window");
        if (window && m.durationMinutes() > m.windowEnd() - m.windowStart()) {
            add(at + ".duration", DayTime.length(m.durationMinutes()) + " does not fit in the window "
                    + DayTime.format(m.windowStart()) + "-" + DayTime.format(m.windowEnd()));
        }
        Recurrence r = m.recurrence();
        if (r != null && booked) {
            add(at + ".recurrence", "a booked meeting is renegotiated as a one-off meeting: recurrence is not supported");
        } else if (r != null) {
            if (r.every() == null) {
                add(at + ".recurrence.every", "must be \"day\", \"weekday\", \"week\", \"month\" or \"year\"");
            }
            if (r.countGiven() && (r.count() < 1 || r.count() > MAX_OCCURRENCES)) {
                add(at + ".recurrence.count", "must be between 1 and " + MAX_OCCURRENCES + ", was " + r.count());
            }
            if (r.interval() < 1 || r.interval() > Recurrence.MAX_INTERVAL) {
                add(at + ".recurrence.interval", "must be between 1 and " + Recurrence.MAX_INTERVAL + ", was " + r.interval());
            }
            if (r.every() == Recurrence.Every.WEEKDAY && m.date() != null && !Recurrence.working(m.date())) {
                add(at + ".date", "a meeting held every working day starts on one (Monday to Friday), not on "
                        + m.date().getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                        + " " + m.date());
            }
        }
    }

    /** Checks the participants; returns the meeting names of their commitments. */
    private Set<String> participants(List<ParticipantSpec> participants) {
        Set<String> committed = new HashSet<>();
        if (participants.isEmpty() || participants.size() > MAX_PARTICIPANTS) {
            add("$.participants", "must list 1 to " + MAX_PARTICIPANTS + " participants, listed " + participants.size());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < participants.size(); i++) {
            ParticipantSpec p = participants.get(i);
            String at = "$.participants[" + i + "]";
            if (p == null) {
                add(at, "must be an object");
                continue;
            }
            if (text(p.name(), at + ".name") && !names.add(p.name())) {
                add(at + ".name", "duplicate participant name '" + p.name() + "'");
            }
            // Paths are built only for entries with a problem: a large request has thousands of fine ones.
            entries(p.availableTimes().size(), at + ".available_times");
            for (int j = 0; j < p.availableTimes().size(); j++) {
                if (!fine(p.availableTimes().get(j))) {
                    range(p.availableTimes().get(j), at + ".available_times[" + j + "]");
                }
            }
            entries(p.preferences().size(), at + ".preferences");
            for (int j = 0; j < p.preferences().size(); j++) {
                Preference pref = p.preferences().get(j);
                if (!fine(pref.time())) {
                    range(pref.time(), at + ".preferences[" + j + "]");
                }
                if (!(pref.score() >= 0 && pref.score() <= 10)) {
                    add(at + ".preferences[" + j + "].score", "must be between 0 and 10, was " + pref.score());
                }
            }
            entries(p.commitments().size(), at + ".commitments");
            for (int j = 0; j < p.commitments().size(); j++) {
                Commitment c = p.commitments().get(j);
                String cat = at + ".commitments[" + j + "]";
                if (text(c.meeting(), cat + ".meeting")) {
                    committed.add(c.meeting());
                }
                if (!fine(c.time())) {
                    range(c.time(), cat);
                }
                priority(c.priority(), cat + ".priority");
            }
        }
        return committed;
    }

    private void booked(NegotiationRequest r, Set<String> committed) {
        if (r.bookedMeetings().size() > MAX_BOOKED_MEETINGS) {
            add("$.booked_meetings", "at most " + MAX_BOOKED_MEETINGS + " definitions, listed " + r.bookedMeetings().size());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < r.bookedMeetings().size(); i++) {
            MeetingToPlace b = r.bookedMeetings().get(i);
            String at = "$.booked_meetings[" + i + "]";
            meeting(b, at, true);
            if (b == null || b.name() == null || b.name().isBlank()) {
                continue;
            }
            if (!names.add(b.name())) {
                add(at + ".name", "duplicate booked meeting '" + b.name() + "'");
            } else if (r.meeting() != null && b.name().equals(r.meeting().name())) {
                add(at + ".name", "'" + b.name() + "' is the meeting being negotiated");
            } else if (!committed.contains(b.name())) {
                add(at + ".name", "no participant has a commitment to '" + b.name() + "'");
            }
        }
    }

    private void size(MeetingToPlace m, int participants, int grain, String at) {
        long days = ChronoUnit.DAYS.between(m.date(), m.lastDate()) + 1;
        long asked = days * m.startsPerDay(grain) * m.occurrences();
        if (asked > MAX_CANDIDATES || asked * participants > MAX_ANSWERS) {
            add(at, "asks about " + asked + " slot(s) x occurrence(s) for " + participants + " participant(s): at most "
                    + MAX_CANDIDATES + " and " + MAX_ANSWERS + " answers in all; narrow the dates or the window, or use a coarser grain");
        }
    }

    /** True when {@link #range} would find nothing wrong. */
    private static boolean fine(TimeRange r) {
        return r != null && r.date() != null && r.date().getYear() >= 1900 && r.date().getYear() <= 9999
                && r.start() >= 0 && r.start() < r.end() && r.end() <= DayTime.DAY;
    }

    private void range(TimeRange r, String at) {
        if (r == null) {
            add(at, "must be an object");
            return;
        }
        date(r.date(), at + ".date");
        times(r.start(), r.end(), at);
    }

    /** A start and an end within the day, the end after the start; false when not. */
    private boolean times(int start, int end, String at) {
        boolean ok = true;
        if (start < 0 || start > DayTime.DAY) {
            add(at + ".start_time", "must be between 00:00 and 24:00");
            ok = false;
        }
        if (end < 0 || end > DayTime.DAY) {
            add(at + ".end_time", "must be between 00:00 and 24:00");
            ok = false;
        } else if (ok && end <= start) {
            add(at + ".end_time", "must be after start_time " + DayTime.format(start) + ", was " + DayTime.format(end));
            ok = false;
        }
        return ok;
    }

    private void date(LocalDate d, String at) {
        if (d == null) {
            add(at, "is required");
        } else if (d.getYear() < 1900 || d.getYear() > 9999) {
            add(at, "must be in the years 1900-9999, was " + d);
        }
    }

    private boolean text(String s, String at) {
        if (s == null || s.isBlank()) {
            add(at, "must not be empty");
            return false;
        }
        if (s.length() > 200) {
            add(at, "must be at most 200 characters");
            return false;
        }
        return true;
    }

    private void priority(Integer p, String at) {
        if (p != null && (p < 1 || p > 5)) {
            add(at, "must be between 1 and 5, was " + p);
        }
    }

    private void entries(int n, String at) {
        if (n > MAX_ENTRIES) {
            add(at, "at most " + MAX_ENTRIES + " entries, listed " + n);
        }
    }

    private void add(String path, String message) {
        problems.add(new Problem(path, message));
    }
}
