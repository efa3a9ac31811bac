package io.conclave.engine.conversation;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.Refusal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.command.ConversationCommand;
import io.conclave.model.command.CreateConversation;
import io.conclave.model.command.JoinConversation;
import io.conclave.model.command.Leave;
import io.conclave.model.command.SaveAgentState;
import io.conclave.model.command.SendMessage;
import io.conclave.model.command.RepairJournal;
import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.Tick;
import io.conclave.model.command.WriteContext;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationRequest;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnOutcome;
import io.conclave.model.conversation.TurnTally;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.OwnerSession;
import io.conclave.engine.policy.Outputs;

/**
 * One conversation: its session and its journal ({@code <data>/conversations/<id>/journal.jsonl}).
 * Every command lets a passed timeout act first (journaled as a tick when it changed something), is
 * decided by the rules, journaled and forced to disk, and only then answered and published.
 */
public final class ConversationRuntime extends JournaledRuntime<ConversationCommand, ConversationRuntime.Applied> {
    /** The newest messages kept in memory by default; the older ones are read back from the history on disk. */
    public static final int DEFAULT_WINDOW = 200;
    /** What memory keeps of the history (the newest messages and their turns, a page of decisions); all is in {@link #history}. */
    private final RecentHistory recent;
    private ConversationSession session;
    private ConversationSpec spec;
    /**
     * The project the conversation was opened in ({@code ""}: none), kept apart from {@link #spec} to be read without
     * the lock (it never changes); null until this process applied the creation.
     */
    private volatile String openedIn;
    private Instant createdAt;
    /** The messages and decisions of the whole conversation, on disk beside the journal. */
    private final ConversationHistory history;
    /** Messages and decisions applied but not yet in {@link #history}: written once their entry is durable. */
    private final List<ConversationMessage> unwrittenMessages = new ArrayList<>();
    private final List<TurnDecision> unwrittenDecisions = new ArrayList<>();
    /** True from a reset to the end of the replay: every entry applied then is durable already. */
    private boolean replaying;
    /** The success metrics: turns granted and answered, and how long each answer took (journaled times). */
    private final TurnTally tally = new TurnTally();
    /** Each member's latest turn not answered yet: what its inbox holds of this conversation. */
    private final OpenTurns openTurns = new OpenTurns();

    private ConversationRuntime(String conversationId, Journal<ConversationCommand> journal, Setting setting,
                                ConversationHistory history, int window) {
        super("conversation", conversationId, journal, setting);
        this.history = history;
        this.recent = new RecentHistory(window, history.onDisk());
    }

    static ConversationRuntime create(ConversationSpec spec, String actor, Journal<ConversationCommand> journal,
                                      Setting setting, ConversationHistory history, int window) {
        ConversationRuntime rt = new ConversationRuntime(spec.conversationId(), journal, setting, history, window);
        rt.create(CreateConversation.of(spec), actor);
        return rt;
    }

    static ConversationRuntime recover(String conversationId, Journal<ConversationCommand> journal, Setting setting,
                                       ConversationHistory history, int window) throws IOException {
        ConversationRuntime rt = new ConversationRuntime(conversationId, journal, setting, history, window);
        rt.replay();
        return rt;
    }

    public String conversationId() {
        return id;
    }

    // ------------------------------------------------------------------ scratch copies (why-not replays)

    /** Messages a scratch copy keeps in memory: all of them (it replays one conversation's journal once). */
    private static final int SCRATCH_WINDOW = 1 << 20;

    /**
     * An empty conversation over a journal in memory, with no history on disk, publishing nothing: a why-not replays
     * into it.
     */
    static ConversationRuntime scratch(String conversationId, Setting setting) {
        return new ConversationRuntime(conversationId, new io.conclave.engine.owner.MemoryJournal<>(), setting,
                ConversationHistory.none(), SCRATCH_WINDOW);
    }

    /** The journal as it is now, read under the lock. */
    List<JournalEntry<ConversationCommand>> entries() {
        return locked(() -> {
            try {
                return journal.read().entriesOrThrow();
            } catch (IOException e) {
                throw unavailable(e);
            }
        });
    }

    /**
     * Readers of a conversation read together: a read changes nothing (the view reads the session's facts one
     * reader at a time, the history's files through synchronized reads, the tally and the window as they are),
     * so agents polling a conversation wait for its commands, never for one another.
     */
    @Override
    protected boolean readsShare() {
        return true;
    }

