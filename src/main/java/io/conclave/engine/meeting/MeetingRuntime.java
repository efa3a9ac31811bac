package io.conclave.engine.meeting;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.MeetingMailbox;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.Refusal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.command.CreateMeeting;
import io.conclave.model.command.JoinMeeting;
import io.conclave.model.command.Leave;
import io.conclave.model.command.MeetingCommand;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.RepairJournal;
import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.Tick;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingRequest;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.MessageSchema;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.VoteValue;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.OwnerSession;

/**
 * One meeting: its session, its mailbox and its locks. A command takes the in-process lock, then the
 * meeting's file lock (so another process writing the same meeting waits), reads what other processes
 * journaled meanwhile, lets passed time limits act (journaled as a tick), decides the command, journals
 * it and forces it to disk, then rewrites the mailbox files and publishes events. A refused command
 * leaves nothing behind.
 */
public final class MeetingRuntime extends JournaledRuntime<MeetingCommand, MeetingRuntime.Applied> {
    private static final Logger LOG = Logger.getLogger(MeetingRuntime.class);

    private final MeetingMailbox mailbox;
    private MeetingSession session;
    private MeetingSpec spec;
    /** The project the meeting is about ("": none), once this process applied its creation; it never changes. */
    private volatile String about;
    private Instant createdAt;
    private final List<MeetingMessage> messages = new ArrayList<>();
    /** The agenda items among the messages, kept as they are stored: a snapshot lists them without reading every message. */
    private final List<MeetingMessage> agenda = new ArrayList<>();
    /** The journal's size after the last entry this process knows: another process appended when it differs. */
    private long journalSize;

    private MeetingRuntime(String meetingId, MeetingMailbox mailbox, Setting setting) {
        super("meeting", meetingId, mailbox.journal(), setting);
        this.mailbox = mailbox;
    }

    /** Creates a meeting from a validated spec, journals the creation and writes its mailbox. */
    static MeetingRuntime create(MeetingSpec spec, String actor, MeetingMailbox mailbox, Setting setting) {
        MeetingRuntime rt = new MeetingRuntime(spec.meetingId(), mailbox, setting);
        rt.create(CreateMeeting.of(spec), actor);
        return rt;
    }

    /** Rebuilds a meeting by replaying its journal, then rewrites any mailbox file a crash left out. */
    static MeetingRuntime recover(String meetingId, MeetingMailbox mailbox, Setting setting) throws IOException {
        MeetingRuntime rt = new MeetingRuntime(meetingId, mailbox, setting);
        try (FileLock ignored = mailbox.lock()) { // another process may be writing this meeting right now
            rt.replay();
            rt.writeMailbox(rt.messages);
        }
        return rt;
    }

    public String meetingId() {
        return id;
    }

    /**
     * The project the meeting is about (null: none). It never changes, so it is read without waiting for the
     * meeting's lock once this process applied the creation (a meeting is rebuilt as it is found); before, under it.
     */
    public String projectId() {
        String p = about;
        return p == null ? read(v -> v.snapshot().manifest().projectId()) : p.isEmpty() ? null : p;
    }

    // ------------------------------------------------------------------ scratch copies (why-not replays)

    /** An empty meeting over a journal in memory, with no mailbox files, publishing nothing: a why-not replays into it. */
    static MeetingRuntime scratch(String meetingId, Setting setting) {
        return new MeetingRuntime(meetingId, MeetingMailbox.inMemory(new io.conclave.engine.owner.MemoryJournal<>()),
                setting);
    }

    /** The journal as it is now, read under the lock (after catching up with other processes). */
    List<JournalEntry<MeetingCommand>> entries() {
        return read(v -> {
            try {
                return mailbox.journal().read().entriesOrThrow();
            } catch (IOException e) {
                throw unavailable(e);
            }
        });
    }

