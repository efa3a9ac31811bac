package io.conclave.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * GET /api/events on the wire, read from a plain socket (no SSE client library to hide anything): the
 * headers come at once on an idle stream, comment lines keep it alive every
 * {@code conclave.events.heartbeat-millis} (300 ms in the test profile), and a frame is an id, a name and
 * JSON data, with no content-type line. Project creation and deletion are both on the stream.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class EventStreamWireTest {

    /** A raw HTTP/1.1 connection to the stream; {@link #line} reads one line, null at a read timeout. */
    public static final class RawStream implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        RawStream(String pathAndQuery, int readTimeoutMillis) throws IOException {
            socket = new Socket("localhost", RestAssured.port);
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                    + TestTokens.ADMIN + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        String line() throws IOException {
            try {
                return in.readLine();
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        /** The status line and the headers (lower-cased), up to the blank line. */
        List<String> head() throws IOException {
            List<String> head = new ArrayList<>();
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                head.add(l.toLowerCase(Locale.ROOT));
            }
            return head;
        }

        /** The lines of the body up to the next blank line, skipping chunk-size lines of the chunked encoding. */
        List<String> frame() throws IOException {
            List<String> frame = new ArrayList<>();
            for (String l = line(); l != null; l = line()) {
                if (l.isEmpty()) {
                    if (!frame.isEmpty()) {
                        return frame;
                    }
                } else if (!l.matches("[0-9a-fA-F]+")) {
                    frame.add(l);
                }
            }
            return frame; // timed out: what there was
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void anIdleStreamGetsItsHeadersAtOnceThenHeartbeats() throws Exception {
        // nothing will ever happen to this project: the stream stays idle
        try (RawStream s = new RawStream("/api/events?project_id=nobody-" + System.nanoTime(), 2_000)) {
            long opened = System.nanoTime();
            List<String> head = s.head();
            assertFalse(head.isEmpty(), "no headers within 2 s on an idle stream");
            assertEquals("http/1.1 200 ok", head.get(0));
            assertTrue(head.contains("content-type: text/event-stream"), head.toString());
            // the first frame is the opening comment, sent with the headers
            assertEquals(List.of(":conclave events stream"), s.frame());
            // then one comment every 300 ms, the first 300 ms after opening: three of them take about 0.9 s
            // (each must come within the 2 s read timeout)
            for (int i = 0; i < 3; i++) {
                assertEquals(List.of(":heartbeat"), s.frame());
            }
            long millis = (System.nanoTime() - opened) / 1_000_000;
            assertTrue(millis >= 850 && millis < 5_000, "three heartbeats 300 ms apart took " + millis + " ms");
        }
    }

    @Test
    void framesCarryJsonDataAndProjectCreationAndDeletionAreBothOnTheStream() throws Exception {
        String id = ApiSupport.uniqueId("wire");
        try (RawStream s = new RawStream("/api/events?project_id=" + id, 10_000)) {
            assertEquals("http/1.1 200 ok", s.head().get(0));
            ApiSupport.create(ApiSupport.example(ApiSupport.COMPRESSED, id), id);
            List<String> created = nextEvent(s);
            assertEquals("event:PROJECT_CREATED", created.get(1));
            JsonNode data = data(created);
            assertEquals("PROJECT_CREATED", data.get("type").asText());
            assertEquals(id, data.get("project_id").asText());
            assertEquals(created.get(0).substring(3), data.get("id").asText()); // the frame's id is the event's

            given().header("X-Conclave-Actor", "ceo").delete("/api/projects/" + id).then().statusCode(204);
            List<String> deleted;
            do {
                deleted = nextEvent(s); // the kickoff meeting's events come first
            } while (!deleted.get(1).equals("event:PROJECT_DELETED"));
            JsonNode gone = data(deleted);
            assertEquals(id, gone.get("project_id").asText());
            assertEquals("ceo", gone.get("agent_id").asText());
            assertTrue(Long.parseLong(deleted.get(0).substring(3)) > Long.parseLong(created.get(0).substring(3)));
        }
        given().delete("/api/projects/" + id).then().statusCode(404);
    }

    /** The next frame that is an event (not a comment): exactly "id:N", "event:NAME", "data:{...}". */
    private static List<String> nextEvent(RawStream s) throws IOException {
        while (true) {
            List<String> frame = s.frame();
            assertFalse(frame.isEmpty(), "no event within 10 s");
            if (frame.get(0).startsWith(":")) {
                continue;
            }
            assertEquals(3, frame.size(), frame.toString());
            assertTrue(frame.get(0).matches("id:\\d+"), frame.toString());
            assertTrue(frame.get(1).startsWith("event:"), frame.toString());
            assertTrue(frame.get(2).startsWith("data:{"), frame.toString());
            assertTrue(frame.stream().noneMatch(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type")));
            return frame;
        }
    }

    private static JsonNode data(List<String> frame) throws IOException {
        return Json.MAPPER.readTree(frame.get(2).substring(5));
    }
}
