package io.conclave.engine.meeting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.conclave.model.meeting.Ballot;
import io.conclave.model.meeting.Meeting;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingSnapshot.AgendaItem;
import io.conclave.model.meeting.MeetingSnapshot.ParticipantEntry;
import io.conclave.model.meeting.MeetingSnapshot.ProposalEntry;
import io.conclave.model.meeting.MeetingSnapshot.Votes;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MessageSchema;
import io.conclave.model.meeting.Participant;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.Threshold;
import io.conclave.model.meeting.VoteValue;

/** A read-only look at one meeting, valid while its runtime's lock is held (inside {@link MeetingRuntime#read}). */
public final class MeetingView {
    private final MeetingSpec spec;
    private final Instant createdAt;
    private final MeetingSession session;
    /** The runtime's own list of messages, read while its lock is held. */
    private final List<MeetingMessage> live;
    /** Whether {@link #messages} answers a copy, which a reader may keep after the lock is let go. */
    private final boolean copies;
    private List<MeetingMessage> copy;
    private final List<MeetingMessage> agenda;

    /**
     * {@code messages}: the runtime's list, copied for a reader only when it asks for them (a snapshot needs their
     * number alone, and a meeting may hold thousands); {@code agenda}: the agenda items among them, in their order
     * (the runtime keeps them apart).
     */
    MeetingView(MeetingSpec spec, Instant createdAt, MeetingSession session, List<MeetingMessage> messages,
                boolean copies, List<MeetingMessage> agenda) {
        this.spec = spec;
        this.createdAt = createdAt;
        this.session = session;
        this.live = messages;
        this.copies = copies;
        this.agenda = agenda;
    }

    public MeetingSpec spec() { return spec; }
    public Meeting meeting() { return session.meeting(); }
    /** The session behind the view, for the engine's own readers (a why-not's participants, ballots, proposals). */
    MeetingSession session() { return session; }
    public List<MeetingMessage> messages() {
        if (!copies) {
            return live;
        }
        if (copy == null) {
            copy = List.copyOf(live);
        }
        return copy;
    }
    public List<MeetingDecision> ledger() { return List.copyOf(session.ledger()); }
    public String policyVersion() { return session.policy().version(); }

    /** The manifest, participants and agenda, as the mailbox files and {@code GET /api/meetings/{id}} show them. */
    public MeetingSnapshot snapshot() {
        Meeting m = session.meeting();
        List<Participant> participants = session.participants();
        List<Ballot> ballots = session.ballots();
        List<String> active = participants.stream().filter(Participant::isActive).map(Participant::getAgentId).toList();
        MeetingSnapshot.Manifest manifest = new MeetingSnapshot.Manifest(spec.meetingId(), spec.topic(), spec.goal(),
                spec.creator(), participants.stream().map(Participant::getAgentId).toList(), spec.facilitator(), m.getChair(), m.getState(), Instant.ofEpochMilli(m.getStateSince()),
                m.getWakeAt() == null ? null : Instant.ofEpochMilli(m.getWakeAt()), createdAt, spec.protocol(),
                m.getQuorumNeeded(), spec.projectId(), spec.taskId(), spec.slot(), session.policy().version(),
                live.size());
        List<ParticipantEntry> people = new ArrayList<>();
        for (Participant p : participants) {
            people.add(new ParticipantEntry(p.getAgentId(), p.getStatus(), p.isAttended(), ballots.stream()
                    .filter(b -> b.getAgentId().equals(p.getAgentId())).map(Ballot::getProposalId).toList()));
        }
        List<AgendaItem> items = agenda.stream()
                .map(x -> new AgendaItem(x.messageId(), x.agentId(), x.title(), x.details())).toList();
        List<ProposalEntry> proposals = new ArrayList<>();
        for (Proposal p : session.proposals()) {
            // counted as the deciding tally counts: under bft the proposer's own ballot (one a journal from
            // before that was refused may hold) is not a vote on its proposal
            boolean bft = spec.protocol() != null && spec.protocol().threshold() == Threshold.BFT;
            List<Ballot> counted = ballots.stream().filter(b -> b.getProposalId().equals(p.getProposalId())
                    && active.contains(b.getAgentId()) && !(bft && b.getAgentId().equals(p.getProposer()))).toList();
            proposals.add(new ProposalEntry(p.getProposalId(), p.getTitle(), p.getDetails(), p.getProposer(),
                    p.getMessageId(), p.getStatus(), new Votes(count(counted, VoteValue.YES), count(counted, VoteValue.NO),
                    count(counted, VoteValue.ABSTAIN)), p.getTally()));
        }
        return new MeetingSnapshot(manifest, people, new MeetingSnapshot.Agenda(items, proposals));
    }

    private static int count(List<Ballot> ballots, VoteValue v) {
        return (int) ballots.stream().filter(b -> b.getVote() == v).count();
    }
}