    /** Reads the conversation under its read lock, so a reader never sees half of a command. */
    public <T> T read(Function<ConversationView, T> reader) {
        return locked(() -> reader.apply(view()));
    }

    /** Joins an agent; answers {@code reader} on the state right after, before any other command. */
    public <T> T join(String agentId, AgentRole role, Function<ConversationView, T> reader) {
        return join(agentId, role, null, reader);
    }

    /** Joins an agent stating its own capabilities (null: none), which the rules check against its role's. */
    public <T> T join(String agentId, AgentRole role, List<String> capabilities, Function<ConversationView, T> reader) {
        return executeThenRead(new JoinConversation(agentId, role, capabilities), reader);
    }

    public void join(String agentId, AgentRole role) {
        join(agentId, role, v -> null);
    }

    public void leave(String agentId) {
        execute(new Leave(agentId), agentId, () -> { });
    }

    /** Sends a message; returns who answers it and why. */
    public TurnOutcome post(SendMessage message) {
        return execute(message, message.sender(), () -> { }).result;
    }

    /**
     * Writes a key of the shared context if it is still at {@code expectedVersion} (0 for a new key);
     * answers {@code reader} on the state right after, so the answer shows this write, not a later one.
     */
    public <T> T writeContext(String agentId, String key, JsonNode value, long expectedVersion,
                              Function<ConversationView, T> reader) {
        return executeThenRead(new WriteContext(agentId, key, expectedVersion, value), reader);
    }

    public void writeContext(String agentId, String key, JsonNode value, long expectedVersion) {
        writeContext(agentId, key, value, expectedVersion, v -> null);
    }

    /** An agent saves its own state; answers {@code reader} on the state right after. */
    public <T> T saveState(String agentId, JsonNode state, Function<ConversationView, T> reader) {
        return executeThenRead(new SaveAgentState(agentId, state), reader);
    }

    private <T> T executeThenRead(ConversationCommand command, Function<ConversationView, T> reader) {
        lock.lock(); // held across both: no other command comes between the write and its answer
        try {
            execute(command, command.agent(), () -> { });
            return read(reader);
        } finally {
            lock.unlock();
        }
    }

    private ConversationView view() {
        return new ConversationView(spec, createdAt, session, recent, history, tally);
    }

    // ------------------------------------------------------------------ JournaledRuntime

    @Override
    protected Applied apply(JournalEntry<ConversationCommand> e) {
        if (!replaying) {
            // what an earlier live entry applied without being journaled (a tick that changed nothing) is not history
            unwrittenMessages.clear();
            unwrittenDecisions.clear();
        }
        Applied out = decide(e);
        // the events publish() makes of the entry, in its order: the creation, the message, the answer, the decisions
        int firstDecisionEvent = (e.command() instanceof CreateConversation ? 1 : 0) + (out.message != null ? 1 : 0)
                + (out.answer != null ? 1 : 0);
        // born: its creation's time (a conversation's journal starts with its creation: it takes no snapshots)
        openTurns.applied(id, createdAt, e.seq(), e.recordedAt(), out.message == null ? null : out.message.sender(),
                firstDecisionEvent, out.decisions);
        unwrittenDecisions.addAll(out.decisions);
        if (out.message != null) {
            unwrittenMessages.add(out.message);
        }
        recent.decided(out.decisions);
        if (session != null) {
            recent.trim(session);
        }
        if (replaying) {
            store(); // a replayed entry is durable: what the history lacks of it (a crash lost its tail) is written now
        }
        return out;
    }

    /** Writes the messages and decisions applied since the last write to the history (the ones it lacks). */
    private void store() {
        try {
            history.append(unwrittenMessages, unwrittenDecisions);
        } catch (IOException ex) {
            // the journal holds them: the next replay writes them again
            org.jboss.logging.Logger.getLogger(ConversationRuntime.class).warnf("%s: history not written: %s",
                    name(), ex.getMessage());
        }
        unwrittenMessages.clear();
        unwrittenDecisions.clear();
    }

    @Override
    protected void written(JournalEntry<ConversationCommand> entry, Applied applied) {
        store();
    }

    @Override
    protected void catchingUp() {
        replaying = true; // the entries applied are durable: the history gets what it lacks of them
    }

    @Override
    protected void replayed(List<JournalEntry<ConversationCommand>> entries) {
        replaying = false;
        try {
            // a history longer than the journal (a repair set entries aside) keeps only what the journal says
            history.keep(recent.messageCount(), session == null ? 0 : session.decisionCount());
        } catch (IOException ex) {
            org.jboss.logging.Logger.getLogger(ConversationRuntime.class).warnf("%s: history not cut back: %s",
                    name(), ex.getMessage());
        }
    }

