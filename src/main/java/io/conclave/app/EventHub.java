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

    /**
     * Registers a listener; first hands it the kept events after {@code afterId} (0: none) that match,
     * with no gap or duplicate between those and the live ones.
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
}
