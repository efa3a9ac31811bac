package io.conclave.app.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.app.cluster.InboxSync;
import io.conclave.model.CommandException;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.journal.InboxStore;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.conclave.model.inbox.InboxItem;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.app.access.Caller;

/**
 * An agent's inbox: the one channel through which the orchestrator asks an agent to act, whatever its
 * language. Every event of the service's stream that asks something of an agent ({@link InboxItems}: a task
 * assigned, awarded or delegated to it, a call for proposals, a rejected bid, a meeting invitation, a meeting
 * in discussion or voting, a conversation turn, a skip or new priority of its task, a pause or resumption of a
 * run of real agents) becomes an item in its inbox, kept on disk ({@link InboxStore}) and pushed to its open
 * streams; a turn is kept in memory only, and taken again from its conversation at every start
 * ({@link #recoverTurns}). An item stays until the agent acknowledges it, or until the service finds it no longer
 * waits for the agent ({@link InboxOpen}: the task was started by someone else or ended, the call closed, the meeting
 * moved on...). Delivery is at least once: an agent acknowledges what it handled.
 * <p>
 * An item is named by the journal entry whose publication made it ({@link JournaledRuntime.Origin}) and its
 * agent, so the same event gives the same id wherever it is published. In a cluster the node serving the owner
 * writes the items to the inbox topic before the command that made them is answered, any node writes an
 * acknowledgement there before answering it, and every node keeps what it reads there ({@link InboxSync}): the
 * same items, ids and acknowledgements on every node.
 */
