package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Problem;

/**
 * Reads the REST body of a negotiation (the original scheduler's shape, snake_case) into a {@link NegotiationRequest},
 * checking types and formats with JSON paths: objects, arrays, strings, whole numbers, dates
 * ("2024-07-21"), times of day (hours as a number, 9.5 = 09:30, or "HH:MM") and lengths (hours, or
 * "H:MM"). Values and relations are {@link NegotiationValidator}'s to check. Absent and null are the same.
 */
public final class NegotiationJson {
    private static final String TIME = "must be a time of day: hours from 0 to 24 as a number in whole minutes "
            + "(9.5 = 09:30) or \"HH:MM\" from 00:00 to 24:00";
    private static final String LENGTH = "must be a length: hours as a number in whole minutes (1.5 = 1 h 30 min) "
            + "or \"H:MM\", at most 24 h";

    private final List<Problem> problems;

    private NegotiationJson(List<Problem> problems) {
        this.problems = problems;
    }

    /** The request in {@code body}; format problems are added to {@code problems} (then the request is incomplete). */
    public static NegotiationRequest read(JsonNode body, List<Problem> problems) {
        NegotiationJson r = new NegotiationJson(problems);
        if (body == null || !body.isObject()) {
            problems.add(new Problem("$", "a negotiation request must be a JSON object"));
            return null;
        }
        MeetingToPlace meeting = r.meeting(body.get("meeting"), "$.meeting");
        List<ParticipantSpec> participants = r.list(body, "participants", "$", true,
                NegotiationValidator.MAX_PARTICIPANTS, r::participant);
        Integer grain = r.integer(body, "grain_minutes", "$", false);
        List<MeetingToPlace> booked = r.list(body, "booked_meetings", "$", false,
                NegotiationValidator.MAX_BOOKED_MEETINGS, r::meeting);
        String modeWord = r.text(body, "mode", "$", false);
        NegotiationMode mode = modeWord == null ? NegotiationMode.BROADCAST : NegotiationMode.of(modeWord);
        if (mode == null) {
            problems.add(new Problem("$.mode", "must be \"broadcast\" or \"hourly_walk\", was \"" + modeWord + "\""));
        }
        Boolean compareDates = r.bool(body, "compare_dates", "$");
        return new NegotiationRequest(meeting, participants, grain == null ? NegotiationRequest.DEFAULT_GRAIN : grain, booked,
                mode, compareDates);
    }

    private MeetingToPlace meeting(JsonNode m, String at) {
        if (!object(m, at, true)) {
            return null;
        }
        String name = text(m, "name", at, true);
        LocalDate date = date(m, "date", at, true);
        LocalDate latest = date(m, "latest_date", at, false);
        Integer duration = minutes(m, "duration", at, true, LENGTH);
        Integer minimum = integer(m, "minimum_participants", at, true);
        Integer priority = integer(m, "priority", at, false);
        int start = MeetingToPlace.DEFAULT_WINDOW_START;
        int end = MeetingToPlace.DEFAULT_WINDOW_END;
        JsonNode w = m.get("window");
        if (object(w, at + ".window", false)) {
            Integer s = minutes(w, "start_time", at + ".window", false, TIME);
            Integer e = minutes(w, "end_time", at + ".window", false, TIME);
            start = s == null ? start : s;
            end = e == null ? end : e;
        }
        return new MeetingToPlace(name, date, latest, duration == null ? 0 : duration, minimum == null ? 0 : minimum,
                priority, start, end, recurrence(m.get("recurrence"), at + ".recurrence"));
    }

    private Recurrence recurrence(JsonNode r, String at) {
        if (r != null && r.isTextual()) {
            // the original scheduler's form: a word, the count left to the policy
            Recurrence named = Recurrence.named(r.asText());
            if (named == null) {
                add(at, "must be " + Recurrence.WORDS + ", or { \"every\": \"day\" | \"weekday\" | \"week\" | "
                        + "\"month\" | \"year\", \"interval\"?: 1-" + Recurrence.MAX_INTERVAL + ", \"count\": 1-"
                        + NegotiationValidator.MAX_OCCURRENCES + " }, was \"" + r.asText() + "\"");
            }
            return named;
        }
        if (!object(r, at, false)) {
            return null;
        }
        String every = text(r, "every", at, true);
        Recurrence.Every e = every == null ? null : Recurrence.Every.of(every);
        if (every != null && e == null) {
            add(at + ".every", "must be \"day\", \"weekday\", \"week\", \"month\" or \"year\", was \"" + every + "\"");
        }
        Integer count = integer(r, "count", at, true);
        Integer interval = integer(r, "interval", at, false);
        return new Recurrence(e, count == null ? 0 : count, interval == null ? 1 : interval);
    }