    /** Reads a scratch copy: as {@link #read}, with no one else to catch up with. */
    <T> T readScratch(Function<MeetingView, T> reader) {
        lock.lock();
        try {
            return reader.apply(view(true));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Readers of a meeting read together: a read changes nothing (the view reads the session's facts one reader at a
     * time and copies the messages), unless another process journaled to the meeting's folder meanwhile, which the
     * first reader to see it applies under the write lock ({@link #behindOthers}).
     */
    @Override
    protected boolean readsShare() {
        return true;
    }

    @Override
    protected boolean behindOthers() {
        try {
            return journalSize != mailbox.journal().size();
        } catch (IOException e) {
            return true; // the catch-up reads the journal and says what is wrong
        }
    }

    /** Reads the meeting under its read lock, after catching up with what other processes journaled. */
    public <T> T read(Function<MeetingView, T> reader) {
        return locked(() -> reader.apply(view(true)));
    }

    public void join(String agentId) {
        execute(new JoinMeeting(agentId), agentId, () -> { });
    }

    public void leave(String agentId) {
        execute(new Leave(agentId), agentId, () -> { });
    }

    /**
     * Posts a schema-valid message; votes and state changes posted as messages are decided as such.
     * Returns the stored message.
     */
    public MeetingMessage post(PostToMeeting message) {
        return execute(message, message.agentId(), () -> checkPosted(message)).posted;
    }

    /**
     * Checks what only the stored messages can tell: a reply to nothing, a stale old_state. (A message id
     * used twice is the policy's to refuse: rules/meetings/meetings_participation.drl.)
     */
    private void checkPosted(PostToMeeting message) {
        String reply = message.replyToMessageId();
        if (reply != null && messages.stream().noneMatch(m -> m.messageId().equals(reply))) {
            throw new CommandException(CommandException.Kind.INVALID, "unknown_message",
                    "meeting " + id + " has no message " + reply, List.of(new Problem("$.reply_to_message_id",
                    "names no message of this meeting")), true);
        }
        MeetingState expected = MeetingState.parse(message.oldState());
        MeetingState current = session.meeting().getState();
        if (expected != null && expected != current) {
            throw new CommandException(CommandException.Kind.CONFLICT, "stale_state",
                    "meeting " + id + " is " + current.json() + ", not " + expected.json(),
                    List.of(new Problem("$.old_state", "is " + current.json() + " now")), true);
        }
    }

    // ------------------------------------------------------------------ JournaledRuntime

    @Override
    protected Applied apply(JournalEntry<MeetingCommand> e) {
        long at = e.recordedAt().toEpochMilli();
        Applied out = new Applied();
        MeetingCommand c = e.command();
        if (c instanceof CreateMeeting create) {
            spec = create.spec();
            about = spec.projectId() == null ? "" : spec.projectId();
            createdAt = e.recordedAt();
            session = MeetingSession.start(spec, policyOf(e), setting.maxFirings(), at, e.seq());
            return out;
        }
        if (!session.policy().version().equals(e.policyVersion())) {
            session.switchTo(policyOf(e), e.seq());
        }
        int mark = session.ledger().size();
        if (!(c instanceof Tick || c instanceof SwitchPolicy || c instanceof RepairJournal)) {
            // live, the time was let act (and journaled if it changed anything) just before the command:
            // a replay takes the same two steps, so both see the same agenda
            session.tick(at, e.seq());
        }
        if (c instanceof Tick || c instanceof SwitchPolicy || c instanceof RepairJournal) {
            session.tick(at, e.seq());
        } else if (c instanceof JoinMeeting join) {
            refuseIf(session.decide(MeetingRequest.join(join.agentId()), at, e.seq()));
        } else if (c instanceof Leave leave) {
            refuseIf(session.decide(MeetingRequest.leave(leave.agentId()), at, e.seq()));
        } else if (c instanceof PostToMeeting post) {
            MeetingMessage m = post.toMessage(id, messages.size() + 1L, e.recordedAt());
            if (post.isVote()) {
                refuseIf(session.decide(MeetingRequest.vote(post.agentId(), m.proposalId(), VoteValue.parse(m.vote()),
                        m.rationale()).withMessageId(post.messageId()), at, e.seq()));
                out.message(m);
            } else if (MessageSchema.STATE_CHANGE.equals(post.messageType())) {
                refuseIf(session.decide(MeetingRequest.changeState(post.agentId(), MeetingState.parse(post.newState()),
                        post.reason()).withMessageId(post.messageId()), at, e.seq()));
            } else {
                Proposal p = MessageSchema.PROPOSAL.equals(m.messageType())
                        ? new Proposal(m.proposalId() != null ? m.proposalId() : "proposal-" + m.seq(), m.title(),
                        m.details(), post.agentId(), m.messageId(), session.proposals().size())
                        : null;
                refuseIf(session.decide(MeetingRequest.post(post.agentId(), m.messageType(), p)
                        .withMessageId(post.messageId()), at, e.seq()));
                out.message(p == null || m.proposalId() != null ? m : withProposalId(m, p.getProposalId()));
            }
        }
        for (MeetingDecision d : session.ledger().subList(mark, session.ledger().size())) {
            out.decided(e, d);
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
            throw CommandException.refused(r, !session.changedThisCommand());
        }
    }

    /** Applies what other processes journaled since this one last looked; their events are published here too. */
    @Override
    protected void catchUpOthers() throws IOException {
        long size = mailbox.journal().size();
        if (size == journalSize) {
            return;
        }
        for (JournalEntry<MeetingCommand> e : mailbox.journal().read().entriesOrThrow()) {
            if (e.seq() >= nextSeq) {
                Applied applied = apply(e);
                accepted(e);
                publishEntry(e, applied);
            }
        }
        journalSize = size;
    }

    @Override
    protected AutoCloseable exclusive() throws IOException {
        return mailbox.lock();
    }

    @Override
    protected boolean ticksBeforeCommands() {
        return true;
    }

    @Override
    protected void written(JournalEntry<MeetingCommand> entry, Applied applied) {
        try {
            journalSize = mailbox.journal().size();
            writeMailbox(applied.messages);
        } catch (IOException e) {
            // the journal holds the command; the files are rewritten after the next command or a restart
            LOG.warnf("meeting %s: mailbox files not updated: %s", id, e.getMessage());
        }
    }

    @Override
    protected void replayed(List<JournalEntry<MeetingCommand>> entries) {
        try {
            journalSize = mailbox.journal().size();
        } catch (IOException e) {
            journalSize = -1; // read again next time
        }
    }

    @Override
    protected void caughtUp() throws IOException {
        mailbox.forgetWritten(); // another process wrote the files meanwhile, or failed to: every state file again
        writeMailbox(messages); // as a rebuild ends (recover): the files say what the journal says
    }

    private void writeMailbox(List<MeetingMessage> written) throws IOException {
        for (MeetingMessage m : written) {
            mailbox.writeMessage(m);
        }
        var snapshot = view(false).snapshot();
        mailbox.writeState(snapshot.manifest(), snapshot.participants(), snapshot.agenda());
    }

    @Override
    protected void reset() {
        if (session != null) {
            session.close();
        }
        session = null;
        messages.clear();
        agenda.clear();
    }

    /**
     * A look at the meeting, under its lock; {@code forReader}: its messages copied if asked for, as a reader may keep
     * them (the agenda items are only read into a snapshot, under the lock: never copied).
     */
    private MeetingView view(boolean forReader) {
        return new MeetingView(spec, createdAt, session, messages, forReader, agenda);
    }

    @Override
    protected OwnerSession session() {
        return session;
    }

    @Override
    protected Long wakeAt() {
        return session.meeting().getWakeAt();
    }

    @Override
    protected void publish(JournalEntry<MeetingCommand> entry, Applied applied) {
        if (entry.command() instanceof CreateMeeting) {
            event(entry, "MEETING_CREATED", null, Json.MAPPER.valueToTree(spec));
        }
        for (Object o : applied.published) {
            if (o instanceof MeetingMessage m) {
                event(entry, "NEW_MESSAGE_IN_MEETING", m.agentId(), Json.MAPPER.valueToTree(m));
            } else {
                MeetingDecision d = (MeetingDecision) o;
                String type = switch (d.getKind()) {
                    case STATE_CHANGED -> switch (d.getToState()) {
                        case DISCUSSION -> "DISCUSSION_STARTED";
                        case VOTING -> "VOTING_STARTED";
                        case CLOSED -> "MEETING_CLOSED";
                        case ARCHIVED -> "MEETING_ARCHIVED";
                        case OPEN -> "MEETING_REOPENED";
                    };
                    case JOINED -> "AGENT_JOINED_MEETING";
                    case LEFT -> "AGENT_LEFT_MEETING";
                    case PROPOSAL_ADDED -> "PROPOSAL_ADDED";
                    case PROPOSAL_DECIDED -> "PROPOSAL_DECIDED";
                    case VOTE_CAST, SUMMARY_WRITTEN -> null;
                };
                if (type != null) {
                    event(entry, type, d.getKind() == io.conclave.model.meeting.MeetingDecisionKind.PROPOSAL_DECIDED
                            ? null : d.getAgentId(), Json.MAPPER.valueToTree(d));
                }
            }
        }
    }

    private void event(JournalEntry<MeetingCommand> entry, String type, String agentId,
                       com.fasterxml.jackson.databind.JsonNode data) {
        events(ServiceEvent.meeting(type, entry.recordedAt(), id, spec.projectId(), spec.taskId(), agentId, data));
    }

    /**
     * What one entry did: the messages it added (also appended to the meeting's list), in order with the
     * decisions to publish once it is journaled.
     */
    final class Applied {
        private final List<MeetingMessage> messages = new ArrayList<>();
        /** Messages and decisions in the order they happened. */
        private final List<Object> published = new ArrayList<>();
        private MeetingMessage posted;

        void message(MeetingMessage m) {
            MeetingRuntime.this.messages.add(m);
            if (MessageSchema.AGENDA_ITEM.equals(m.messageType())) {
                agenda.add(m);
            }
            session.stored(m);
            messages.add(m);
            published.add(m);
            if (posted == null) {
                posted = m;
            }
        }

        void decided(JournalEntry<MeetingCommand> entry, MeetingDecision d) {
            long seq = MeetingRuntime.this.messages.size() + 1L;
            switch (d.getKind()) {
                case STATE_CHANGED -> {
                    message(MeetingMessage.stateChange(id, seq, entry.recordedAt(),
                            d.getAgentId() == null ? MeetingMessage.SERVICE_AGENT : d.getAgentId(), d.getFromState(),
                            d.getToState(), d.getReason()));
                    published.add(d);
                }
                case SUMMARY_WRITTEN -> message(MeetingMessage.summary(id, seq, entry.recordedAt(), d.getText()));
                case JOINED, LEFT, PROPOSAL_ADDED, PROPOSAL_DECIDED -> published.add(d);
                case VOTE_CAST -> { }
            }
        }
    }
}
