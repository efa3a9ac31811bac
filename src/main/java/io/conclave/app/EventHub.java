package io.conclave.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.conclave.model.ServiceEvent;

/**
 * The one event stream of the service: every project, task, run, meeting, conversation and policy event,
 * numbered in publication order. Keeps the latest {@code conclave.events.replay-size} events (in memory)
 * so a client that reconnects with {@code Last-Event-ID} receives what it missed while the service ran.
 * Events are published after their command was journaled.
 */
@ApplicationScoped
public class EventHub {
    private final int replaySize;
    private final Deque<ServiceEvent> recent = new ArrayDeque<>();
    private final List<Consumer<ServiceEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ServiceEvent>> followers = new CopyOnWriteArrayList<>();
    /**
     * Ids start from the start-up time (microseconds since the epoch), so they keep growing across
     * restarts: a client that resumes with a Last-Event-ID from before a restart is not mistaken for
     * one that has seen the new events.
     */
    private long nextId = System.currentTimeMillis() * 1000;
    /** The event streams open now ({@link #stream}), and when the last one closed (null: none has yet). */
    private int streams;
    private java.time.Instant streamsClosed;
    private final List<Runnable> streamWatchers = new CopyOnWriteArrayList<>();

    @Inject
    public EventHub(ConclaveConfig config) {
        this(config.events().replaySize());
    }

    /** A hub that keeps the latest {@code replaySize} events for reconnecting clients. */
    public EventHub(int replaySize) {
        if (replaySize < 0) {
            throw new IllegalArgumentException("conclave.events.replay-size must be 0 or more, was " + replaySize);
        }
        this.replaySize = replaySize;
    }

    /**
     * Numbers the event and hands it to every listener, under the hub's lock, then to every follower
     * ({@link #follow}), outside it.
     */
    public void publish(ServiceEvent event) {
        ServiceEvent numbered;
        synchronized (this) {
            numbered = event.numbered(nextId++);
            recent.addLast(numbered);
            while (recent.size() > replaySize) {
                recent.removeFirst();
            }
            // delivered under the lock, so every listener sees events in id order
            for (Consumer<ServiceEvent> l : listeners) {
                l.accept(numbered);
            }
        }
        for (Consumer<ServiceEvent> f : followers) {
            f.accept(numbered);
        }
    }

    /**
     * Registers a follower: it gets every event on the publishing thread once the listeners had it, outside the hub's
     * lock, so its work (a file written, a record sent to the cluster) holds up only that publisher, not every owner's.
     * An owner's events reach it in their order, since an owner publishes under its own lock; the events of different
     * owners may reach it in either order, and at once on several threads. For work that needs no order across owners
     * (the agents' inboxes); a client resuming a stream by event id needs {@link #subscribe}.
     */
    public void follow(Consumer<ServiceEvent> follower) {
        followers.add(follower);
    }

    /** The id of the latest event published (one below the first id when none was): a stream opened now resumes there. */
    public synchronized long lastId() {
        return nextId - 1;
    }

    /**
     * Registers a listener; first hands it the kept events after {@code afterId} (0: none) that match,
     * with no gap or duplicate between those and the live ones.
     * <p>
     * In a cluster the listener gets this node's events, and another node's only while a client follows an event
     * stream ({@link #stream}) on this node, or did within the last minutes (a client that reconnects resumes without
     * a gap): the other nodes send their events only then. What acts on an owner's events runs on the owner's node
     * (a meeting task's meeting closed is reported by the meeting's node); what counts events (metrics) counts this
     * node's ({@link ServiceEvent#fromOtherNode}), so that the sum over the nodes counts each once.
     */
    public synchronized Runnable subscribe(long afterId, Predicate<ServiceEvent> filter, Consumer<ServiceEvent> listener) {
        if (afterId > 0) {
            for (ServiceEvent e : new ArrayList<>(recent)) {
                if (e.id() > afterId && filter.test(e)) {
                    listener.accept(e);
                }
            }
        }
        Consumer<ServiceEvent> filtered = e -> {
            if (filter.test(e)) {
                listener.accept(e);
            }
        };
        listeners.add(filtered);
        return () -> listeners.remove(filtered);
    }

    /**
     * Registers the listener of a client's event stream ({@code GET /api/events}), as {@link #subscribe}; while one is
     * open, every other node sends this node all of its events (the watchers of {@link #onStreams} are told).
     */
    public Runnable stream(long afterId, Predicate<ServiceEvent> filter, Consumer<ServiceEvent> listener) {
        Runnable unsubscribe = subscribe(afterId, filter, listener);
        streamsChanged(+1);
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            unsubscribe.run();
            if (closed.compareAndSet(false, true)) {
                streamsChanged(-1);
            }
        };
    }

    private void streamsChanged(int by) {
        boolean changed;
        synchronized (this) {
            streams += by;
            changed = streams == (by > 0 ? 1 : 0);
            if (streams == 0) {
                streamsClosed = java.time.Instant.now();
            }
        }
        if (changed) {
            streamWatchers.forEach(Runnable::run);
        }
    }

    /** Whether a client's event stream is open here, and when the last one closed (null while one is open, or none was). */
    public record Streams(boolean open, java.time.Instant lastClosed) {
    }

    /** The event streams now, both read at once. */
    public synchronized Streams streams() {
        return new Streams(streams > 0, streams > 0 ? null : streamsClosed);
    }

    /** Tells {@code watcher} (on the thread that opened or closed it) when the first stream opens or the last closes. */
    public void onStreams(Runnable watcher) {
        streamWatchers.add(watcher);
    }
}
