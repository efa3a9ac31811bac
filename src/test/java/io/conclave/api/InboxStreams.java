package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;


/** A plain HTTP client on an agent's inbox stream (GET /api/agents/{id}/inbox, Accept: text/event-stream). */
public final class InboxStreams {
    private InboxStreams() {
    }

    public static BlockingQueue<EventStreamTest.Received> listen(String agentId) throws Exception {
        return EventStreamTest.open("/api/agents/" + agentId + "/inbox", null);
    }

    /** The next {@code n} events of project {@code projectId} (other tests' projects share the stream). */
    public static List<EventStreamTest.Received> take(BlockingQueue<EventStreamTest.Received> queue, String projectId, int n)
            throws InterruptedException {
        List<EventStreamTest.Received> got = new ArrayList<>();
        while (got.size() < n) {
            EventStreamTest.Received r = queue.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "only " + got.size() + " of " + n + " events arrived: " + got);
            assertTrue(r != EventStreamTest.END && !r.name().equals(EventStreamTest.BROKEN),
                    "the stream ended after " + got.size() + " of " + n + " events: " + r);
            if (projectId.equals(r.data().path("project_id").asText())) {
                got.add(r);
            }
        }
        return got;
    }
}
