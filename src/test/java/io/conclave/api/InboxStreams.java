package io.conclave.api;

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

import io.conclave.model.Json;
import io.restassured.RestAssured;

/** A plain HTTP client on an agent's inbox stream (GET /api/agents/{id}/inbox, Accept: text/event-stream). */
final class InboxStreams {
    private InboxStreams() {
    }

    static BlockingQueue<EventStreamTest.Received> listen(String agentId) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/agents/"
                + agentId + "/inbox")).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        BlockingQueue<EventStreamTest.Received> out = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                long id = 0;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && name != null) {
                        out.add(new EventStreamTest.Received(id, name, Json.MAPPER.readTree(data.toString())));
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (Exception ignored) {
                // the stream ends with the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        return out;
    }

    /** The next {@code n} events of project {@code projectId} (other tests' projects share the stream). */
    static List<EventStreamTest.Received> take(BlockingQueue<EventStreamTest.Received> queue, String projectId, int n)
            throws InterruptedException {
        List<EventStreamTest.Received> got = new ArrayList<>();
        while (got.size() < n) {
            EventStreamTest.Received r = queue.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "only " + got.size() + " of " + n + " events arrived: " + got);
            if (projectId.equals(r.data().path("project_id").asText())) {
                got.add(r);
            }
        }
        return got;
    }
}