    private Applied decide(JournalEntry<ConversationCommand> e) {
        long at = e.recordedAt().toEpochMilli();
        Applied out = new Applied();
        ConversationCommand c = e.command();
        if (c instanceof CreateConversation create) {
            spec = create.spec();
            openedIn = spec.projectId() == null ? "" : spec.projectId();
            createdAt = e.recordedAt();
            session = ConversationSession.start(spec, policyOf(e), setting.maxFirings(), at, e.seq());
            return out;
        }
        if (!session.policy().version().equals(e.policyVersion())) {
            session.switchTo(policyOf(e), e.seq());
        }
        int mark = session.ledger().size();
        if (!(c instanceof Tick || c instanceof SwitchPolicy || c instanceof RepairJournal)) {
            session.tick(at, e.seq()); // live, the time acted (and was journaled if it changed anything) just before
        }
        if (c instanceof Tick || c instanceof SwitchPolicy || c instanceof RepairJournal) {
            session.tick(at, e.seq());
        } else if (c instanceof JoinConversation join) {
            refuseIf(session.decide(ConversationRequest.join(join.agentId(), join.role(), join.capabilities()), at, e.seq()));
        } else if (c instanceof Leave leave) {
            refuseIf(session.decide(ConversationRequest.leave(leave.agentId()), at, e.seq()));
        } else if (c instanceof WriteContext w) {
            refuseIf(session.decide(ConversationRequest.writeContext(w.agentId(), w.key(), w.value(),
                    w.expectedVersion()), at, e.seq()));
        } else if (c instanceof io.conclave.model.command.MemoryCommand memory) {
            // the present members in join order: whose copies of the shared memory a write reaches
            List<String> present = session.members().stream().filter(io.conclave.model.conversation.Member::isPresent)
                    .map(io.conclave.model.conversation.Member::getAgentId).toList();
            refuseIf(session.decide(memory.toRequest(io.conclave.model.memory.MemoryOwner.conversation(id), present),
                    at, e.seq()));
        } else if (c instanceof SaveAgentState s) {
            refuseIf(session.decide(ConversationRequest.saveState(s.agentId(), s.state()), at, e.seq()));
        } else if (c instanceof SendMessage send) {
            ConversationMessage m = new ConversationMessage(recent.messageCount() + 1L, e.recordedAt(), send.sender(),
                    send.content(), send.topics(), send.suggestedNext(), send.handoffTo(), send.stance(),
                    send.finalMessage(), null);
            long firstDecision = session.decisionCount() + 1;
            refuseIf(session.decide(m.toRequest(), at, e.seq()));
            TurnOutcome outcome = TurnOutcome.of(m.seq(), List.copyOf(session.ledger().subList(mark,
                    session.ledger().size())), session.conversation());
            ConversationMessage stored = m.answeredBy(outcome.responders());
            recent.took(stored, firstDecision);
            out.result = outcome;
            out.message = stored;
            // the message answers the sender's open turn; each turn it grants is its agent's open turn from now on
            out.answer = tally.sent(send.sender(), m.seq(), at);
            for (String responder : outcome.responders()) {
                tally.granted(responder, m.seq(), at);
            }
        }
        out.decisions.addAll(session.ledger().subList(mark, session.ledger().size()));
        return out;
    }

    private void refuseIf(Refusal r) {
        if (r != null) {
            throw CommandException.refused(r, !session.changedThisCommand());
        }
    }

