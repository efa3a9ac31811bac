package io.conclave.engine.owner;

import java.util.function.Consumer;

import io.conclave.engine.owner.JournaledRuntime.Origin;
import io.conclave.model.ServiceEvent;

/**
 * Which journal entry is publishing on this thread: an owner publishes an entry's events on the thread that
 * journaled it, so each event handed to the listeners carries its {@link Origin} (owner, entry, place among the
 * entry's events) through a thread-local, and an event no entry of this owner published carries none.
 */
final class EventOrigins {
    private static final ThreadLocal<Origin> PUBLISHING = new ThreadLocal<>();

    private EventOrigins() {
    }

    /** The origin of the event being published on this thread, or null (see {@link JournaledRuntime#publishing}). */
    static Origin current() {
        return PUBLISHING.get();
    }

    /** Runs {@code publish} with {@code origin} as this thread's, then puts back the one it had. */
    static void publishing(Origin origin, Runnable publish) {
        Origin before = PUBLISHING.get();
        PUBLISHING.set(origin);
        try {
            publish.run();
        } finally {
            if (before == null) {
                PUBLISHING.remove();
            } else {
                PUBLISHING.set(before);
            }
        }
    }

    /**
     * Hands {@code event} to {@code events}: as the next event of the entry being published when owner
     * {@code kind}/{@code id} is publishing on this thread, else without an origin.
     */
    static void hand(String kind, String id, Consumer<ServiceEvent> events, ServiceEvent event) {
        Origin o = PUBLISHING.get();
        if (o != null && o.ownerId().equals(id) && o.kind().equals(kind)) {
            Origin next = new Origin(o.kind(), o.ownerId(), o.born(), o.seq(), o.event() + 1);
            PUBLISHING.set(next);
            try {
                events.accept(event);
            } finally {
                PUBLISHING.set(next); // a listener that published another owner's entry meanwhile restored its own
            }
            return;
        }
        PUBLISHING.remove(); // not published by an entry of this owner: no origin
        try {
            events.accept(event);
        } finally {
            if (o != null) {
                PUBLISHING.set(o);
            }
        }
    }
}
