package io.conclave.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.conclave.engine.EngineException;
import io.conclave.journal.InboxStore;
import io.conclave.model.ServiceEvent;
import io.conclave.model.inbox.InboxItem;
import io.quarkus.runtime.StartupEvent;

/**
 * An agent's inbox: the one channel through which the orchestrator asks an agent to act, whatever its
 * language. Every event of the service's stream that asks something of an agent ({@link InboxItems}: a task
 * assigned, awarded or delegated to it, a call for proposals, a rejected bid, a meeting invitation, a meeting
 * in discussion or voting, a conversation turn, a skip or new priority of its task, a pause or resumption of a
 * run of real agents) becomes an item in its inbox, kept on disk ({@link InboxStore}) and pushed to its open
 * streams. An item stays until the agent acknowledges it, or until the service finds it no longer waits for
 * the agent ({@link InboxOpen}: the task was started by someone else or ended, the call closed, the meeting
 * moved on...). Delivery is at least once: an agent acknowledges what it handled.
 */
@ApplicationScoped
public class AgentInbox {
    private static final Logger LOG = Logger.getLogger(AgentInbox.class);

    private final EventHub hub;
    private final InboxItems items;
    private final InboxOpen open;
    private final InboxStore store;
    private final Map<String, List<Consumer<InboxItem>>> listeners = new ConcurrentHashMap<>();

    public AgentInbox(Engine engine, EventHub hub, ConclaveConfig config) {
        this.hub = hub;
        this.items = new InboxItems(engine);
        this.open = new InboxOpen(engine);
        try {
            this.store = new InboxStore(config.dataDir().resolve("inbox"));
        } catch (IOException e) {
            throw new UncheckedIOException("the agents' inboxes could not be read", e);
        }
    }

    /** Listens to the event stream before the engine recovers or loads anything. */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        hub.subscribe(0, e -> true, this::received);
    }

    /** Makes the items an event asks for and pushes each to its agent's open streams. Never throws at the publisher. */
    private synchronized void received(ServiceEvent e) {
        try {
            for (InboxItem item : items.of(e)) {
                InboxItem stored = store.add(item);
                for (Consumer<InboxItem> l : listeners.getOrDefault(stored.agentId(), List.of())) {
                    l.accept(stored);
                }
            }
        } catch (IOException | RuntimeException x) {
            LOG.errorf(x, "inbox items of event %s %d not kept: %s", e.type(), e.id(), x.getMessage());
        }
    }

    /** What waits for the agent, oldest first: its items not acknowledged and still open. 404 for an agent nobody knows. */
    public List<InboxItem> pending(Caller caller, String agentId) {
        caller.readsFor(agentId);
        mustKnow(agentId);
        return stillOpen(agentId, store.open(agentId, 0));
    }

    /** Acknowledges item {@code itemId} of {@code agentId}: it is not delivered again, even after a restart. */
    public boolean ack(Caller caller, String agentId, long itemId) {
        caller.readsFor(agentId);
        mustKnow(agentId);
        try {
            return switch (store.ack(agentId, itemId)) {
                case ACKED -> true;
                case ALREADY -> false;
                case NOT_FOUND -> throw new EngineException(EngineException.Kind.NOT_FOUND, "item_not_found",
                        "no inbox item " + itemId);
                case NOT_YOURS -> throw new EngineException(EngineException.Kind.FORBIDDEN, "not_your_item",
                        "inbox item " + itemId + " is not agent '" + agentId + "''s");
            };
        } catch (IOException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "inbox_store_failed",
                    "the acknowledgement could not be written: " + e.getMessage());
        }
    }

    /**
     * Streams the agent's items: first those after {@code afterId} still open (a reconnecting client resumes
     * after the last item it received), then each new one as it arises, in id order without a gap. Returns what
     * cancels the subscription.
     */
    public Runnable subscribe(Caller caller, String agentId, long afterId, Consumer<InboxItem> listener) {
        caller.readsFor(agentId);
        mustKnow(agentId);
        Ordered ordered = new Ordered(listener);
        List<InboxItem> backlog;
        synchronized (this) {
            backlog = store.open(agentId, afterId);
            listeners.computeIfAbsent(agentId, a -> new CopyOnWriteArrayList<>()).add(ordered);
        }
        ordered.flush(stillOpen(agentId, backlog));
        return () -> listeners.getOrDefault(agentId, new ArrayList<>()).remove(ordered);
    }

    /** True for an agent of a project, a participant of a meeting, a member of a conversation, or one with items. */
    public boolean known(String agentId) {
        return store.knows(agentId) || open.isMember(agentId);
    }

    private void mustKnow(String agentId) {
        if (!known(agentId)) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "agent_not_found", "no project, meeting or "
                    + "conversation has an agent '" + agentId + "'");
        }
    }

    /** The items still waiting for the agent; the others are settled (written so). */
    private List<InboxItem> stillOpen(String agentId, List<InboxItem> candidates) {
        List<InboxItem> out = new ArrayList<>();
        List<Long> settled = new ArrayList<>();
        for (InboxItem i : candidates) {
            if (!open.servedHere(i)) {
                continue; // another node's owner: listed there, and kept here for when it moves here
            }
            if (open.test(i)) {
                out.add(i);
            } else {
                settled.add(i.itemId());
            }
        }
        try {
            store.settle(agentId, settled);
        } catch (IOException e) {
            LOG.warnf("settled inbox items of %s not written: %s", agentId, e.getMessage());
        }
        return out;
    }

    /** Holds live items back until the backlog was handed over, so a stream sees items in id order. */
    private static final class Ordered implements Consumer<InboxItem> {
        private final Consumer<InboxItem> target;
        private List<InboxItem> held = new ArrayList<>();

        Ordered(Consumer<InboxItem> target) {
            this.target = target;
        }

        @Override
        public synchronized void accept(InboxItem item) {
            if (held != null) {
                held.add(item);
            } else {
                target.accept(item);
            }
        }

        synchronized void flush(List<InboxItem> backlog) {
            long last = 0;
            for (InboxItem i : backlog) {
                target.accept(i);
                last = i.itemId();
            }
            for (InboxItem i : held) {
                if (i.itemId() > last) {
                    target.accept(i);
                }
            }
            held = null;
        }
    }
}
