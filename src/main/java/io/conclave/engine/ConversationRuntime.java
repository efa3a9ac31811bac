package io.conclave.engine;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.ProjectJournal;
import io.conclave.model.Json;
import io.conclave.model.Refusal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.ConversationCommand;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnOutcome;

/**
 * One conversation: its session and its journal ({@code <data>/conversations/<id>/journal.jsonl}).
 * Every command takes the conversation's lock, lets a passed timeout act first (journaled as a tick
 * when it changed something), is decided by the rules, journaled and forced to disk, and only then
 * answered and published. A refused command leaves nothing behind; a restart replays the journal.
 */
public final class ConversationRuntime extends JournaledRuntime<ConversationRuntime.Applied> {
    private final String conversationId;
    private final ProjectJournal journal;
    private final List<ConversationMessage> messages = new ArrayList<>();
    private ConversationSession session;
    private ConversationSpec spec;
    private Instant createdAt;

    private ConversationRuntime(String conversationId, ProjectJournal journal, PolicySource policies, int maxFirings,
                                Clock wallClock, Consumer<ServiceEvent> events) {
        super("conversation " + conversationId, policies, maxFirings, wallClock, events);
        this.conversationId = conversationId;
        this.journal = journal;
    }

    static ConversationRuntime create(ConversationSpec spec, String actor, ProjectJournal journal, PolicySource policies,
                                      int maxFirings, Clock wallClock, Consumer<ServiceEvent> events) {
        activeOrUnavailable(policies);
        ConversationRuntime rt = new ConversationRuntime(spec.conversationId(), journal, policies, maxFirings, wallClock,
                events);
        rt.execute(JournalEntry.CREATE, actor, Json.MAPPER.valueToTree(spec));
        return rt;
    }

    static ConversationRuntime recover(String conversationId, ProjectJournal journal, PolicySource policies,
                                       int maxFirings, Clock wallClock, Consumer<ServiceEvent> events) throws IOException {
        ConversationRuntime rt = new ConversationRuntime(conversationId, journal, policies, maxFirings, wallClock, events);
        rt.replay();
        return rt;
    }

    public String conversationId() {
        return conversationId;
    }

    /** Reads the conversation under its lock, so a reader never sees half of a command. */
    public <T> T read(Function<ConversationView, T> reader) {
        lock.lock();
        try {
            checkOpen();
            return reader.apply(new ConversationView(spec, createdAt, session, messages));
        } finally {
            lock.unlock();
        }
    }

