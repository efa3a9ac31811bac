package io.conclave.engine;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.MeetingMailbox;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.Refusal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.meeting.MeetingCommand;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.MessageSchema;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.VoteValue;

/**
 * One meeting: its session, its mailbox and its locks. A command takes the in-process lock, then the
 * meeting's file lock (so another process writing the same meeting waits), reads what other
 * processes journaled meanwhile, lets passed time limits act (journaled as a tick), decides the
 * command, journals it and forces it to disk, then rewrites the mailbox files and publishes events.
 * A refused command leaves nothing behind.
 */
public final class MeetingRuntime extends JournaledRuntime<MeetingRuntime.Applied> {
    private static final Logger LOG = Logger.getLogger(MeetingRuntime.class);

    private final String meetingId;
    private final MeetingMailbox mailbox;
    private MeetingSession session;
    private MeetingSpec spec;
    private Instant createdAt;
    private final List<MeetingMessage> messages = new ArrayList<>();
    private long journalSize;
    /** A time limit whose tick changed nothing (a discussion without proposals): not ticked again until it changes. */
    private Long idleWake;

    private MeetingRuntime(String meetingId, MeetingMailbox mailbox, PolicySource policies, int maxFirings,
                           Clock wallClock, Consumer<ServiceEvent> events) {
        super("meeting " + meetingId, policies, maxFirings, wallClock, events);
        this.meetingId = meetingId;
        this.mailbox = mailbox;
    }

    /** Creates a meeting from a validated spec, journals the creation and writes its mailbox. */
    static MeetingRuntime create(MeetingSpec spec, String actor, MeetingMailbox mailbox, PolicySource policies,
                                 int maxFirings, Clock wallClock, Consumer<ServiceEvent> events) {
        activeOrUnavailable(policies);
        MeetingRuntime rt = new MeetingRuntime(spec.meetingId(), mailbox, policies, maxFirings, wallClock, events);
        rt.execute(JournalEntry.CREATE, actor, Json.MAPPER.valueToTree(spec), null);
        return rt;
    }

    /** Rebuilds a meeting by replaying its journal, then rewrites any mailbox file a crash left out. */
    static MeetingRuntime recover(String meetingId, MeetingMailbox mailbox, PolicySource policies, int maxFirings,
                                  Clock wallClock, Consumer<ServiceEvent> events) throws IOException {
        MeetingRuntime rt = new MeetingRuntime(meetingId, mailbox, policies, maxFirings, wallClock, events);
        try (FileLock ignored = mailbox.lock()) { // another process may be writing this meeting right now
            rt.replay();
            rt.writeMailbox(rt.messages);
        }
        return rt;
    }

    public String meetingId() {
        return meetingId;
    }

    /** Reads the meeting under its lock, after catching up with what other processes journaled. */
    public <T> T read(Function<MeetingView, T> reader) {
        lock.lock();
        try {
            checkOpen();
            if (journalSize != mailbox.journal().size()) {
                try (FileLock ignored = mailbox.lock()) {
                    catchUp();
                }
            }
            return reader.apply(new MeetingView(spec, createdAt, session, List.copyOf(messages)));
        } catch (IOException e) {
            throw unavailable(e);
        } finally {
            lock.unlock();
        }
    }

    public void join(String agentId) {
        execute(JournalEntry.JOIN, agentId, JsonNodeFactory.instance.objectNode().put("agent_id", agentId), null);
    }

    public void leave(String agentId) {
        execute(JournalEntry.LEAVE, agentId, JsonNodeFactory.instance.objectNode().put("agent_id", agentId), null);
    }

    /**
     * Posts a schema-valid message; votes and state changes posted as messages take the same path as
     * {@link #vote} and {@link #changeState}. Returns the stored message.
     */
    public MeetingMessage post(ObjectNode message) {
        String type = message.get("message_type").asText();
        String entryType = switch (type) {
            case MessageSchema.VOTE -> JournalEntry.VOTE;
            case MessageSchema.STATE_CHANGE -> JournalEntry.STATE;
            default -> JournalEntry.MESSAGE;
        };
        return execute(entryType, message.get("agent_id").asText(), message, this::checkPosted);
    }

