package io.conclave.app.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;

import io.conclave.app.Checks;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.scheduling.DayTime;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.NegotiationMode;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationValidator;
import io.conclave.model.scheduling.Recurrence;
import io.conclave.model.scheduling.TimeRange;

/**
 * Binding and checking negotiation requests as {@link SchedulingService} does (the shared binder, with a plain Bean
 * Validation factory): times, lengths, recurrences as a word or an object, and every problem at its JSON path.
 */
class NegotiationBindingTest {
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Checks CHECKS = new Checks(FACTORY.getValidator());

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    /** The request a body binds to; {@code problems} gets the problems of its form (then the request is null). */
    private static NegotiationRequest read(String json, List<Problem> problems) throws JsonProcessingException {
        try {
            return SchedulingService.read(CHECKS, Json.MAPPER.readTree(json));
        } catch (CommandException e) {
            assertEquals(CommandException.Kind.INVALID, e.kind());
            assertEquals(e.problems().size() + " problem(s) in the request", e.getMessage());
            problems.addAll(e.problems());
            return null;
        }
    }

    static final String VALID = """
            {"meeting": {"name": "Meeting 1", "date": "2024-07-21", "duration": 1, "minimum_participants": 2},
             "participants": [
               {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": 9, "end_time": 12}]},
               {"name": "Bob", "available_times": [{"date": "2024-07-21", "start_time": 10, "end_time": 13}]}]}
            """;

    private static Integer minutes(String json) throws JsonProcessingException {
        return DayTime.minutes(Json.MAPPER.readTree(json));
    }

    @Test
    void timesOfDayAreHoursOrClockText() throws JsonProcessingException {
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("9", 540);
        cases.put("9.5", 570);
        cases.put("9.25", 555);
        cases.put("9.3333", 560);       // within 0.01 min of 09:20
        cases.put("0", 0);
        cases.put("24", 1440);
        cases.put("\"09:30\"", 570);
        cases.put("\"9:30\"", 570);
        cases.put("\"00:00\"", 0);
        cases.put("\"24:00\"", 1440);
        cases.put("\"25:00\"", null);
        cases.put("\"24:01\"", null);
        cases.put("\"9:7x\"", null);
        cases.put("\"12:60\"", null);
        cases.put("\"9\"", null);       // text must be H:MM
        cases.put("\"9.5\"", null);
        cases.put("\"NaN\"", null);
        cases.put("-1", null);
        cases.put("24.5", null);
        cases.put("9.01", null);        // 9 h 0.6 min: not a whole minute
        cases.put("1e400", null);       // infinite
        cases.put("true", null);
        cases.put("null", null);
        cases.put("[9]", null);
        cases.forEach((json, expected) -> {
            try {
                assertEquals(expected, minutes(json), json);
            } catch (JsonProcessingException e) {
                throw new AssertionError(json, e);
            }
        });
    }

    @Test
    void clockTimesAreWrittenWithTwoDigits() {
        assertEquals("09:05", DayTime.format(545));
        assertEquals("24:00", DayTime.format(1440));
        assertEquals("1 h 30 min", DayTime.length(90));
        assertEquals("45 min", DayTime.length(45));
        assertEquals("2 h", DayTime.length(120));
    }

    @Test
    void aValidBodyIsReadWithItsDefaults() throws JsonProcessingException {
        List<Problem> problems = new ArrayList<>();
        NegotiationRequest r = read(VALID, problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of(), NegotiationValidator.validate(r));
        assertEquals(15, r.grainMinutes());
        MeetingToPlace m = r.meeting();
        assertEquals(LocalDate.parse("2024-07-21"), m.date());
        assertEquals(60, m.durationMinutes());
        assertEquals(8 * 60, m.windowStart());
        assertEquals(18 * 60, m.windowEnd());
        assertEquals(null, m.priority());
        assertEquals(null, m.recurrence());
        assertEquals(new TimeRange(LocalDate.parse("2024-07-21"), 600, 780), r.participants().get(1).availableTimes().get(0));
    }