@ApplicationScoped
public class AgentInbox {
    private static final Logger LOG = Logger.getLogger(AgentInbox.class);
    /**
     * How long the items of an event may take to be acknowledged by Kafka (the event's publisher waits: its command
     * is answered after), and an acknowledgement's record (its request waits).
     */
    private static final Duration ITEMS_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);
    /** How long an acknowledgement waits for an item this node has not read yet (made on another node just now). */
    private static final long UNSEEN_WAIT_MILLIS = 3000;

    private final EventHub hub;
    private final Engine engine;
    private final InboxItems items;
    private final InboxOpen open;
    private final InboxStore store;
    private final Map<String, List<Consumer<InboxItem>>> listeners = new ConcurrentHashMap<>();
    /** This node's part of the cluster's inboxes; null on one node. */
    private volatile InboxSync sync;

    public AgentInbox(Engine engine, EventHub hub, ConclaveConfig config) {
        this.hub = hub;
        this.engine = engine;
        this.items = new InboxItems(engine);
        this.open = new InboxOpen(engine);
        try {
            // in a cluster the inbox topic holds every node's items: each node's copy is rebuilt from it at start
            this.store = engine.cluster() != null ? InboxStore.inMemory(InboxKinds::subject)
                    : new InboxStore(config.dataDir().resolve("inbox"), InboxKinds::subject);
        } catch (IOException e) {
            throw new UncheckedIOException("the agents' inboxes could not be read", e);
        }
        if (engine.cluster() != null) {
            this.sync = new InboxSync(engine.cluster(), this::fromTopic);
        }
    }

    /**
     * Listens to the event stream before the engine recovers or loads anything; on one node, takes the turns each
     * conversation holds open as the engine recovers it ({@link #recoverTurns}).
     */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        hub.follow(this::received); // its own lock orders its items; the hub's would hold every other owner's events
        if (sync == null) {
            engine.conversations().onRecovered(this::recoverTurns);
        }
    }

    /** In a cluster, once the topics exist: reads every item and acknowledgement kept, then follows the topic. */
    void onJoined(@Observes @Priority(11) StartupEvent event) {
        if (sync != null) {
            sync.start();
        }
    }

    /**
     * The items of the turns a conversation just recovered holds open, named as when they were granted: no line of a
     * turn is written ({@link InboxKinds#toldAgainByItsOwner}), the conversation's journal keeps the grants. One
     * acknowledged before the restart stays closed, and a stream resumed after one gets every open item
     * ({@link InboxStore#retell}).
     */
    private void recoverTurns(ConversationRuntime rt) {
        try {
            List<InboxItem> made = items.openTurns(rt);
            synchronized (this) {
                for (InboxItem item : made) {
                    added(store.retell(item));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the open turns of conversation %s were not taken into the inboxes: %s", rt.conversationId(),
                    e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sync != null) {
            sync.close();
        }
        try {
            store.close();
        } catch (IOException e) {
            // every line was written as its item came: closing loses nothing
        }
    }

    /** Makes the items an event asks for and pushes each to its agent's open streams. Never throws at the publisher. */
    private void received(ServiceEvent e) {
        JournaledRuntime.Origin origin = JournaledRuntime.publishing();
        try {
            if (sync != null) {
                if (origin == null) {
                    return; // another node's event: that node wrote its items to the inbox topic
                }
                List<InboxSync.Record> records = new ArrayList<>();
                for (InboxItem item : named(items.of(e), origin, e)) {
                    ObjectNode value = Json.MAPPER.createObjectNode();
                    value.set("item", Json.MAPPER.valueToTree(item));
                    records.add(new InboxSync.Record(item.itemId(), value));
                }
                if (!records.isEmpty() && !sync.write(records, ITEMS_TIMEOUT)) {
                    LOG.errorf("inbox items of event %s of %s %s (entry %d) not kept by the cluster", e.type(),
                            origin.kind(), origin.ownerId(), origin.seq());
                }
                return;
            }
            // made outside the lock (a turn's item reads its conversation): the lock only orders the items kept
            List<InboxItem> made = named(items.of(e), origin, e);
            if (made.isEmpty()) {
                return; // most events ask nothing of an agent
            }
            synchronized (this) {
                for (InboxItem item : made) {
                    added(store.add(item, !InboxKinds.toldAgainByItsOwner(item)));
                }
            }
        } catch (IOException | RuntimeException x) {
            LOG.errorf(x, "inbox items of event %s %d not kept: %s", e.type(), e.id(), x.getMessage());
        }
    }

    /**
     * Names the items of one event: {@code <kind>~<owner id>~<born>~<entry seq>~<event>~<agent>} (and {@code ~2},
     * {@code ~3}... for an agent's further items of the same event), {@code <born>} being when the owner was created
     * (epoch milliseconds in base 36): a project deleted and loaded again under the same id gives its items new names,
     * never those of the earlier project, which its agents acknowledged. Owner and agent ids never hold a {@code ~},
     * so two items never share a name. An owner whose journal does not say when it was born (a snapshot taken before
     * it was kept) names its items without it, as before. An event no entry published here (none makes items) is
     * named by its place in this node's stream.
     */
    static List<InboxItem> named(List<InboxItem> unnamed, JournaledRuntime.Origin origin, ServiceEvent e) {
        if (unnamed.isEmpty()) {
            return List.of(); // most events ask nothing of an agent: no name to make
        }
        String base = origin == null ? "event~" + e.id()
                : origin.kind() + "~" + origin.ownerId() + (origin.born() == null ? ""
                : "~" + Long.toString(origin.born().toEpochMilli(), 36)) + "~" + origin.seq() + "~" + origin.event();
        Map<String, Integer> nth = new HashMap<>();
        List<InboxItem> out = new ArrayList<>();
        for (InboxItem i : unnamed) {
            int n = nth.merge(i.agentId(), 1, Integer::sum);
            out.add(i.named(base + "~" + i.agentId() + (n > 1 ? "~" + n : "")));
        }
        return out;
    }

    /** A new item kept here: pushed to its agent's open streams. */
    private void added(InboxItem stored) {
        if (stored == null) {
            return; // known already (published again: the same event gives the same id)
        }
        for (Consumer<InboxItem> l : listeners.getOrDefault(stored.agentId(), List.of())) {
            l.accept(stored);
        }
    }

    /** A record of the cluster's inbox topic, in the topic's order (on the topic's reader). */
    private synchronized void fromTopic(JsonNode record) {
        try {
            if (record.has("item")) {
                added(store.add(Json.JOURNAL.treeToValue(record.get("item"), InboxItem.class)));
            } else if (record.has("ack")) {
                store.ack(record.path("agent_id").asText(), record.get("ack").asText());
            } else if (record.has("settled")) {
                store.settle(record.path("agent_id").asText(), List.of(record.get("settled").asText()));
            }
        } catch (IOException e) {
            LOG.warnf("an inbox record was not kept: %s", e.getMessage());
        }
    }

    /**
     * What waits for the agent, oldest first: its items not acknowledged and still open, of project {@code projectId}
     * only when one is given, and only of its token's projects when the caller's token is limited to some
     * ({@link #scope}). 404 for an agent nobody knows.
     */
    public List<InboxItem> pending(Caller caller, String agentId, String projectId) {
        java.util.function.Predicate<InboxItem> wanted = scope(caller, agentId, projectId);
        mustKnow(agentId);
        // in a cluster each node lists the items of the owners it serves: the lists of every node are gathered
        return stillOpen(agentId, store.open(agentId, null), false).stream().filter(wanted).toList();
    }

    /**
     * Which of the agent's items {@code caller} gets: those of project {@code projectId} when one is asked for (a
     * project's own items, and those of its meetings and conversations), and, for a token limited to some projects,
     * only theirs (an item of no project is of none of them). 403 for another agent's inbox, and for a project the
     * token is not for.
     */
    static java.util.function.Predicate<InboxItem> scope(Caller caller, String agentId, String projectId) {
        caller.readsFor(agentId);
        List<String> limited = caller.isAgent() ? caller.projects() : List.of();
        if (projectId != null && !limited.isEmpty() && !limited.contains(projectId)) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "not_a_member", "this token of agent '"
                    + agentId + "' is not for project '" + projectId + "'");
        }
        return i -> (projectId == null || projectId.equals(i.projectId()))
                && (limited.isEmpty() || i.projectId() != null && limited.contains(i.projectId()));
    }

    /** Acknowledges item {@code itemId} of {@code agentId}: it is not delivered again, even after a restart. */
    public boolean ack(Caller caller, String agentId, String itemId) {
        java.util.function.Predicate<InboxItem> reachable = scope(caller, agentId, null);
        mustKnow(agentId);
        if (store.open(agentId, null).stream().anyMatch(i -> i.itemId().equals(itemId) && !reachable.test(i))) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "not_a_member", "inbox item " + itemId
                    + " is of a project this token is not for");
        }
        if (sync != null) {
            long until = System.currentTimeMillis() + UNSEEN_WAIT_MILLIS;
            while (!store.holds(itemId) && System.currentTimeMillis() < until) {
                try {
                    Thread.sleep(50); // made on another node just now: its record is on its way here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        InboxStore.Acked would = store.check(agentId, itemId);
        try {
            if (would == InboxStore.Acked.ACKED && sync != null) {
                ObjectNode value = Json.MAPPER.createObjectNode().put("ack", itemId).put("agent_id", agentId);
                if (!sync.write(List.of(new InboxSync.Record(itemId, value)), ACK_TIMEOUT)) {
                    throw new CommandException(CommandException.Kind.UNAVAILABLE, "inbox_ack_not_shared",
                            "the acknowledgement of " + itemId + " was not acknowledged by the cluster's inbox topic; "
                            + "send it again");
                }
            }
            return switch (would == InboxStore.Acked.ACKED ? store.ack(agentId, itemId) : would) {
                // (acknowledged meanwhile through the topic: the acknowledgement sent here is the one that counts)
                case ACKED, ALREADY -> would == InboxStore.Acked.ACKED;
                case NOT_FOUND -> throw new CommandException(CommandException.Kind.NOT_FOUND, "item_not_found",
                        "no inbox item " + itemId);
                case NOT_YOURS -> throw new CommandException(CommandException.Kind.FORBIDDEN, "not_your_item",
                        "inbox item " + itemId + " is not agent '" + agentId + "''s");
            };
        } catch (IOException e) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "inbox_store_failed",
                    "the acknowledgement could not be written: " + e.getMessage());
        }
    }

    /**
     * Streams the agent's items: first those after item {@code afterId} still open (a reconnecting client resumes
     * after the last item it received; null or an item this node does not know: every open one), then each new
     * one as it arises, in the order they arrived here without a gap. In a cluster the backlog holds the items of
     * every owner: those of owners this node serves as it finds them now, the others as the inbox topic says
     * (acknowledged and settled ones left out). Only items {@code caller} may get, of {@code projectId} when it is given
     * ({@link #scope}). Returns what cancels the subscription.
     */
    public Runnable subscribe(Caller caller, String agentId, String projectId, String afterId,
                              Consumer<InboxItem> listener) {
        java.util.function.Predicate<InboxItem> wanted = scope(caller, agentId, projectId);
        mustKnow(agentId);
        Ordered ordered = new Ordered(i -> {
            if (wanted.test(i)) {
                listener.accept(i);
            }
        }, store);
        List<InboxItem> backlog;
        synchronized (this) {
            backlog = store.open(agentId, afterId);
            listeners.computeIfAbsent(agentId, a -> new CopyOnWriteArrayList<>()).add(ordered);
        }
        ordered.flush(stillOpen(agentId, backlog, true));
        return () -> listeners.getOrDefault(agentId, new ArrayList<>()).remove(ordered);
    }

    /** Where item {@code itemId} stands in this node's order of items ({@link Long#MAX_VALUE}: not known here). */
    public long position(String itemId) {
        return store.position(itemId);
    }

    /** True for an agent of a project, a participant of a meeting, a member of a conversation, or one with items. */
    public boolean known(String agentId) {
        return store.knows(agentId) || open.isMember(agentId);
    }

    private void mustKnow(String agentId) {
        if (!known(agentId)) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "agent_not_found", "no project, meeting or "
                    + "conversation has an agent '" + agentId + "'");
        }
    }

    /**
     * The items still waiting for the agent; the others are settled (written so, and in a cluster shared). Items of
     * owners another node serves are that node's to judge: kept with {@code othersToo}, left out otherwise.
     */
    private List<InboxItem> stillOpen(String agentId, List<InboxItem> candidates, boolean othersToo) {
        List<InboxItem> out = new ArrayList<>();
        List<String> settled = new ArrayList<>();
        for (InboxItem i : candidates) {
            if (!open.servedHere(i)) {
                if (othersToo) {
                    out.add(i);
                }
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
        if (sync != null && !settled.isEmpty()) {
            sync.writeLater(settled.stream().map(id -> new InboxSync.Record(id, Json.MAPPER.createObjectNode()
                    .put("settled", id).put("agent_id", agentId))).toList());
        }
        return out;
    }

    /** Holds live items back until the backlog was handed over, so a stream sees items in order. */
    private static final class Ordered implements Consumer<InboxItem> {
        private final Consumer<InboxItem> target;
        private final InboxStore store;
        private List<InboxItem> held = new ArrayList<>();

        Ordered(Consumer<InboxItem> target, InboxStore store) {
            this.target = target;
            this.store = store;
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
                last = Math.max(last, store.position(i.itemId()));
            }
            for (InboxItem i : held) {
                if (store.position(i.itemId()) > last) {
                    target.accept(i);
                }
            }
            held = null;
        }
    }
}
