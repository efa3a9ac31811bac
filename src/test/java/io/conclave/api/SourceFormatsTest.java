package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.conclave.api.meeting.MeetingResourceTest;

/**
 * Shapes of the source documents that load as their authors wrote them: the scheduler's recurrence as
 * a word, the conversation design's {@code timeout}, and the meeting design's manifest that lists the
 * participants.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class SourceFormatsTest {

    /**
     * {@code "recurrence": "weekly"} (the scheduler's {@code recurrence: str}) says nothing of how many
     * times: the rule "A recurrence named by a word alone is negotiated over its next four occurrences"
     * decides four. Alice is free 9-12 on four Mondays from 2024-07-22; Bob on the first three only. With
     * a minimum of one, the meeting goes to Alice alone at 09:00 on four dates; Bob, missing the fourth
     * week, is not an attendee.
     */
    @Test
    void aRecurrenceGivenAsAWordIsNegotiatedOverFourOccurrences() {
        String body = """
                {"meeting": {"name": "Weekly", "date": "2024-07-22", "duration": 1, "minimum_participants": 1,
                             "recurrence": "weekly"},
                 "participants": [
                   {"name": "Alice", "available_times": [%s]},
                   {"name": "Bob", "available_times": [%s]}]}
                """.formatted(mondays(4), mondays(3));
        api().contentType(ContentType.JSON).body(body).when().post("/api/scheduling/negotiations")
                .then().statusCode(200)
                .body(jsonPath("slot.start_time", equalTo("09:00")))
                .body(jsonPath("attendees", contains("Alice")))
                .body(jsonPath("occurrences.date", contains("2024-07-22", "2024-07-29", "2024-08-05", "2024-08-12")))
                .body(jsonPath("reason", containsString("in each of 4 weekly occurrences")));
    }

    @Test
    void aRecurrenceWordItDoesNotKnowIsRefusedAtItsPath() {
        String body = """
                {"meeting": {"name": "X", "date": "2024-07-22", "duration": 1, "minimum_participants": 1,
                             "recurrence": "hourly"},
                 "participants": [{"name": "Alice", "available_times": [%s]}]}
                """.formatted(mondays(1));
        // the scheduler's "etc." read as daily, weekdays, weekly, biweekly (fortnightly), monthly, quarterly and yearly
        // (SchedulerWalkResourceTest); an hourly meeting is not one of them
        api().contentType(ContentType.JSON).body(body).when().post("/api/scheduling/negotiations")
                .then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.meeting.recurrence")))
                .body(jsonPath("details[0].message", containsString("\"daily\", \"weekdays\", \"weekly\"")));
    }

    /** The conversation design's ConversationPolicy has {@code timeout: float}: the same as timeout_seconds. */
    @Test
    void aConversationPolicyTakesTimeoutAsTheOtherNameOfTimeoutSeconds() {
        String id = ApiSupport.uniqueId("conv-timeout");
        api().contentType(ContentType.JSON).body("""
                {"conversation_id": "%s",
                 "policy": {"turn_strategy": "round_robin", "allowed_roles": ["expert"], "max_turns_per_agent": 3,
                            "timeout": 90.5}}""".formatted(id))
                .when().post("/api/conversations").then().statusCode(201)
                .body(jsonPath("policy.timeout_seconds", equalTo(90.5)));
        api().contentType(ContentType.JSON).body("""
                {"policy": {"turn_strategy": "round_robin", "allowed_roles": ["expert"], "timeout": 0}}""")
                .when().post("/api/conversations").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.policy.timeout")));
        api().contentType(ContentType.JSON).body("""
                {"policy": {"turn_strategy": "round_robin", "allowed_roles": ["expert"], "timeout": 5,
                            "timeout_seconds": 5}}""")
                .when().post("/api/conversations").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.policy.timeout")))
                .body(jsonPath("details[0].message", containsString("once")));
    }

    /**
     * The meeting design's manifest.json holds "topic, creator, participants, current state, facilitator,
     * creation timestamp, protocol used": the participants are listed there (by id, in invitation order),
     * in the REST answer, the discovery list and the file on disk alike.
     */
    @Test
    void theMeetingManifestListsItsParticipants() throws Exception {
        String id = MeetingResourceTest.createMeeting("");
        api().when().get("/api/meetings/" + id).then().statusCode(200)
                .body(jsonPath("manifest.participants", contains("ann", "bob", "cid")));
        api().when().get("/api/meetings?participant=bob").then().statusCode(200)
                .body(jsonPath("find { it.meeting_id == '" + id + "' }.participants", contains("ann", "bob", "cid")));
        String dataDir = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("conclave.data-dir", String.class);
        JsonNode manifest = Json.MAPPER.readTree(Files.readString(Path.of(dataDir, "meetings", id, "manifest.json")));
        org.junit.jupiter.api.Assertions.assertEquals("[\"ann\",\"bob\",\"cid\"]", manifest.get("participants").toString());
    }

    /** Free 9-12 on {@code n} Mondays from 2024-07-22. */
    private static String mondays(int n) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            b.append(k == 0 ? "" : ", ").append("{\"date\": \"").append(java.time.LocalDate.of(2024, 7, 22).plusWeeks(k))
                    .append("\", \"start_time\": 9, \"end_time\": 12}");
        }
        return b.toString();
    }
}
