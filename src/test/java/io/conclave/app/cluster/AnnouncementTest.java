package io.conclave.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.Json;

/**
 * What a node's announcement says about its event streams, and what the others make of it: they send it their events
 * while a client follows a stream there and for {@link NodeDirectory#STREAM_LINGER} (10 minutes) after the last one
 * closed, so that a client reconnecting within that time resumes without a gap; an announcement that does not say (an
 * older node's) gets every event, as before.
 */
class AnnouncementTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static NodeDirectory.Announcement said(Boolean streams, Instant closed) {
        return new NodeDirectory.Announcement("n2", "http://n2", List.of("conclave.projects-0"), NOW, "v1", null, null,
                streams, closed);
    }

    @Test
    void aNodeGetsTheOthersEventsWhileItStreamsAndTenMinutesAfter() {
        assertTrue(said(true, null).wantsEveryEvent(NOW), "a stream is open");
        assertFalse(said(false, null).wantsEveryEvent(NOW), "no stream ever opened");
        assertTrue(said(false, NOW.minus(Duration.ofMinutes(9))).wantsEveryEvent(NOW), "the last closed 9 min ago");
        assertFalse(said(false, NOW.minus(Duration.ofMinutes(10))).wantsEveryEvent(NOW), "closed 10 min ago: no more");
        assertTrue(said(null, null).wantsEveryEvent(NOW), "an older node, which does not say, gets every event");
    }

    @Test
    void theStreamsTravelInTheAnnouncementAndAnOlderOnesReadsWithoutThem() throws Exception {
        NodeDirectory.Announcement a = said(false, NOW.minusSeconds(30));
        String json = Json.MAPPER.writeValueAsString(a);
        assertTrue(json.contains("\"streams\":false") && json.contains("\"streams_closed\":\"2026-11-27T09:59:30Z\""), json);
        assertEquals(a, Json.JOURNAL.readValue(json, NodeDirectory.Announcement.class));
        // what a node of the version before wrote: no word of streams
        NodeDirectory.Announcement older = Json.JOURNAL.readValue("{\"node\":\"n3\",\"url\":\"http://n3\","
                + "\"partitions\":[],\"at\":\"2026-11-27T09:00:00Z\",\"policy\":\"v1\"}", NodeDirectory.Announcement.class);
        assertEquals(null, older.streams());
        assertTrue(older.wantsEveryEvent(NOW));
    }
}
