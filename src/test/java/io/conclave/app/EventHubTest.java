package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.conclave.model.ServiceEvent;

/**
 * The replay buffer behind {@code Last-Event-ID} ({@code conclave.events.replay-size}): a reconnecting client gets
 * the kept events after its id, then the live ones, and nothing older than the buffer holds. And the followers (the
 * agents' inboxes), which work outside the hub's lock.
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

    /**
     * A follower works outside the hub's lock: while one publisher's follower is busy (held here on a latch), a second
     * thread publishes, and its event is numbered, heard by the listeners and followed at once. Were followers called
     * under the lock, as every listener once was, the second publish would wait for the first follower (the test
     * would find it still waiting after 10 s).
     */
    @Test
    void aBusyFollowerHoldsUpOnlyItsOwnPublisher() throws Exception {
        EventHub hub = new EventHub(10);
        CountDownLatch inFollower = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        List<String> followed = Collections.synchronizedList(new ArrayList<>());
        hub.subscribe(0, e -> true, e -> heard.add(e.type()));
        hub.follow(e -> {
            followed.add(e.type());
            if (e.type().equals("SLOW")) {
                inFollower.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread slow = new Thread(() -> hub.publish(event("p", "SLOW")));
        Thread fast = new Thread(() -> hub.publish(event("q", "FAST")));
        try {
            slow.start();
            assertTrue(inFollower.await(10, TimeUnit.SECONDS));
            fast.start();
            fast.join(10_000);
            assertFalse(fast.isAlive(), "the second publish waited for the first one's follower");
            assertEquals(List.of("SLOW", "FAST"), heard);
            assertEquals(List.of("SLOW", "FAST"), followed);
        } finally {
            release.countDown();
        }
        slow.join(10_000);
        assertFalse(slow.isAlive());
    }

    /**
     * The hub counts its clients' event streams for the cluster (other nodes send their events only while some node
     * streams): its watchers hear when the first opens and the last closes, not of streams in between, and a stream
     * stopped twice counts once; a plain subscription is no stream.
     */
    @Test
    void theFirstStreamOpenedAndTheLastClosedAreToldAndNothingBetween() {
        EventHub hub = new EventHub(10);
        List<String> told = new ArrayList<>();
        hub.onStreams(() -> told.add(hub.streams().open() + " " + (hub.streams().lastClosed() != null)));
        hub.subscribe(0, e -> true, e -> { }).run();
        assertEquals(List.of(), told, "a subscription is not a stream");
        assertEquals(new EventHub.Streams(false, null), hub.streams(), "no stream ever opened");
        List<String> seen = new ArrayList<>();
        Runnable first = hub.stream(0, e -> true, e -> seen.add(e.type()));
        Runnable second = hub.stream(0, e -> true, e -> { });
        assertEquals(List.of("true false"), told, "told once, at the first");
        hub.publish(event("p", "E1"));
        assertEquals(List.of("E1"), seen, "a stream is a subscription");
        first.run();
        first.run();
        assertEquals(List.of("true false"), told, "one of two closed (twice): nothing to tell");
        assertTrue(hub.streams().open());
        Instant before = Instant.now();
        second.run();
        assertEquals(List.of("true false", "false true"), told, "told at the last");
        assertFalse(hub.streams().open());
        assertFalse(hub.streams().lastClosed().isBefore(before), "when the last closed");
        hub.publish(event("p", "E2"));
        assertEquals(List.of("E1"), seen, "a closed stream gets nothing more");
    }
}