    /** Checks what only the stored messages can tell: a message id used twice, a reply to nothing, a stale old_state. */
    private void checkPosted(JsonNode message) {
        String id = message.path("message_id").asText(null);
        if (id != null && messages.stream().anyMatch(m -> m.messageId().equals(id))) {
            throw new EngineException(EngineException.Kind.CONFLICT, "duplicate_message_id",
                    "meeting " + meetingId + " already has a message " + id, List.of(new Problem("$.message_id",
                    "is taken")), true);
        }
        String reply = message.path("reply_to_message_id").asText(null);
        if (reply != null && messages.stream().noneMatch(m -> m.messageId().equals(reply))) {
            throw new EngineException(EngineException.Kind.INVALID, "unknown_message",
                    "meeting " + meetingId + " has no message " + reply, List.of(new Problem("$.reply_to_message_id",
                    "names no message of this meeting")), true);
        }
        MeetingState expected = MeetingState.parse(message.path("old_state").asText(null));
        MeetingState current = session.meeting().getState();
        if (expected != null && expected != current) {
            throw new EngineException(EngineException.Kind.CONFLICT, "stale_state",
                    "meeting " + meetingId + " is " + current.json() + ", not " + expected.json(),
                    List.of(new Problem("$.old_state", "is " + current.json() + " now")), true);
        }
    }