    @Override
    protected void reset() {
        if (session != null) {
            session.close();
        }
        session = null;
        recent.clear();
        tally.clear();
        openTurns.clear();
        unwrittenMessages.clear();
        unwrittenDecisions.clear();
        replaying = true; // a reset is followed by a replay, or ends the owner (closed, or asleep)
        try {
            history.flush(); // what it held back of durable entries: an owner asleep holds no lines
        } catch (IOException ex) {
            // a replay writes them again
            org.jboss.logging.Logger.getLogger(ConversationRuntime.class).warnf("%s: history not written: %s",
                    name(), ex.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            history.close();
        }
    }

    /**
     * A member's latest turn it has not answered: the grant, the origin of its event (what names the turn's inbox
     * item), and when.
     */
    public record OpenTurn(String agentId, JournaledRuntime.Origin origin, Instant at, TurnDecision decision) {
    }

    /**
     * The turns the members hold now, in the order they were granted (none once the conversation ended): read under
     * the lock, woken if it sleeps.
     */
    public List<OpenTurn> openTurns() {
        return locked(() -> view().active() ? openTurns.all() : List.of());
    }

    /** What lists show of a conversation and who may see it: kept, so listing rebuilds no sleeping conversation. */
    public record Listing(io.conclave.model.conversation.ConversationSnapshot.Summary summary, List<String> memberIds,
                          io.conclave.model.conversation.ConversationMetrics metrics) {
    }

    /** A conversation may always sleep: its journal is all it has. */
    @Override
    protected boolean canSleep() {
        return true;
    }

    @Override
    protected Object listing() {
        ConversationView v = view();
        return new Listing(v.summary(), v.memberIds(), v.metrics());
    }

    /**
     * The project the conversation was opened in (null: none): it never changes, so it is read without waiting for the
     * conversation's lock once this process applied the creation; before that, from the listing.
     */
    public String projectId() {
        String p = openedIn;
        return p == null ? summary().summary().projectId() : p.isEmpty() ? null : p;
    }

    /** What lists show of the conversation, without rebuilding it when it sleeps. */
    public Listing summary() {
        return (Listing) listedNow();
    }

    @Override
    protected boolean ticksBeforeCommands() {
        return true;
    }

    @Override
    protected OwnerSession session() {
        return session;
    }

    /** The conversation's timeout, while it goes on; or the earliest eventual write due to reach copies. */
    @Override
    protected Long wakeAt() {
        Long deadline = session.conversation().isTerminated() ? null : session.conversation().getDeadline();
        Long memory = session.outputs(Outputs.PROPAGATIONS).stream()
                .map(io.conclave.model.memory.Propagation::getDue).min(Long::compare).orElse(null);
        return deadline == null || (memory != null && memory < deadline) ? memory : deadline;
    }

    /** Runs a memory command of one of the conversation's agents; answers {@code reader} on the state right after. */
    public <T> T memory(io.conclave.model.command.MemoryCommand command, java.util.function.Consumer<ConversationView> guard,
                        Function<ConversationView, T> reader) {
        lock.lock(); // held across both: no other command comes between the write and its answer
        try {
            execute(command, command.agent(), () -> guard.accept(view()));
            return read(reader);
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void publish(JournalEntry<ConversationCommand> entry, Applied applied) {
        if (entry.command() instanceof CreateConversation create) {
            event(entry, "CONVERSATION_CREATED", entry.actor(), Json.MAPPER.valueToTree(create.spec()));
        }
        if (applied.message != null) {
            ConversationMessage m = applied.message;
            lazyEvent(entry, "CONVERSATION_MESSAGE", m.sender(), m);
        }
        if (applied.answer != null) {
            TurnTally.Answer a = applied.answer;
            lazyEvent(entry, "TURN_ANSWERED", a.agentId(), a);
        }
        for (TurnDecision d : applied.decisions) {
            String type = switch (d.getKind()) {
                case AGENT_JOINED -> "AGENT_JOINED_CONVERSATION";
                case AGENT_LEFT -> "AGENT_LEFT_CONVERSATION";
                default -> d.getKind().name();
            };
            // a decision in the ledger no longer changes: its data may be built when first read
            lazyEvent(entry, type, d.getAgentId() != null ? d.getAgentId() : d.getFirstResponder(), d);
        }
    }

    /** An event whose data is {@code subject} as JSON, built when first read; readers here may read the subject. */
    private void lazyEvent(JournalEntry<ConversationCommand> entry, String type, String agentId, Object subject) {
        events(ServiceEvent.lazyConversation(type, entry.recordedAt(), id, spec.projectId(), agentId, subject,
                () -> Json.MAPPER.valueToTree(subject)));
    }

    private void event(JournalEntry<ConversationCommand> entry, String type, String agentId, JsonNode data) {
        events(ServiceEvent.conversation(type, entry.recordedAt(), id, spec.projectId(), agentId, data));
    }

    /** What one entry did: the answer to give and what to publish once it is journaled. */
    static final class Applied {
        private final List<TurnDecision> decisions = new ArrayList<>();
        private TurnOutcome result;
        private ConversationMessage message;
        private TurnTally.Answer answer;

        /** The decisions the entry made, in order. */
        List<TurnDecision> decisions() {
            return decisions;
        }
    }
}
