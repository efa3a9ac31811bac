package io.conclave.model.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.model.Json;
import io.conclave.model.Problem;

/** Reading and checking negotiation requests: times, lengths, and every problem at its JSON path. */
class NegotiationJsonTest {

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
        NegotiationRequest r = NegotiationJson.read(Json.MAPPER.readTree(VALID), problems);
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
        NegotiationJson.read(Json.MAPPER.readTree(body), problems);
        Map<String, String> byPath = new LinkedHashMap<>();
        problems.forEach(p -> byPath.put(p.path(), p.message()));
        assertEquals(List.of("$.meeting.name", "$.meeting.date", "$.meeting.duration", "$.meeting.minimum_participants",
                "$.meeting.window.end_time", "$.meeting.recurrence.every", "$.meeting.recurrence.count",
                "$.participants[0].available_times[0].start_time", "$.participants[0].preferences[0].score",
                "$.participants[1].available_times", "$.participants[1].commitments[0].end_time",
                "$.participants[1].commitments[0].meeting", "$.grain_minutes"), new ArrayList<>(byPath.keySet()));
        assertEquals("must be a string", byPath.get("$.meeting.name"));
        assertEquals("must be a date such as \"2024-07-21\", was \"2024-13-01\"", byPath.get("$.meeting.date"));
        assertTrue(byPath.get("$.meeting.duration").startsWith("must be a length"), byPath.get("$.meeting.duration"));
        assertEquals("must be a whole number, was \"three\"", byPath.get("$.meeting.minimum_participants"));
        assertEquals("must be \"day\", \"weekday\", \"week\", \"month\" or \"year\", was \"hour\"",
                byPath.get("$.meeting.recurrence.every"));
        assertTrue(byPath.get("$.participants[0].available_times[0].start_time").endsWith("was \"25:00\""));
        assertEquals("must be an array", byPath.get("$.participants[1].available_times"));
        assertEquals("is required", byPath.get("$.participants[1].commitments[0].meeting"));
        assertEquals("must be a whole number, was 7.5", byPath.get("$.grain_minutes"));
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
        NegotiationRequest r = NegotiationJson.read(Json.MAPPER.readTree(body), format);
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
        NegotiationRequest r = NegotiationJson.read(Json.MAPPER.readTree(VALID.replace("\"duration\": 1", "\"duration\": \"11:00\"")), format);
        assertEquals(List.of(new Problem("$.meeting.duration", "11 h does not fit in the window 08:00-18:00")),
                NegotiationValidator.validate(r));

        // a year of dates at a one-minute grain: 365 dates (21 Jul 2024 to 20 Jul 2025) x 541 starts (08:00 to 17:00)
        NegotiationRequest huge = NegotiationJson.read(Json.MAPPER.readTree(VALID.replace("\"duration\": 1",
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
            NegotiationJson.read(Json.MAPPER.readTree(body), problems);
            assertEquals(List.of(new Problem("$", "a negotiation request must be a JSON object")), problems, body);
        }
        List<Problem> problems = new ArrayList<>();
        assertNotNull(NegotiationJson.read(Json.MAPPER.readTree("{}"), problems));
        assertEquals(List.of(new Problem("$.meeting", "is required"), new Problem("$.participants", "is required")), problems);
    }
}
