package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.ServiceEvent;

/**
 * The replay buffer behind {@code Last-Event-ID} ({@code conclave.events.replay-size}): a reconnecting client gets
 * the kept events after its id, then the live ones, and nothing older than the buffer holds.
 */
public class EventHubTest {

    private static ServiceEvent event(String projectId, String type) {
        return ServiceEvent.task(type, Instant.parse("2024-01-15T09:00:00Z"), projectId, null, "ops", null);
    }

    /** Publishes {@code n} events of project p (types E1..En) and returns them as numbered. */
    private static List<ServiceEvent> publish(EventHub hub, int n) {
        List<ServiceEvent> numbered = new ArrayList<>();
        Runnable stop = hub.subscribe(0, e -> true, numbered::add);
        for (int i = 1; i <= n; i++) {
            hub.publish(event("p", "E" + i));
        }
        stop.run();
        return numbered;
    }

    private static List<String> replayed(EventHub hub, long afterId) {
        List<String> got = new ArrayList<>();
        hub.subscribe(afterId, e -> true, e -> got.add(e.type())).run();
        return got;
    }

    @Test
    void aClientThatReconnectsGetsTheKeptEventsAfterItsIdAndNoOlder() {
        EventHub hub = new EventHub(3);
        List<ServiceEvent> sent = publish(hub, 5);
        // ids grow by one in publication order
        assertEquals(sent.get(0).id() + 4, sent.get(4).id());
        // it saw E3: E4 and E5 are kept and replayed
        assertEquals(List.of("E4", "E5"), replayed(hub, sent.get(2).id()));
        // it saw E1 only: of E2..E5 the buffer of 3 keeps E3..E5; E2 is gone
        assertEquals(List.of("E3", "E4", "E5"), replayed(hub, sent.get(0).id()));
        // it saw everything: nothing to replay
        assertEquals(List.of(), replayed(hub, sent.get(4).id()));
    }

    @Test
    void replayAndLiveEventsFollowEachOtherWithoutGapOrDuplicateAndTheFilterApplies() {
        EventHub hub = new EventHub(10);
        hub.publish(event("p", "E1"));
        hub.publish(event("q", "OTHER"));
        List<String> got = new ArrayList<>();
        hub.subscribe(1, e -> "p".equals(e.projectId()), e -> got.add(e.type()));
        hub.publish(event("p", "E2"));
        hub.publish(event("q", "OTHER"));
        assertEquals(List.of("E1", "E2"), got);
    }

    @Test
    void aBufferOfNoneReplaysNothingAndANegativeSizeIsRefused() {
        EventHub none = new EventHub(0);
        List<ServiceEvent> sent = publish(none, 2);
        assertEquals(List.of(), replayed(none, sent.get(0).id() - 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventHub(-1));
        assertEquals("conclave.events.replay-size must be 0 or more, was -1", e.getMessage());
    }
}
