package io.conclave.api.meeting;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The meeting scheduler's own protocol over REST: the mode {@code hourly_walk}, its output {@code agreed_slots} (in
 * both modes), which mode compares dates, and the recurrences the scheduler's "weekly, monthly, etc." implies. Every
 * expected answer is walked through by hand in the test.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class SchedulerWalkResourceTest {
    private static final String PATH = "/api/scheduling/negotiations";
    /** The scheduler's keys: its TimeSlot as Python prints it. */
    private static final String NINE = "TimeSlot(date='2024-07-21', start_time=9, end_time=10)";
    private static final String TEN = "TimeSlot(date='2024-07-21', start_time=10, end_time=11)";

    private static ValidatableResponse post(String body) {
        return api().contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    /** The scheduler's example with a mode: {@code "mode": "hourly_walk"} added to its body. */
    private static String walk(int minimum) {
        return SchedulingResourceTest.seed(minimum).replaceFirst("\\{", "{\"mode\": \"hourly_walk\", ");
    }

    /*
     * The scheduler's own example as its coordinator runs it (Alice 9-12 & 14-18, Bob 10-13 & 15-17, one hour,
     * minimum 3):
     *   round 1, 08:00-09:00: neither range of Alice (from 9) nor of Bob (from 10) covers it: both reject, so the
     *            coordinator asks about the next hour;
     *   round 2, 09:00-10:00: Alice's 9-12 covers it, she accepts (agreed_slots[09-10] = [Alice]); Bob rejects;
     *   round 3, 10:00-11:00: both accept (agreed_slots[10-11] = [Alice, Bob]); 2 < 3, and nobody rejected, so the
     *            scheduler's coordinator, which moves on only after a rejection, waits there for ever.
     * Its answer: no meeting, agreed_slots with those two keys.
     */
    @Test
    void theHourlyWalkGivesTheSchedulersAnswerOnItsOwnExample() {
        post(walk(3)).statusCode(200)
                .body(jsonPath("mode", equalTo("hourly_walk")))
                .body(jsonPath("compare_dates", equalTo(false)))
                .body(jsonPath("slot", nullValue()))
                .body(jsonPath("attendees", hasSize(0)))
                .body(jsonPath("rounds", equalTo(3)))
                .body(jsonPath("agreed_slots", aMapWithSize(2)))
                .body(jsonPath("agreed_slots",
                        equalTo(java.util.Map.of(NINE, List.of("Alice"), TEN, List.of("Alice", "Bob")))))
                .body(jsonPath("seed_walk_rounds", nullValue()))
                .body(jsonPath("reason",
                        equalTo("hourly walk stops in round 3 at 2024-07-21 10:00-11:00: all 2 participant(s) "
                        + "accepted it, fewer than the 3 needed; the scheduler's coordinator moves on only after a "
                        + "rejection, so it would wait there for ever")))
                .body(jsonPath("explanation.rule",
                        equalTo("Walk: everyone accepted but too few, so the scheduler would wait for ever")));
    }

    /*
     * Minimum 2: the same walk agrees 10:00-11:00 in round 3 (Alice and Bob accept it). Broadcasting on the 15-minute
     * grain finds the same slot, and its agreed_slots hold every one-hour candidate someone accepted: Alice takes
     * starts from 09:00 to 11:00 and 14:00 to 17:00, Bob from 10:00 to 12:00 and 15:00 to 16:00; together the starts
     * 09:00..12:00 (13) and 14:00..17:00 (13): 26 keys. 09:30 is Alice's alone, 12:00 Bob's alone.
     */
    @Test
    void withMinimumTwoBothModesHoldItAtTenAndEachListsWhatWasAccepted() {
        post(walk(2)).statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("10:00")))
                .body(jsonPath("attendees", contains("Alice", "Bob")))
                .body(jsonPath("rounds", equalTo(3)))
                .body(jsonPath("seed_walk_rounds", equalTo(3)))
                .body(jsonPath("agreed_slots",
                        equalTo(java.util.Map.of(NINE, List.of("Alice"), TEN, List.of("Alice", "Bob")))))
                .body(jsonPath("reason",
                        equalTo("hourly walk, round 3: 2024-07-21 10:00-11:00 with 2 (Alice, Bob) is the first "
                        + "slot at least 2 accept for 1 h")))
                .body(jsonPath("explanation.rule",
                        equalTo("Walk: the first slot enough participants accept is agreed")));
        post(SchedulingResourceTest.seed(2)).statusCode(200)
                .body(jsonPath("mode", equalTo("broadcast")))
                .body(jsonPath("compare_dates", equalTo(true)))
                .body(jsonPath("slot.start_time", equalTo("10:00")))
                .body(jsonPath("agreed_slots", aMapWithSize(26)))
                .body(jsonPath("agreed_slots", org.hamcrest.Matchers.hasEntry(
                        "TimeSlot(date='2024-07-21', start_time=9.5, end_time=10.5)", List.of("Alice"))))
                .body(jsonPath("agreed_slots", org.hamcrest.Matchers.hasEntry(TEN, List.of("Alice", "Bob"))))
                .body(jsonPath("agreed_slots", org.hamcrest.Matchers.hasEntry(
                        "TimeSlot(date='2024-07-21', start_time=12, end_time=13)", List.of("Bob"))));
    }

    /*
     * Both free from 09:30 (Alice to 12:00, Bob to 13:00), minimum 2. Broadcasting on the 15-minute grain: 09:30 is the
     * first start both cover. The scheduler's walk never asks about 09:30: 08:00 and 09:00 are rejected by both
     * (neither covers 09:00-09:30), 10:00 is accepted by both, agreed in round 3. agreed_slots of the walk holds 10-11
     * only (nobody accepted the earlier hours).
     */
    @Test
    void broadcastingCanPickHalfPastNineWhichTheWalkNeverAsksAbout() {
        String both = """
                {"mode": "%s", "meeting": {"name": "Sync", "date": "2024-07-21", "duration": 1, "minimum_participants": 2},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": "09:30", "end_time": 12}]},
                   {"name": "Bob", "available_times": [{"date": "2024-07-21", "start_time": 9.5, "end_time": 13}]}]}
                """;
        post(both.formatted("broadcast")).statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("09:30")))
                .body(jsonPath("rounds", equalTo(1)));
        post(both.formatted("hourly_walk")).statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("10:00")))
                .body(jsonPath("rounds", equalTo(3)))
                .body(jsonPath("agreed_slots", equalTo(java.util.Map.of(TEN, List.of("Alice", "Bob")))));
    }

    /*
     * The scheduler's overlap test compares hours, not dates. The meeting is on 2024-07-22; Alice declared only
     * 2024-07-21 09-12, Bob 2024-07-22 09-12; minimum 2.
     *   hourly walk (dates not compared, as the scheduler): 08:00 both reject; 09:00 Alice accepts on her range of the
     *   21st, Bob on his of the 22nd: agreed 2024-07-22 09:00-10:00 in round 2.
     *   broadcast (dates compared): Alice is never available on the 22nd, so no slot; the closest is Bob alone at the
     *   first start his range covers, 09:00.
     *   hourly walk with compare_dates true: Alice rejects every hour, so each round has a rejection and the walk goes on
     *   08:00 .. 17:00 (10 rounds, the last hour that ends by 18:00), then no hour is left.
     */
    @Test
    void theWalkComparesHoursAloneAsTheSchedulerDoesUnlessAskedToCompareDates() {
        String body = """
                {"mode": "%s", %s "meeting": {"name": "Review", "date": "2024-07-22", "duration": 1, "minimum_participants": 2},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": 9, "end_time": 12}]},
                   {"name": "Bob", "available_times": [{"date": "2024-07-22", "start_time": 9, "end_time": 12}]}]}
                """;
        post(body.formatted("hourly_walk", "")).statusCode(200)
                .body(jsonPath("compare_dates", equalTo(false)))
                .body(jsonPath("slot.date", equalTo("2024-07-22")))
                .body(jsonPath("slot.start_time", equalTo("09:00")))
                .body(jsonPath("attendees", contains("Alice", "Bob")))
                .body(jsonPath("rounds", equalTo(2)));
        post(body.formatted("broadcast", "")).statusCode(200)
                .body(jsonPath("slot", nullValue()))
                .body(jsonPath("reason",
                        equalTo("no slot has 2 participants available for 1 h; best: 2024-07-22 09:00-10:00 with 1 (Bob)")));
        post(body.formatted("hourly_walk", "\"compare_dates\": true,")).statusCode(200)
                .body(jsonPath("compare_dates", equalTo(true)))
                .body(jsonPath("slot", nullValue()))
                .body(jsonPath("rounds", equalTo(10)))
                .body(jsonPath("explanation.rule", equalTo("Walk: no hour is left in the window")))
                .body(jsonPath("reason",
                        equalTo("hourly walk: none of the 10 hour(s) asked had 2 participants available for 1 h; "
                        + "best: 2024-07-22 09:00-10:00 with 1 (Bob)")));
    }

    /*
     * A daily meeting of three occurrences from Monday 2024-07-22: Alice 9-12 on the 22nd, 23rd and 24th; Bob 10-13 on
     * the 22nd and 23rd but 11-13 on the 24th. Both are free in every occurrence from 11:00 (Bob on the 24th) to 12:00
     * (Alice): the only hour-long slot is 11:00-12:00, held on the 22nd, 23rd and 24th.
     */
    @Test
    void aDailyMeetingIsHeldOnConsecutiveDays() {
        String body = """
                {"meeting": {"name": "Stand-up", "date": "2024-07-22", "duration": 1, "minimum_participants": 2,
                             "recurrence": {"every": "day", "count": 3}},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-22", "start_time": 9, "end_time": 12},
                                                         {"date": "2024-07-23", "start_time": 9, "end_time": 12},
                                                         {"date": "2024-07-24", "start_time": 9, "end_time": 12}]},
                   {"name": "Bob", "available_times": [{"date": "2024-07-22", "start_time": 10, "end_time": 13},
                                                       {"date": "2024-07-23", "start_time": 10, "end_time": 13},
                                                       {"date": "2024-07-24", "start_time": 11, "end_time": 13}]}]}
                """;
        post(body).statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("11:00")))
                .body(jsonPath("occurrences.date", contains("2024-07-22", "2024-07-23", "2024-07-24")))
                .body(jsonPath("reason", containsString("in each of 3 daily occurrences")));
    }

    /*
     * The words the scheduler's "weekly, monthly, etc." implies, each negotiated over four occurrences by the rule
     * "A recurrence named by a word alone is negotiated over its next four occurrences" (one participant free all day):
     *   "daily" from 2024-07-21: 21, 22, 23, 24 July;
     *   "weekdays" from Friday 2024-07-26: Friday 26, Monday 29, Tuesday 30, Wednesday 31 July;
     *   "biweekly" from 2024-07-21: 21 July, 4 and 18 August, 1 September;
     *   "quarterly" from 2024-01-31: 31 January, 30 April, 31 July, 31 October (the 31st or the month's last day);
     *   "yearly" from 2024-02-29: 29 February 2024, then 28 February 2025, 2026, 2027.
     */
    @Test
    void recurrenceWordsBeyondWeeklyAndMonthly() {
        occurrences("daily", "2024-07-21", "2024-07-21", "2024-07-22", "2024-07-23", "2024-07-24");
        occurrences("weekdays", "2024-07-26", "2024-07-26", "2024-07-29", "2024-07-30", "2024-07-31");
        occurrences("biweekly", "2024-07-21", "2024-07-21", "2024-08-04", "2024-08-18", "2024-09-01");
        occurrences("quarterly", "2024-01-31", "2024-01-31", "2024-04-30", "2024-07-31", "2024-10-31");
        occurrences("yearly", "2024-02-29", "2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28");
    }

    private static void occurrences(String word, String date, String... expected) {
        StringBuilder free = new StringBuilder();
        for (String d : expected) {
            free.append(free.length() == 0 ? "" : ", ").append("{\"date\": \"").append(d)
                    .append("\", \"start_time\": 0, \"end_time\": 24}");
        }
        post("""
                {"meeting": {"name": "Recurring", "date": "%s", "duration": 1, "minimum_participants": 1,
                             "recurrence": "%s"},
                 "participants": [{"name": "Alice", "available_times": [%s]}]}
                """.formatted(date, word, free)).statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("08:00")))
                .body(jsonPath("occurrences.date", contains(expected)));
    }

    @Test
    void badModesDatesAndRecurrencesAreRefusedAtTheirPath() {
        refused("\"mode\": \"round_robin\",", "{\"every\": \"week\", \"count\": 2}", "2024-07-22", "$.mode",
                "must be \"broadcast\" or \"hourly_walk\"");
        refused("\"compare_dates\": \"yes\",", "{\"every\": \"week\", \"count\": 2}", "2024-07-22", "$.compare_dates",
                "must be true or false");
        refused("", "\"hourly\"", "2024-07-22", "$.meeting.recurrence",
                "must be \"daily\", \"weekdays\", \"weekly\", \"biweekly\", \"monthly\", \"quarterly\" or \"yearly\"");
        refused("", "{\"every\": \"fortnight\", \"count\": 2}", "2024-07-22", "$.meeting.recurrence.every",
                "must be \"day\", \"weekday\", \"week\", \"month\" or \"year\"");
        refused("", "{\"every\": \"week\", \"interval\": 0, \"count\": 2}", "2024-07-22", "$.meeting.recurrence.interval",
                "must be between 1 and 12, was 0");
        refused("", "{\"every\": \"weekday\", \"count\": 2}", "2024-07-27", "$.meeting.date",
                "a meeting held every working day starts on one (Monday to Friday), not on Saturday 2024-07-27");
    }

    private static void refused(String top, String recurrence, String date, String path, String message) {
        post("""
                {%s "meeting": {"name": "M", "date": "%s", "duration": 1, "minimum_participants": 1, "recurrence": %s},
                 "participants": [{"name": "Alice", "available_times": [{"date": "%s", "start_time": 9, "end_time": 12}]}]}
                """.formatted(top, date, recurrence, date)).statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo(path)))
                .body(jsonPath("details[0].message", containsString(message)));
    }
}
