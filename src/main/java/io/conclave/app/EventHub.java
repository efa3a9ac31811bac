package io.conclave.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.model.ServiceEvent;

/**
 * The one event stream of the service: every meeting and task event, numbered in publication order.
 * Keeps the last {@value #REPLAY} events (in memory) so a client that reconnects with
 * {@code Last-Event-ID} receives what it missed while the service ran. Events are published after their command was journaled.
 */
@ApplicationScoped
public class EventHub {
    static final int REPLAY = 1000;

    private final Deque<ServiceEvent> recent = new ArrayDeque<>();
    private final List<Consumer<ServiceEvent>> listeners = new CopyOnWriteArrayList<>();
    /**
     * Ids start from the start-up time (microseconds since the epoch), so they keep growing across
     * restarts: a client that resumes with a Last-Event-ID from before a restart is not mistaken for
     * one that has seen the new events.
     */
    private long nextId = System.currentTimeMillis() * 1000;

    /** Numbers the event and hands it to every listener. */
    public void publish(ServiceEvent event) {
        ServiceEvent numbered;
        synchronized (this) {
            numbered = event.numbered(nextId++);
            recent.addLast(numbered);
            if (recent.size() > REPLAY) {
                recent.removeFirst();
            }
            // delivered under the lock, so every listener sees events in id order
            for (Consumer<ServiceEvent> l : listeners) {
                l.accept(numbered);
            }
        }
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
