package io.conclave.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.conclave.journal.ProjectJournal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.ConversationSpec;

/**
 * All conversations, each with its own session and journal under
 * {@code <data>/conversations/<conversation_id>/}. Different conversations take commands in parallel.
 */
public final class ConversationRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConversationRegistry.class);

    private final Path root;
    private final PolicySource policies;
    private final int maxFirings;
    private final Clock wallClock;
    private final Consumer<ServiceEvent> events;
    private final ConcurrentSkipListMap<String, ConversationRuntime> conversations = new ConcurrentSkipListMap<>();

    public ConversationRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock,
                                Consumer<ServiceEvent> events) {
        this.root = dataDir.resolve("conversations");
        this.policies = policies;
        this.maxFirings = maxFirings;
        this.wallClock = wallClock;
        this.events = events;
    }

    /** Replays every conversation journal under the data folder; one that fails is logged and skipped. */
    public void recoverAll() throws IOException {
        for (String id : ProjectJournal.owners(root)) {
            try {
                ConversationRuntime rt = ConversationRuntime.recover(id, new ProjectJournal(root.resolve(id)), policies,
                        maxFirings, wallClock, events);
                conversations.put(id, rt);
                rt.catchUpWithActivePolicy();
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "conversation %s could not be recovered", id);
            }
        }
        LOG.infof("recovered %d conversation(s) from %s", conversations.size(), root);
    }

    /** Opens a conversation from a validated spec; 409 when the id is taken. */
    public synchronized ConversationRuntime create(ConversationSpec spec, String actor) {
        Path folder = root.resolve(spec.conversationId());
        if (conversations.containsKey(spec.conversationId()) || Files.exists(folder)) {
            throw new EngineException(EngineException.Kind.CONFLICT, "conversation_exists",
                    "conversation '" + spec.conversationId() + "' already exists");
        }
        ConversationRuntime rt = ConversationRuntime.create(spec, actor, new ProjectJournal(folder), policies, maxFirings,
                wallClock, events);
        conversations.put(spec.conversationId(), rt);
        rt.catchUpWithActivePolicy();
        return rt;
    }

    public ConversationRuntime get(String conversationId) {
        ConversationRuntime rt = conversationId == null ? null : conversations.get(conversationId);
        if (rt == null) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "conversation_not_found",
                    "no conversation '" + conversationId + "'");
        }
        return rt;
    }

    public List<ConversationRuntime> all() {
        return List.copyOf(conversations.values());
    }

    /** Lets every conversation whose timeout passed end. Called periodically. */
    public void tickAll() {
        for (ConversationRuntime rt : conversations.values()) {
            try {
                rt.tickIfDue();
            } catch (RuntimeException e) {
                LOG.errorf("conversation %s: timeout not applied: %s", rt.conversationId(), e.getMessage());
            }
        }
    }

    /** Moves every conversation to the active policy (each journals its switch). */
    public void switchAll() {
        for (ConversationRuntime rt : conversations.values()) {
            rt.catchUpWithActivePolicy();
        }
    }

    @Override
    public void close() {
        for (ConversationRuntime rt : conversations.values()) {
            try {
                rt.close();
            } catch (IOException e) {
                LOG.warnf("closing conversation %s: %s", rt.conversationId(), e.getMessage());
            }
        }
        conversations.clear();
    }
}
