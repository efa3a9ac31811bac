package io.conclave.model.meeting;

import java.util.List;

import io.conclave.model.LedgerEntry;

/**
 * A decision a meeting rule made, inserted by its consequence; the engine stamps it and moves it to
 * the meeting's ledger. State changes become state_change messages, the summary a summary message.
 */
public class MeetingDecision extends LedgerEntry {
    private final MeetingDecisionKind kind;
    private final String meetingId;
    private final String agentId;
    private final String proposalId;
    private final MeetingState fromState;
    private final MeetingState toState;
    private final String reason;
    private final Tally tally;
    private final String text;


    private MeetingDecision(MeetingDecisionKind kind, String meetingId, String agentId, String proposalId,
                            MeetingState fromState, MeetingState toState, String reason, Tally tally, String text) {
        this.kind = kind;
        this.meetingId = meetingId;
        this.agentId = agentId;
        this.proposalId = proposalId;
        this.fromState = fromState;
        this.toState = toState;
        this.reason = reason;
        this.tally = tally;
        this.text = text;
    }

    /** A state change, asked for by {@code agentId} or automatic (agentId null). */
    public static MeetingDecision stateChanged(Meeting m, MeetingState from, MeetingState to, String agentId,
                                               String reason) {
        return new MeetingDecision(MeetingDecisionKind.STATE_CHANGED, m.getMeetingId(), agentId, null, from, to,
                reason, null, null);
    }

    /** A decision about one participant or one proposal, described in words. */
    public static MeetingDecision of(MeetingDecisionKind kind, Meeting m, String agentId, String proposalId,
                                     String reason) {
        return new MeetingDecision(kind, m.getMeetingId(), agentId, proposalId, null, null, reason, null, null);
    }

    /** The outcome of a proposal with the count behind it. */
    public static MeetingDecision decided(Meeting m, Proposal p, Tally tally, String reason) {
        return new MeetingDecision(MeetingDecisionKind.PROPOSAL_DECIDED, m.getMeetingId(), null, p.getProposalId(),
                null, null, reason, tally, p.getStatus().json());
    }

    /** The minutes of a closed meeting. */
    public static MeetingDecision summary(Meeting m, String text) {
        return new MeetingDecision(MeetingDecisionKind.SUMMARY_WRITTEN, m.getMeetingId(), null, null, null, null,
                "minutes of the closed meeting", null, text);
    }

    public MeetingDecisionKind getKind() { return kind; }
    public String getMeetingId() { return meetingId; }
    public String getAgentId() { return agentId; }
    public String getProposalId() { return proposalId; }
    public MeetingState getFromState() { return fromState; }
    public MeetingState getToState() { return toState; }
    public String getReason() { return reason; }
    public Tally getTally() { return tally; }
    /** The outcome of a proposal ("accepted"/"rejected") or the text of a summary. */
    public String getText() { return text; }


}
