package io.conclave.api.meeting;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** POST /api/scheduling/negotiations: the original scheduler's example, displacement, recurrence, and every kind of bad input. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class SchedulingResourceTest {
    private static final String PATH = "/api/scheduling/negotiations";

    /** The original scheduler's example (Alice 9-12 & 14-18, Bob 10-13 & 15-17 on 2024-07-21, one hour) with a minimum. */
    public static String seed(int minimum) {
        return """
                {"meeting": {"name": "Meeting 1", "date": "2024-07-21", "duration": 1, "minimum_participants": %d},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": 9, "end_time": 12},
                                                         {"date": "2024-07-21", "start_time": 14, "end_time": 18}]},
                   {"name": "Bob", "available_times": [{"date": "2024-07-21", "start_time": 10, "end_time": 13},
                                                       {"date": "2024-07-21", "start_time": 15, "end_time": 17}]}]}
                """.formatted(minimum);
    }

    private static ValidatableResponse post(String body) {
        return api().contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    @Test
    void theSeedsExampleWithMinimumTwoIsHeldAtTen() {
        // Both are free for a whole hour from 10:00 (Bob arrives at 10, Alice leaves at 12): the earliest.
        post(seed(2)).statusCode(200)
                .body(jsonPath("meeting", equalTo("Meeting 1")))
                .body(jsonPath("slot.date", equalTo("2024-07-21")))
                .body(jsonPath("slot.start_time", equalTo("10:00")))
                .body(jsonPath("slot.end_time", equalTo("11:00")))
                .body(jsonPath("attendees", contains("Alice", "Bob")))
                .body(jsonPath("unavailable", hasSize(0)))
                .body(jsonPath("rounds", equalTo(1)))
                .body(jsonPath("occurrences", hasSize(1)))
                .body(jsonPath("occurrences[0].start_time", equalTo("10:00")))
                .body(jsonPath("displaced", hasSize(0)))
                .body(jsonPath("rebooked", hasSize(0)))
                .body(jsonPath("reason",
                        equalTo("earliest slot where at least 2 can attend for 1 h: 2024-07-21 10:00-11:00 with 2 (Alice, Bob)")))
                // the hourly walk: 08:00 nobody, 09:00 Alice only, 10:00 both
                .body(jsonPath("seed_walk_rounds", equalTo(3)))
                .body(jsonPath("explanation.rule",
                        equalTo("Choose the earliest slot where enough participants can attend")))
                .body(jsonPath("explanation.policy_version", matchesPattern("[0-9a-f]{12}")))
                .body(jsonPath("explanation.order", startsWith("earliest start")))
                .body(jsonPath("explanation.candidate_slots", equalTo(37)))
                .body(jsonPath("explanation.feasible_options", equalTo(10)))
                .body(jsonPath("explanation.runners_up[0].slot.start_time", equalTo("10:15")))
                .body(jsonPath("explanation.rules_fired",
                        hasKey("Broadcast every candidate slot in one availability request")));
    }

    @Test
    void theSeedsOwnExampleIsImpossibleAndSaysWhatCameClosest() {
        post(seed(3)).statusCode(200)
                .body(jsonPath("slot", nullValue()))
                .body(jsonPath("attendees", hasSize(0)))
                .body(jsonPath("occurrences", hasSize(0)))
                .body(jsonPath("rounds", equalTo(1)))
                .body(jsonPath("seed_walk_rounds", nullValue()))
                .body(jsonPath("reason",
                        equalTo("no slot has 3 participants available for 1 h; best: 2024-07-21 10:00-11:00 with 2 (Alice, Bob)")))
                .body(jsonPath("explanation.rule", equalTo("No slot has enough participants")))
                .body(jsonPath("explanation.feasible_options", equalTo(0)));
    }

    @Test
    void aHigherPriorityMeetingDisplacesAndTheDisplacedMeetingIsRebooked() {
        // Both are held 9-10 by a priority-1 design sync; the priority-5 review takes 09:00 and the sync,
        // whose definition is given, is renegotiated in round 2 at the first hour both are free: 10:00.
        String body = """
                {"meeting": {"name": "Incident review", "date": "2024-07-21", "duration": "1:00", "minimum_participants": 2,
                             "priority": 5},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": "09:00", "end_time": "12:00"}],
                    "commitments": [{"meeting": "Design sync", "date": "2024-07-21", "start_time": 9, "end_time": 10, "priority": 1}]},
                   {"name": "Bob", "available_times": [{"date": "2024-07-21", "start_time": 9, "end_time": 12}],
                    "commitments": [{"meeting": "Design sync", "date": "2024-07-21", "start_time": 9, "end_time": 10, "priority": 1}]}],
                 "booked_meetings": [{"name": "Design sync", "date": "2024-07-21", "duration": 1, "minimum_participants": 2}]}
                """;
        post(body).statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("09:00")))
                .body(jsonPath("attendees", contains("Alice", "Bob")))
                .body(jsonPath("displaced", hasSize(2)))
                .body(jsonPath("displaced[0].meeting", equalTo("Design sync")))
                .body(jsonPath("displaced[0].participant", equalTo("Alice")))
                .body(jsonPath("displaced[0].date", equalTo("2024-07-21")))
                .body(jsonPath("displaced[0].start_time", equalTo("09:00")))
                .body(jsonPath("displaced[0].end_time", equalTo("10:00")))
                .body(jsonPath("displaced[1].participant", equalTo("Bob")))
                .body(jsonPath("rounds", equalTo(2)))
                .body(jsonPath("rebooked", hasSize(1)))
                .body(jsonPath("rebooked[0].meeting", equalTo("Design sync")))
                .body(jsonPath("rebooked[0].slot.start_time", equalTo("10:00")))
                .body(jsonPath("rebooked[0].attendees", contains("Alice", "Bob")))
                .body(jsonPath("rebooked[0].round", equalTo(2)))
                .body(jsonPath("rebooked[0].rule",
                        equalTo("Choose the earliest slot where enough participants can attend")));
    }

    @Test
    void aWeeklyMeetingListsItsOccurrences() {
        // Bob starts at 10 on the 29th, so 09:00 (fine on the 22nd) is skipped for 10:00 in both weeks.
        String body = """
                {"meeting": {"name": "Weekly", "date": "2024-07-22", "duration": 1, "minimum_participants": 2,
                             "recurrence": {"every": "week", "count": 2}},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-22", "start_time": 9, "end_time": 12},
                                                         {"date": "2024-07-29", "start_time": 9, "end_time": 12}]},
                   {"name": "Bob", "available_times": [{"date": "2024-07-22", "start_time": 9, "end_time": 12},
                                                       {"date": "2024-07-29", "start_time": 10, "end_time": 12}]}]}
                """;
        post(body).statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("10:00")))
                .body(jsonPath("occurrences.date", contains("2024-07-22", "2024-07-29")))
                .body(jsonPath("occurrences.start_time", contains("10:00", "10:00")))
                .body(jsonPath("reason", containsString("in each of 2 weekly occurrences")));
    }

    /** One bad value in the original scheduler's body: 400 with exactly that problem, at that path. */
    private static void refused(String from, String to, String path, String message) {
        String body = seed(2);
        if (!body.contains(from)) {
            throw new AssertionError("test body lacks " + from);
        }
        post(body.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)))
                .statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("message", equalTo("1 problem(s) in the request")))
                .body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo(path)))
                .body(jsonPath("details[0].message", containsString(message)));
    }

    @Test
    void malformedTimesAreRefusedAtTheirPath() {
        String alice0 = "$.participants[0].available_times[0]";
        refused("\"start_time\": 9,", "\"start_time\": \"25:00\",", alice0 + ".start_time", "must be a time of day");
        refused("\"start_time\": 9,", "\"start_time\": \"9:7x\",", alice0 + ".start_time", "must be a time of day");
        refused("\"start_time\": 9,", "\"start_time\": -1,", alice0 + ".start_time", "must be a time of day");
        refused("\"start_time\": 9,", "\"start_time\": 9.01,", alice0 + ".start_time", "whole minutes");
        refused("\"start_time\": 9,", "\"start_time\": \"NaN\",", alice0 + ".start_time", "must be a time of day");
        refused("\"end_time\": 12}", "\"end_time\": 8}", alice0 + ".end_time", "must be after start_time 09:00, was 08:00");
        refused("\"end_time\": 12}", "\"end_time\": \"09:00\"}", alice0 + ".end_time", "must be after start_time 09:00, was 09:00");
    }

    @Test
    void badMeetingValuesAreRefusedAtTheirPath() {
        refused("\"duration\": 1", "\"duration\": 0", "$.meeting.duration", "must be more than 0");
        refused("\"duration\": 1", "\"duration\": -2", "$.meeting.duration", "must be a length");
        refused("\"duration\": 1", "\"duration\": 12", "$.meeting.duration", "12 h does not fit in the window 08:00-18:00");
        refused("\"minimum_participants\": 2", "\"minimum_participants\": 0", "$.meeting.minimum_participants", "must be at least 1, was 0");
        refused("\"minimum_participants\": 2", "\"minimum_participants\": 1.5", "$.meeting.minimum_participants", "whole number");
        refused("\"minimum_participants\": 2", "\"minimum_participants\": 2, \"recurrence\": {\"every\": \"fortnight\", \"count\": 2}",
                "$.meeting.recurrence.every", "must be \"day\", \"weekday\", \"week\", \"month\" or \"year\"");
        refused("\"minimum_participants\": 2", "\"minimum_participants\": 2, \"recurrence\": {\"every\": \"week\", \"count\": 0}",
                "$.meeting.recurrence.count", "between 1 and 52");
        refused("\"date\": \"2024-07-21\", \"duration\"", "\"date\": \"2024-02-30\", \"duration\"", "$.meeting.date", "must be a date");
        refused("\"date\": \"2024-07-21\", \"duration\"", "\"date\": \"21/07/2024\", \"duration\"", "$.meeting.date", "must be a date");
        refused("\"minimum_participants\": 2", "\"minimum_participants\": 2, \"window\": {\"start_time\": 18, \"end_time\": 8}",
                "$.meeting.window.end_time", "must be after start_time 18:00");
        refused("\"minimum_participants\": 2", "\"minimum_participants\": 2, \"priority\": 6", "$.meeting.priority", "between 1 and 5");
    }

    @Test
    void badParticipantsAndGrainsAreRefusedAtTheirPath() {
        refused("\"name\": \"Alice\"", "\"name\": \"\"", "$.participants[0].name", "must not be empty");
        refused("\"name\": \"Alice\"", "\"name\": \"   \"", "$.participants[0].name", "must not be empty");
        refused("\"name\": \"Bob\"", "\"name\": \"Alice\"", "$.participants[1].name", "duplicate participant name 'Alice'");
        refused("\"name\": \"Bob\"", "\"name\": 42", "$.participants[1].name", "must be a string");
        refused("{\"date\": \"2024-07-21\", \"start_time\": 10", "{\"date\": \"2024-7-21\", \"start_time\": 10",
                "$.participants[1].available_times[0].date", "must be a date");
        for (String grain : new String[] {"7", "0", "-15", "45", "90"}) {
            refused("\"participants\"", "\"grain_minutes\": " + grain + ", \"participants\"", "$.grain_minutes", "must divide 60");
        }
        refused("\"participants\"", "\"grain_minutes\": \"15\", \"participants\"", "$.grain_minutes", "whole number");
    }

    @Test
    void bodiesThatAreNotNegotiationsAreRefused() {
        post("[1, 2]").statusCode(400).body(jsonPath("details[0].path", equalTo("$")))
                .body(jsonPath("details[0].message", equalTo("a negotiation request must be a JSON object")));
        post("{}").statusCode(400).body(jsonPath("details.path", contains("$.meeting", "$.participants")));
        post("{\"meeting\": {\"name\": \"x\", \"date\": \"2024-07-21\", \"duration\": NaN, \"minimum_participants\": 1}}")
                .statusCode(400).body(jsonPath("error", equalTo("malformed_json")));
        post("{\"meeting\": ").statusCode(400).body(jsonPath("error", equalTo("malformed_json")));
    }

    @Test
    void theOpenApiDocumentDescribesTheNegotiationInSnakeCase() {
        api().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(jsonPath("paths", hasKey(PATH)))
                .body(jsonPath("components.schemas.NegotiationResult.properties", hasKey("seed_walk_rounds")))
                .body(jsonPath("components.schemas.NegotiationResult.properties", not(hasKey("seedWalkRounds"))));
    }

    @Test
    void mangledBodiesAnswer200Or400NeverAServerError() {
        // A little fuzzing from a fixed seed: characters of the original scheduler's body dropped, doubled or replaced.
        SplittableRandom random = new SplittableRandom(7);
        String base = seed(2);
        String noise = "{}[]\":,-0.5e9x ";
        for (int i = 0; i < 40; i++) {
            StringBuilder b = new StringBuilder(base);
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, b.charAt(at));
                    default -> b.setCharAt(at, noise.charAt(random.nextInt(noise.length())));
                }
            }
            post(b.toString()).statusCode(anyOf(equalTo(200), equalTo(400)));
        }
    }
}