    private ParticipantSpec participant(JsonNode p, String at) {
        if (!object(p, at, true)) {
            return null;
        }
        int max = NegotiationValidator.MAX_ENTRIES;
        return new ParticipantSpec(text(p, "name", at, true),
                list(p, "available_times", at, false, max, this::range),
                list(p, "preferences", at, false, max, (n, pat) -> {
                    TimeRange time = range(n, pat);
                    Double score = number(n, "score", pat);
                    return time == null ? null : new Preference(time, score == null ? 0 : score);
                }),
                list(p, "commitments", at, false, max, (n, cat) -> {
                    TimeRange time = range(n, cat);
                    return time == null ? null
                            : new Commitment(text(n, "meeting", cat, true), time, integer(n, "priority", cat, false));
                }));
    }

    private TimeRange range(JsonNode n, String at) {
        if (!object(n, at, true)) {
            return null;
        }
        LocalDate date = date(n, "date", at, true);
        Integer start = minutes(n, "start_time", at, true, TIME);
        Integer end = minutes(n, "end_time", at, true, TIME);
        return new TimeRange(date, start == null ? 0 : start, end == null ? 0 : end);
    }

    private <T> List<T> list(JsonNode parent, String field, String at, boolean required, int max,
                             BiFunction<JsonNode, String, T> item) {
        JsonNode a = value(parent, field, at, required);
        List<T> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        if (!a.isArray()) {
            add(at + "." + field, "must be an array");
        } else if (a.size() > max) {
            add(at + "." + field, "at most " + max + " entries, listed " + a.size());
        } else {
            for (int i = 0; i < a.size(); i++) {
                T read = item.apply(a.get(i), at + "." + field + "[" + i + "]");
                if (read != null) {
                    // an unreadable item is a problem already: the request is refused before paths matter
                    out.add(read);
                }
            }
        }
        return out;
    }

    private boolean object(JsonNode n, String at, boolean required) {
        if (n == null || n.isNull()) {
            if (required) {
                add(at, "is required");
            }
            return false;
        }
        if (!n.isObject()) {
            add(at, "must be an object");
            return false;
        }
        return true;
    }

    /** The field's value; null when absent or JSON null (a problem if required). */
    private JsonNode value(JsonNode parent, String field, String at, boolean required) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                add(at + "." + field, "is required");
            }
            return null;
        }
        return v;
    }

    private String text(JsonNode parent, String field, String at, boolean required) {
        JsonNode v = value(parent, field, at, required);
        if (v != null && !v.isTextual()) {
            add(at + "." + field, "must be a string");
            return null;
        }
        return v == null ? null : v.textValue();
    }

    private Integer integer(JsonNode parent, String field, String at, boolean required) {
        JsonNode v = value(parent, field, at, required);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() != Math.rint(v.doubleValue())
                || Math.abs(v.doubleValue()) > 1_000_000_000) {
            add(at + "." + field, "must be a whole number, was " + v);
            return null;
        }
        return (int) v.doubleValue();
    }

    private Boolean bool(JsonNode parent, String field, String at) {
        JsonNode v = value(parent, field, at, false);
        if (v != null && !v.isBoolean()) {
            add(at + "." + field, "must be true or false, was " + v);
            return null;
        }
        return v == null ? null : v.booleanValue();
    }

    private Double number(JsonNode parent, String field, String at) {
        JsonNode v = value(parent, field, at, true);
        if (v != null && (!v.isNumber() || !Double.isFinite(v.doubleValue()))) {
            add(at + "." + field, "must be a number, was " + v);
            return null;
        }
        return v == null ? null : v.doubleValue();
    }

    private LocalDate date(JsonNode parent, String field, String at, boolean required) {
        JsonNode v = value(parent, field, at, required);
        if (v == null) {
            return null;
        }
        try {
            if (v.isTextual()) {
                return LocalDate.parse(v.textValue());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        add(at + "." + field, "must be a date such as \"2024-07-21\", was " + v);
        return null;
    }

    private Integer minutes(JsonNode parent, String field, String at, boolean required, String format) {
        JsonNode v = value(parent, field, at, required);
        if (v == null) {
            return null;
        }
        Integer m = DayTime.minutes(v);
        if (m == null) {
            add(at + "." + field, format + ", was " + v);
        }
        return m;
    }

    private void add(String path, String message) {
        problems.add(new Problem(path, message));
    }
}