    @Test
    void formatProblemsAreReportedTogetherAtTheirPaths() throws JsonProcessingException {
        String body = """
                {"meeting": {"name": 7, "date": "2024-13-01", "duration": -1, "minimum_participants": "three",
                             "window": {"start_time": "8:00", "end_time": "late"},
                             "recurrence": {"every": "hour", "count": 2.5}},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": "25:00", "end_time": 12}],
                    "preferences": [{"date": "2024-07-21", "start_time": 9, "end_time": 10, "score": "high"}]},
                   {"name": "Bob", "available_times": {"date": "2024-07-21"},
                    "commitments": [{"date": "2024-07-21", "start_time": 9, "end_time": "9:7x"}]}],
                 "grain_minutes": 7.5}
                """;
        List<Problem> problems = new ArrayList<>();
        read(body, problems);
        Map<String, String> byPath = new LinkedHashMap<>();
        problems.forEach(p -> byPath.put(p.path(), p.message()));
        assertEquals(List.of("$.meeting.name", "$.meeting.date", "$.meeting.duration", "$.meeting.minimum_participants",
                "$.meeting.window.end_time", "$.meeting.recurrence.every", "$.meeting.recurrence.count",
                "$.participants[0].available_times[0].start_time", "$.participants[0].preferences[0].score",
                "$.participants[1].available_times", "$.participants[1].commitments[0].end_time",
                "$.participants[1].commitments[0].meeting", "$.grain_minutes"), new ArrayList<>(byPath.keySet()));
        assertEquals("must be a string", byPath.get("$.meeting.name"));
        assertEquals("must be a date such as \"2024-07-21\"", byPath.get("$.meeting.date"));
        assertTrue(byPath.get("$.meeting.duration").startsWith("must be a length"), byPath.get("$.meeting.duration"));
        assertEquals("must be a whole number", byPath.get("$.meeting.minimum_participants"));
        assertEquals("must be \"day\", \"weekday\", \"week\", \"month\" or \"year\"",
                byPath.get("$.meeting.recurrence.every"));
        assertTrue(byPath.get("$.participants[0].available_times[0].start_time").startsWith("must be a time of day"));
        assertEquals("must be an array, not an object", byPath.get("$.participants[1].available_times"));
        assertEquals("is required", byPath.get("$.participants[1].commitments[0].meeting"));
        assertEquals("must be a whole number", byPath.get("$.grain_minutes"));
    }