    /** Joins an agent; answers {@code reader} on the state right after, before any other command. */
    public <T> T join(String agentId, AgentRole role, Function<ConversationView, T> reader) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("agent_id", agentId);
        body.set("role", Json.MAPPER.valueToTree(role));
        return executeThenRead(JournalEntry.JOIN, agentId, body, reader);
    }

    public void join(String agentId, AgentRole role) {
        join(agentId, role, v -> null);
    }

    public void leave(String agentId) {
        execute(JournalEntry.LEAVE, agentId, JsonNodeFactory.instance.objectNode().put("agent_id", agentId));
    }

    /** Sends a message (its seq and time are set here); returns who answers it and why. */
    public TurnOutcome post(ConversationMessage message) {
        return (TurnOutcome) execute(JournalEntry.MESSAGE, message.sender(), Json.MAPPER.valueToTree(message));
    }

    /**
     * Writes a key of the shared context if it is still at {@code expectedVersion} (0 for a new key);
     * answers {@code reader} on the state right after, so the answer shows this write, not a later one.
     */
    public <T> T writeContext(String agentId, String key, JsonNode value, long expectedVersion,
                              Function<ConversationView, T> reader) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("agent_id", agentId).put("key", key)
                .put("expected_version", expectedVersion);
        body.set("value", value);
        return executeThenRead(JournalEntry.CONTEXT, agentId, body, reader);
    }

    public void writeContext(String agentId, String key, JsonNode value, long expectedVersion) {
        writeContext(agentId, key, value, expectedVersion, v -> null);
    }

    /** An agent saves its own state; answers {@code reader} on the state right after. */
    public <T> T saveState(String agentId, JsonNode state, Function<ConversationView, T> reader) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("agent_id", agentId);
        body.set("state", state);
        return executeThenRead(JournalEntry.AGENT_STATE, agentId, body, reader);
    }

    private <T> T executeThenRead(String type, String actor, JsonNode body, Function<ConversationView, T> reader) {
        lock.lock(); // held across both: no other command comes between the write and its answer
        try {
            execute(type, actor, body);
            return read(reader);
        } finally {
            lock.unlock();
        }
    }

    /** Lets a passed timeout end the conversation; journaled only when it changed something. Returns true then. */
    public boolean tickIfDue() {
        lock.lock();
        try {
            if (closed || session.conversation().isTerminated()) {
                return false;
            }
            Long deadline = session.conversation().getDeadline();
            return deadline != null && deadline <= wallClock.millis() && tick(now());
        } finally {
            lock.unlock();
        }
    }

    /** Moves the conversation to the active policy if it runs another one, journaled like any command. */
    public void catchUpWithActivePolicy() {
        lock.lock();
        try {
            if (!closed) {
                switchIfBehind();
            }
        } finally {
            lock.unlock();
        }
    }

    private Object execute(String type, String actor, JsonNode body) {
        lock.lock();
        try {
            boolean create = JournalEntry.CREATE.equals(type);
            Instant at = now();
            if (!create) {
                checkOpen();
                switchIfBehind();
                tick(at);
            }
            String version = create ? policies.active().version() : session.policy().version();
            JournalEntry entry = new JournalEntry(nextSeq, type, actor, version, at, body);
            Applied applied = applyOrRollBack(entry);
            commit(entry, applied);
            return applied.result;
        } finally {
            lock.unlock();
        }
    }

    private boolean tick(Instant at) {
        JournalEntry entry = new JournalEntry(nextSeq, JournalEntry.TICK, "conclave", session.policy().version(), at,
                JsonNodeFactory.instance.objectNode());
        Applied applied = applyOrRollBack(entry);
        if (!session.changedThisCommand()) {
            return false;
        }
        commit(entry, applied);
        return true;
    }

    @Override
    protected void commit(JournalEntry entry, Applied applied) {
        try {
            journal.append(entry);
        } catch (IOException e) {
            if (JournalEntry.CREATE.equals(entry.type())) {
                session.close();
                journal.discardEmpty();
            } else {
                rollBack();
            }
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "journal_write_failed",
                    "could not write the journal of conversation " + conversationId + ": " + e.getMessage());
        }
        nextSeq++;
        lastAt = entry.recordedAt();
        applied.events.forEach(events);
    }

    @Override
    protected Applied apply(JournalEntry e) {
        long at = e.recordedAt().toEpochMilli();
        Applied out = new Applied(e);
        if (JournalEntry.CREATE.equals(e.type())) {
            spec = Json.MAPPER.convertValue(e.body(), ConversationSpec.class);
            createdAt = e.recordedAt();
            session = ConversationSession.start(spec, policies.byVersion(e.policyVersion()), maxFirings, at, e.seq());
            out.event("CONVERSATION_CREATED", e.actor(), e.body());
            return out;
        }
        if (!session.policy().version().equals(e.policyVersion())) {
            session.switchTo(policies.byVersion(e.policyVersion()), e.seq());
        }
        int mark = session.ledger().size();
        JsonNode body = e.body();
        String agent = body.path("agent_id").asText(null);
        if (!JournalEntry.TICK.equals(e.type()) && !JournalEntry.POLICY_SWITCH.equals(e.type())) {
            session.tick(at, e.seq()); // live, the time acted (and was journaled if it changed anything) just before
        }
        switch (e.type()) {
            case JournalEntry.TICK, JournalEntry.POLICY_SWITCH -> session.tick(at, e.seq());
            case JournalEntry.JOIN -> refuseIf(session.decide(ConversationCommand.join(agent,
                    Json.MAPPER.convertValue(body.get("role"), AgentRole.class)), at, e.seq()));
            case JournalEntry.LEAVE -> refuseIf(session.decide(ConversationCommand.leave(agent), at, e.seq()));
            case JournalEntry.CONTEXT -> refuseIf(session.decide(ConversationCommand.writeContext(agent,
                    body.get("key").asText(), body.get("value"), body.get("expected_version").asLong()), at, e.seq()));
            case JournalEntry.AGENT_STATE -> refuseIf(session.decide(ConversationCommand.saveState(agent,
                    body.get("state")), at, e.seq()));
            case JournalEntry.MESSAGE -> {
                ConversationMessage m = Json.MAPPER.convertValue(body, ConversationMessage.class);
                m = new ConversationMessage(messages.size() + 1L, e.recordedAt(), m.sender(), m.content(), m.topics(),
                        m.suggestedNext(), m.handoffTo(), m.stance(), m.finalMessage(), null);
                refuseIf(session.decide(m.toRequest(), at, e.seq()));
                TurnOutcome outcome = TurnOutcome.of(m.seq(), List.copyOf(session.ledger().subList(mark,
                        session.ledger().size())), session.conversation());
                ConversationMessage stored = m.answeredBy(outcome.responders());
                messages.add(stored);
                out.result = outcome;
                out.event("CONVERSATION_MESSAGE", m.sender(), Json.MAPPER.valueToTree(stored));
            }
            default -> throw new IllegalStateException("unknown conversation journal entry type " + e.type());
        }
        for (TurnDecision d : session.ledger().subList(mark, session.ledger().size())) {
            out.decided(d);
        }
        return out;
    }

    private void refuseIf(Refusal r) {
        if (r != null) {
            throw EngineException.refused(r, !session.changedThisCommand());
        }
    }

    @Override
    protected String runningVersion() {
        return session.policy().version();
    }

    @Override
    protected void replay() throws IOException {
        List<JournalEntry> entries = entries(journal);
        if (session != null) {
            session.close();
        }
        session = null;
        messages.clear();
        for (JournalEntry e : entries) {
            apply(e);
        }
        JournalEntry last = entries.get(entries.size() - 1);
        nextSeq = last.seq() + 1;
        lastAt = last.recordedAt();
    }

    private void checkOpen() {
        checkOpen("conversation_not_found", "conversation '" + conversationId + "' was closed");
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            if (session != null) {
                session.close();
            }
            journal.close();
        } finally {
            lock.unlock();
        }
    }

    /** What one entry did: the answer to give and the events to publish once it is journaled. */
    final class Applied {
        private final JournalEntry entry;
        private final List<ServiceEvent> events = new ArrayList<>();
        private Object result;

        Applied(JournalEntry entry) {
            this.entry = entry;
        }

        void decided(TurnDecision d) {
            String type = switch (d.getKind()) {
                case AGENT_JOINED -> "AGENT_JOINED_CONVERSATION";
                case AGENT_LEFT -> "AGENT_LEFT_CONVERSATION";
                case CONSENSUS_VOTE_OPENED -> "CONSENSUS_VOTE_OPENED";
                default -> d.getKind().name();
            };
            event(type, d.getAgentId() != null ? d.getAgentId() : d.getFirstResponder(), Json.MAPPER.valueToTree(d));
        }

        void event(String type, String agentId, JsonNode data) {
            events.add(ServiceEvent.conversation(type, entry.recordedAt(), conversationId, spec.projectId(), agentId, data));
        }
    }
}
