package io.conclave.api;

import static io.conclave.api.meeting.MeetingResourceTest.createMeeting;
import static io.conclave.api.meeting.MeetingResourceTest.join;
import static io.conclave.api.meeting.MeetingResourceTest.post;
import static io.conclave.api.meeting.MeetingResourceTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.conclave.api.meeting.MeetingResourceTest;

/** GET /api/events: a plain HTTP client reads the Server-Sent Events of meetings and tasks. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class EventStreamTest {

    /** One received SSE event: its id, name and JSON data. */
    /** {@code id} as a number (events), -1 when it is not one; {@code idText} as sent (an inbox item's id). */
    public record Received(long id, String name, JsonNode data, String idText) {
    }

    /** Opens the stream and collects its events in the background. */
    public static BlockingQueue<Received> listen(String query, String lastEventId) throws Exception {
        return open("/api/events" + query, lastEventId);
    }

    /** Opens an SSE stream at {@code path} of the test app and reads its events into a queue on a daemon thread. */
    public static BlockingQueue<Received> open(String path, String lastEventId) throws Exception {
        return open(path, lastEventId, TestTokens.ADMIN);
    }

    /** The same with a token of the caller's; when the service ends the stream, {@link #END} is queued. */
    public static BlockingQueue<Received> open(String path, String lastEventId, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            req.header("Last-Event-ID", lastEventId);
        }
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> response = client
                .sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        BlockingQueue<Received> out = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = "0";
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && name != null) {
                        out.add(new Received(id.matches("\\d{1,18}") ? Long.parseLong(id) : -1, name,
                                Json.MAPPER.readTree(data.toString()), id));
                        name = null;
                        data.setLength(0);
                    }
                }
                out.add(END);
            } catch (Exception e) {
                // the stream ends with the test; a stream broken before is said, not taken for silence
                // with its causes: the JDK client's "closed" names only that the connection failed, its cause how
                StringBuilder why = new StringBuilder(String.valueOf(e));
                for (Throwable c = e.getCause(); c != null && why.length() < 2000; c = c.getCause()) {
                    why.append(" <- ").append(c);
                }
                out.add(new Received(-1, BROKEN, Json.MAPPER.createObjectNode().put("error", why.toString()), null));
            } finally {
                // the JDK's client may shut down, and close its connections, once the client is no longer reachable
                java.lang.ref.Reference.reachabilityFence(client);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return out;
    }

    /** Queued when the service ended a stream. */
    public static final Received END = new Received(-1, "END", null, null);
    /** The name of what is queued when reading a stream failed (its data: {@code {"error": "..."}}). */
    public static final String BROKEN = "BROKEN";

    public static List<Received> take(BlockingQueue<Received> queue, int n) throws InterruptedException {
        List<Received> got = new ArrayList<>();
        while (got.size() < n) {
            Received r = queue.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "only " + got.size() + " of " + n + " events arrived: " + got);
            got.add(r);
        }
        return got;
    }

    @Test
    void aClientReceivesTheMeetingEventsInOrder() throws Exception {
        String id = MeetingResourceTest.createMeeting("");
        BlockingQueue<Received> events = listen("?meeting_id=" + id, null);
        // the stream answered 200: the subscription is registered, nothing after this point is missed
        join(id, "ann");
        join(id, "bob");
        post(id, """
                {"agent_id": "bob", "message_type": "proposal", "proposal_id": "p1", "title": "Ship"}""");
        state(id, "ann", "voting");
        MeetingResourceTest.vote(id, "ann", "p1", "yes");
        MeetingResourceTest.vote(id, "bob", "p1", "yes");

        List<String> names = take(events, 12).stream().map(Received::name).toList();
        // join ann; join bob (quorum 2 of 3: discussion starts, with its state_change message);
        // the proposal (message, then the rule's PROPOSAL_ADDED); the chair's move to voting;
        // two votes, the second closing the vote: state_change message, MEETING_CLOSED, the
        // decision on p1 and the minutes.
        assertEquals(List.of("AGENT_JOINED_MEETING",
                "AGENT_JOINED_MEETING", "NEW_MESSAGE_IN_MEETING", "DISCUSSION_STARTED",
                "NEW_MESSAGE_IN_MEETING", "PROPOSAL_ADDED",
                "NEW_MESSAGE_IN_MEETING", "VOTING_STARTED",
                "NEW_MESSAGE_IN_MEETING", // ann's vote
                "NEW_MESSAGE_IN_MEETING", // bob's vote
                "NEW_MESSAGE_IN_MEETING", "MEETING_CLOSED"), names);
    }

    @Test
    void aReconnectingClientGetsWhatItMissedAndTaskEventsShareTheStream() throws Exception {
        String id = createMeeting("");
        BlockingQueue<Received> first = listen("?meeting_id=" + id, null);
        join(id, "ann");
        Received joined = take(first, 1).get(0);
        assertEquals("AGENT_JOINED_MEETING", joined.name());
        assertEquals(id, joined.data().get("meeting_id").asText());
        assertEquals("ann", joined.data().get("agent_id").asText());
        join(id, "cid");   // while "disconnected": a new client resumes after the first event
        BlockingQueue<Received> resumed = listen("?meeting_id=" + id, Long.toString(joined.id()));
        Received missed = take(resumed, 1).get(0);
        assertEquals("AGENT_JOINED_MEETING", missed.name());
        assertEquals("cid", missed.data().get("agent_id").asText());

        String project = ApiSupport.createExample(ApiSupport.COMPRESSED, "sse");
        BlockingQueue<Received> tasks = listen("?project_id=" + project, "1");
        // the project's creation (replayed from the kept events), then kickoff_meeting convened among its
        // attendees: it is the only task without dependencies
        Received created = take(tasks, 1).get(0);
        assertEquals("PROJECT_CREATED", created.name());
        Received convened;
        do {
            convened = take(tasks, 1).get(0);
        } while (!convened.name().equals("MEETING_TASK_CONVENED"));
        assertEquals("kickoff_meeting", convened.data().get("task_id").asText());
        assertEquals(project, convened.data().get("project_id").asText());
    }
}