    @Test
    void valueProblemsAreReportedTogetherAtTheirPaths() throws JsonProcessingException {
        String body = """
                {"meeting": {"name": " ", "date": "2024-07-21", "latest_date": "2024-07-20", "duration": 0,
                             "minimum_participants": 0, "priority": 9,
                             "window": {"start_time": 12, "end_time": 9}, "recurrence": {"every": "week", "count": 0}},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": 12, "end_time": 12}],
                    "preferences": [{"date": "2024-07-21", "start_time": 9, "end_time": 10, "score": 11}]},
                   {"name": "Alice", "commitments": [{"meeting": "Standup", "date": "1899-12-31", "start_time": 9,
                                                      "end_time": 10, "priority": 0}]},
                   {"name": ""}],
                 "booked_meetings": [{"name": "Ghost", "date": "2024-07-21", "duration": 1, "minimum_participants": 1}],
                 "grain_minutes": 7}
                """;
        List<Problem> format = new ArrayList<>();
        NegotiationRequest r = read(body, format);
        assertEquals(List.of(), format, "every value is well formed");
        Map<String, String> byPath = new LinkedHashMap<>();
        NegotiationValidator.validate(r).forEach(p -> byPath.put(p.path(), p.message()));
        assertEquals("must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60), was 7", byPath.get("$.grain_minutes"));
        assertEquals("must not be empty", byPath.get("$.meeting.name"));
        assertEquals("must be from date 2024-07-21 to 366 days later, was 2024-07-20", byPath.get("$.meeting.latest_date"));
        assertEquals("must be more than 0 and at most 24 h, was 0 min", byPath.get("$.meeting.duration"));
        assertEquals("must be at least 1, was 0", byPath.get("$.meeting.minimum_participants"));
        assertEquals("must be between 1 and 5, was 9", byPath.get("$.meeting.priority"));
        assertEquals("must be after start_time 12:00, was 09:00", byPath.get("$.meeting.window.end_time"));
        assertEquals("must be between 1 and 52, was 0", byPath.get("$.meeting.recurrence.count"));
        assertEquals("must be after start_time 12:00, was 12:00", byPath.get("$.participants[0].available_times[0].end_time"));
        assertEquals("must be between 0 and 10, was 11.0", byPath.get("$.participants[0].preferences[0].score"));
        assertEquals("duplicate participant name 'Alice'", byPath.get("$.participants[1].name"));
        assertEquals("must be in the years 1900-9999, was 1899-12-31", byPath.get("$.participants[1].commitments[0].date"));
        assertEquals("must be between 1 and 5, was 0", byPath.get("$.participants[1].commitments[0].priority"));
        assertEquals("must not be empty", byPath.get("$.participants[2].name"));
        assertEquals("no participant has a commitment to 'Ghost'", byPath.get("$.booked_meetings[0].name"));
        assertEquals(15, byPath.size(), byPath.toString());
    }

    @Test
    void aMeetingLongerThanItsWindowAndOversizedSearchesAreRefused() throws JsonProcessingException {
        List<Problem> format = new ArrayList<>();
        NegotiationRequest r = read((VALID.replace("\"duration\": 1", "\"duration\": \"11:00\"")), format);
        assertEquals(List.of(new Problem("$.meeting.duration", "11 h does not fit in the window 08:00-18:00")),
                NegotiationValidator.validate(r));

        // a year of dates at a one-minute grain: 365 dates (21 Jul 2024 to 20 Jul 2025) x 541 starts (08:00 to 17:00)
        NegotiationRequest huge = read((VALID.replace("\"duration\": 1",
                "\"duration\": 1, \"latest_date\": \"2025-07-20\"").replace("\"participants\"", "\"grain_minutes\": 1, \"participants\"")), format);
        assertEquals(List.of(), format);
        List<Problem> problems = NegotiationValidator.validate(huge);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("$.meeting", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("asks about 197465 slot(s)"), problems.get(0).message());
    }

    @Test
    void aBodyThatIsNotAnObjectIsOneProblem() throws JsonProcessingException {
        for (String body : List.of("[]", "3", "\"meeting\"", "null")) {
            List<Problem> problems = new ArrayList<>();
            read(body, problems);
            assertEquals(List.of(new Problem("$", "a negotiation request must be a JSON object")), problems, body);
        }
        List<Problem> problems = new ArrayList<>();
        assertEquals(null, read("{}", problems));
        assertEquals(List.of(new Problem("$.meeting", "is required"), new Problem("$.participants", "is required")), problems);
    }

    @Test
    void unknownFieldsAreRefusedWithTheFieldMeant() throws JsonProcessingException {
        List<Problem> problems = new ArrayList<>();
        read(VALID.replace("\"participants\"", "\"grain\": 15, \"participants\""), problems);
        assertEquals(List.of(new Problem("$.grain", "unknown field, did you mean 'grain_minutes'? Known fields: "
                + "[booked_meetings, compare_dates, grain_minutes, meeting, mode, participants]")), problems);
        problems.clear();
        read(VALID.replace("\"duration\": 1", "\"duration\": 1, \"latest\": \"2024-07-22\""), problems);
        assertEquals(List.of(new Problem("$.meeting.latest", "unknown field, did you mean 'latest_date'? Known fields: "
                + "[date, duration, latest_date, minimum_participants, name, priority, recurrence, window]")), problems);
    }