    /**
     * Lets passed time limits act, if the meeting has one that is due. Journaled only when the rules
     * changed something; returns true then.
     */
    public boolean tickIfDue() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            Long wake = session.meeting().getWakeAt();
            if (wake == null || wake > wallClock.millis() || wake.equals(idleWake)) {
                return false;
            }
            try (FileLock ignored = mailbox.lock()) {
                catchUp();
                boolean changed = tick(now());
                if (!changed) {
                    idleWake = wake; // commands still tick before they run, so nothing is missed
                }
                return changed;
            }
        } catch (IOException e) {
            throw unavailable(e);
        } finally {
            lock.unlock();
        }
    }

    /** Moves the meeting to the active policy if it runs another one, journaled like any command. */
    public void catchUpWithActivePolicy() {
        lock.lock();
        try (FileLock ignored = closed ? null : mailbox.lock()) {
            if (!closed) {
                catchUp();
                switchIfBehind();
            }
        } catch (IOException e) {
            LOG.errorf("meeting %s could not move to the active policy: %s", meetingId, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private MeetingMessage execute(String type, String actor, JsonNode body, Consumer<JsonNode> check) {
        lock.lock();
        try (FileLock ignored = mailbox.lock()) {
            if (!JournalEntry.CREATE.equals(type)) {
                checkOpen();
                catchUp();
                switchIfBehind();
            }
            Instant at = now();
            if (!JournalEntry.CREATE.equals(type)) {
                tick(at);
                if (check != null) {
                    check.accept(body);
                }
            }
            String version = JournalEntry.CREATE.equals(type) ? policies.active().version() : session.policy().version();
            JournalEntry entry = new JournalEntry(nextSeq, type, actor, version, at, body);
            Applied applied = applyOrRollBack(entry);
            commit(entry, applied);
            return applied.posted;
        } catch (IOException e) {
            throw unavailable(e);
        } finally {
            lock.unlock();
        }
    }

    /** Lets the rules act on the time {@code at}; journals a tick when they changed something. */
    private boolean tick(Instant at) {
        JournalEntry entry = new JournalEntry(nextSeq, JournalEntry.TICK, MeetingMessage.SERVICE_AGENT,
                session.policy().version(), at, JsonNodeFactory.instance.objectNode());
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
            mailbox.journal().append(entry);
        } catch (IOException e) {
            if (JournalEntry.CREATE.equals(entry.type())) {
                session.close();
                mailbox.journal().discardEmpty();
            } else {
                rollBack();
            }
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "journal_write_failed",
                    "could not write the journal of meeting " + meetingId + ": " + e.getMessage());
        }
        nextSeq++;
        lastAt = entry.recordedAt();
        try {
            journalSize = mailbox.journal().size();
            writeMailbox(applied.messages);
        } catch (IOException e) {
            // the journal holds the command; the files are rewritten after the next command or a restart
            LOG.warnf("meeting %s: mailbox files not updated: %s", meetingId, e.getMessage());
        }
        applied.events.forEach(events);
    }

    private void writeMailbox(List<MeetingMessage> written) throws IOException {
        for (MeetingMessage m : written) {
            mailbox.writeMessage(m);
        }
        MeetingView view = new MeetingView(spec, createdAt, session, messages);
        var snapshot = view.snapshot();
        mailbox.writeState(snapshot.manifest(), snapshot.participants(), snapshot.agenda());
    }

    /** Applies one entry; the same code serves live commands, catch-up and replay, so all end in the same state. */
    @Override
    protected Applied apply(JournalEntry e) {
        long at = e.recordedAt().toEpochMilli();
        Applied out = new Applied(e);
        if (JournalEntry.CREATE.equals(e.type())) {
            spec = Json.MAPPER.convertValue(e.body(), MeetingSpec.class);
            createdAt = e.recordedAt();
            session = MeetingSession.start(spec, policies.byVersion(e.policyVersion()), maxFirings, at, e.seq());
            out.event("MEETING_CREATED", null, Json.MAPPER.valueToTree(spec));
            return out;
        }
        if (!session.policy().version().equals(e.policyVersion())) {
            session.switchTo(policies.byVersion(e.policyVersion()), e.seq());
        }
        int mark = session.ledger().size();
        String agent = e.body().path("agent_id").asText(null);
        if (!JournalEntry.TICK.equals(e.type()) && !JournalEntry.POLICY_SWITCH.equals(e.type())) {
            // live, the time was let act (and journaled if it changed anything) just before the command:
            // a replay takes the same two steps, so both see the same agenda
            session.tick(at, e.seq());
        }
        switch (e.type()) {
            case JournalEntry.TICK, JournalEntry.POLICY_SWITCH -> session.tick(at, e.seq());
            case JournalEntry.JOIN -> refuseIf(session.decide(MeetingCommand.join(agent), at, e.seq()));
            case JournalEntry.LEAVE -> refuseIf(session.decide(MeetingCommand.leave(agent), at, e.seq()));
            case JournalEntry.MESSAGE -> {
                MeetingMessage m = MessageSchema.toMessage((ObjectNode) e.body(), meetingId, messages.size() + 1L,
                        e.recordedAt());
                Proposal p = MessageSchema.PROPOSAL.equals(m.messageType())
                        ? new Proposal(m.proposalId() != null ? m.proposalId() : "proposal-" + m.seq(), m.title(),
                        m.details(), agent, m.messageId(), session.proposals().size())
                        : null;
                refuseIf(session.decide(MeetingCommand.post(agent, m.messageType(), p), at, e.seq()));
                out.message(p == null || m.proposalId() != null ? m : withProposalId(m, p.getProposalId()));
            }
            case JournalEntry.VOTE -> {
                MeetingMessage m = MessageSchema.toMessage((ObjectNode) e.body(), meetingId, messages.size() + 1L,
                        e.recordedAt());
                refuseIf(session.decide(MeetingCommand.vote(agent, m.proposalId(), VoteValue.parse(m.vote()),
                        m.rationale()), at, e.seq()));
                out.message(m);
            }
            case JournalEntry.STATE -> refuseIf(session.decide(MeetingCommand.changeState(agent,
                    MeetingState.parse(e.body().path("new_state").asText()), e.body().path("reason").asText(null)),
                    at, e.seq()));
            default -> throw new IllegalStateException("unknown meeting journal entry type " + e.type());
        }
        for (MeetingDecision d : session.ledger().subList(mark, session.ledger().size())) {
            out.decided(d);
        }
        return out;
    }

    private static MeetingMessage withProposalId(MeetingMessage m, String proposalId) {
        return new MeetingMessage(m.messageId(), m.meetingId(), m.timestampUtc(), m.agentId(), m.messageType(), m.seq(),
                proposalId, m.title(), m.details(), m.status(), m.text(), m.replyToMessageId(), m.vote(), m.rationale(),
                m.summaryText(), m.oldState(), m.newState(), m.reason());
    }

    private void refuseIf(Refusal r) {
        if (r != null) {
            throw EngineException.refused(r, !session.changedThisCommand());
        }
    }

    /** Applies what other processes journaled since this one last looked; their events are published here too. */
    private void catchUp() throws IOException {
        long size = mailbox.journal().size();
        if (size == journalSize) {
            return;
        }
        for (JournalEntry e : mailbox.journal().readAll()) {
            if (e.seq() >= nextSeq) {
                Applied applied = apply(e);
                nextSeq = e.seq() + 1;
                lastAt = e.recordedAt();
                applied.events.forEach(events);
            }
        }
        journalSize = size;
    }

    @Override
    protected String runningVersion() {
        return session.policy().version();
    }

    @Override
    protected void replay() throws IOException {
        List<JournalEntry> entries = entries(mailbox.journal());
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
        journalSize = mailbox.journal().size();
    }

    private void checkOpen() {
        checkOpen("meeting_not_found", "meeting '" + meetingId + "' was deleted");
    }

    private EngineException unavailable(IOException e) {
        return new EngineException(EngineException.Kind.UNAVAILABLE, "meeting_store_failed",
                "the files of meeting " + meetingId + " could not be read or locked: " + e.getMessage());
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            if (session != null) {
                session.close();
            }
            mailbox.close();
        } finally {
            lock.unlock();
        }
    }

    /** What one entry did: the messages it added (also appended to the meeting's list) and the events to publish. */
    final class Applied {
        private final JournalEntry entry;
        private final List<MeetingMessage> messages = new ArrayList<>();
        private final List<ServiceEvent> events = new ArrayList<>();
        private MeetingMessage posted;

        Applied(JournalEntry entry) {
            this.entry = entry;
        }

        void message(MeetingMessage m) {
            MeetingRuntime.this.messages.add(m);
            messages.add(m);
            if (posted == null) {
                posted = m;
            }
            event("NEW_MESSAGE_IN_MEETING", m.agentId(), Json.MAPPER.valueToTree(m));
        }

        void decided(MeetingDecision d) {
            long seq = MeetingRuntime.this.messages.size() + 1L;
            switch (d.getKind()) {
                case STATE_CHANGED -> {
                    message(MeetingMessage.stateChange(meetingId, seq, entry.recordedAt(),
                            d.getAgentId() == null ? MeetingMessage.SERVICE_AGENT : d.getAgentId(), d.getFromState(),
                            d.getToState(), d.getReason()));
                    String type = switch (d.getToState()) {
                        case DISCUSSION -> "DISCUSSION_STARTED";
                        case VOTING -> "VOTING_STARTED";
                        case CLOSED -> "MEETING_CLOSED";
                        case ARCHIVED -> "MEETING_ARCHIVED";
                        case OPEN -> "MEETING_REOPENED";
                    };
                    event(type, d.getAgentId(), decisionData(d));
                }
                case SUMMARY_WRITTEN -> message(MeetingMessage.summary(meetingId, seq, entry.recordedAt(), d.getText()));
                case JOINED -> event("AGENT_JOINED_MEETING", d.getAgentId(), decisionData(d));
                case LEFT -> event("AGENT_LEFT_MEETING", d.getAgentId(), decisionData(d));
                case PROPOSAL_ADDED -> event("PROPOSAL_ADDED", d.getAgentId(), decisionData(d));
                case PROPOSAL_DECIDED -> event("PROPOSAL_DECIDED", null, decisionData(d));
                case VOTE_CAST -> { }
            }
        }

        void event(String type, String agentId, JsonNode data) {
            events.add(ServiceEvent.meeting(type, entry.recordedAt(), meetingId, spec.projectId(), spec.taskId(), agentId,
                    data));
        }

        private JsonNode decisionData(MeetingDecision d) {
            return Json.MAPPER.valueToTree(d);
        }
    }
}