    @Test
    void aRecurrenceIsAWordOrAnObject() throws JsonProcessingException {
        List<Problem> problems = new ArrayList<>();
        String recurring = VALID.replace("\"duration\": 1", "\"duration\": 1, \"recurrence\": %s");
        assertEquals(new Recurrence(Recurrence.Every.WEEK, Recurrence.UNSPECIFIED, 2),
                read(recurring.formatted("\"biweekly\""), problems).meeting().recurrence());
        assertEquals(new Recurrence(Recurrence.Every.MONTH, 3, 1),
                read(recurring.formatted("{\"every\": \"month\", \"count\": 3}"), problems).meeting().recurrence());
        assertEquals(new Recurrence(Recurrence.Every.DAY, 2, 4),
                read(recurring.formatted("{\"every\": \"day\", \"interval\": 4, \"count\": 2}"), problems)
                        .meeting().recurrence());
        assertEquals(List.of(), problems);
        String words = "must be \"daily\", \"weekdays\", \"weekly\", \"biweekly\", \"monthly\", \"quarterly\" or "
                + "\"yearly\", or { \"every\": \"day\" | \"weekday\" | \"week\" | \"month\" | \"year\", "
                + "\"interval\"?: 1-12, \"count\": 1-52 }";
        for (String bad : List.of("\"hourly\"", "5", "[\"weekly\"]", "true")) {
            problems.clear();
            read(recurring.formatted(bad), problems);
            assertEquals(List.of(new Problem("$.meeting.recurrence", words)), problems, bad);
        }
        problems.clear();
        read(recurring.formatted("{\"every\": \"week\", \"times\": 2}"), problems);
        assertEquals(List.of(new Problem("$.meeting.recurrence.times", "unknown field. Known fields: [count, every, interval]"),
                new Problem("$.meeting.recurrence.count", "is required")), problems);
    }

    @Test
    void modesDatesAndFlagsAreReadTheSharedWay() throws JsonProcessingException {
        List<Problem> problems = new ArrayList<>();
        NegotiationRequest walk = read(VALID.replace("\"participants\"",
                "\"mode\": \"hourly_walk\", \"compare_dates\": true, \"participants\""), problems);
        assertEquals(List.of(), problems);
        assertEquals(NegotiationMode.HOURLY_WALK, walk.mode());
        assertEquals(true, walk.compareDates());
        read(VALID.replace("\"participants\"", "\"mode\": \"round_robin\", \"compare_dates\": \"yes\", "
                + "\"participants\"").replace("\"date\": \"2024-07-21\", \"duration\"", "\"date\": 20240721, \"duration\""),
                problems);
        assertEquals(List.of(new Problem("$.meeting.date", "must be a date such as \"2024-07-21\""),
                new Problem("$.mode", "must be \"broadcast\" or \"hourly_walk\""),
                new Problem("$.compare_dates", "must be true or false")), problems);
    }

    @Test
    void missingItemsAndNumbersThatAreNotWholeAreProblemsOfTheForm() throws JsonProcessingException {
        List<Problem> problems = new ArrayList<>();
        read(VALID.replace("\"available_times\": [{\"date\": \"2024-07-21\", \"start_time\": 9, \"end_time\": 12}]",
                "\"available_times\": [null]").replace("\"minimum_participants\": 2", "\"minimum_participants\": 2.0")
                .replace("{\"name\": \"Bob\"", "null, {\"name\": \"Bob\""), problems);
        // no coercion, as for every input: 2.0 is not a whole number
        assertEquals(List.of(new Problem("$.meeting.minimum_participants", "must be a whole number"),
                new Problem("$.participants[0].available_times[0]", "is required"),
                new Problem("$.participants[1]", "is required")), problems);
    }
}
