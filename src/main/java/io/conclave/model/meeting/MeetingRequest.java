package io.conclave.model.meeting;

/**
 * What an agent asks of a meeting, inserted for the rules to accept (they delete it and act) or
 * refuse (they insert a {@link io.conclave.model.Refusal}). Always names the acting agent.
 */
public final class MeetingRequest {
    /** The kinds of request. */
    public enum Kind { JOIN, LEAVE, POST, VOTE, CHANGE_STATE }

    private final Kind kind;
    private final String agentId;
    private final String messageType;
    private final String proposalId;
    private final VoteValue vote;
    private final MeetingState newState;
    private final String reason;
    private final Proposal proposal;
    private final String rationale;
    private final String messageId;

    private MeetingRequest(Kind kind, String agentId, String messageType, String proposalId, VoteValue vote,
                           MeetingState newState, String reason, Proposal proposal, String rationale) {
        this(kind, agentId, messageType, proposalId, vote, newState, reason, proposal, rationale, null);
    }

    private MeetingRequest(Kind kind, String agentId, String messageType, String proposalId, VoteValue vote,
                           MeetingState newState, String reason, Proposal proposal, String rationale,
                           String messageId) {
        this.kind = kind;
        this.agentId = agentId;
        this.messageType = messageType;
        this.proposalId = proposalId;
        this.vote = vote;
        this.newState = newState;
        this.reason = reason;
        this.proposal = proposal;
        this.rationale = rationale;
        this.messageId = messageId;
    }

    /**
     * The same request, made by a message the agent gave its own id ({@code message_id}): the rules
     * may refuse an id the meeting has stored already. Null leaves the id to the service.
     */
    public MeetingRequest withMessageId(String id) {
        return new MeetingRequest(kind, agentId, messageType, proposalId, vote, newState, reason, proposal, rationale, id);
    }

    public static MeetingRequest join(String agentId) {
        return new MeetingRequest(Kind.JOIN, agentId, null, null, null, null, null, null, null);
    }

    public static MeetingRequest leave(String agentId) {
        return new MeetingRequest(Kind.LEAVE, agentId, null, null, null, null, null, null, null);
    }

    /**
     * A message of any type but vote and state_change (those are {@link #vote} and {@link #changeState}).
     * A proposal message carries the proposal a rule puts on the table if it accepts the message.
     */
    public static MeetingRequest post(String agentId, String messageType, Proposal proposal) {
        return new MeetingRequest(Kind.POST, agentId, messageType, proposal == null ? null : proposal.getProposalId(),
                null, null, null, proposal, null);
    }

    public static MeetingRequest vote(String agentId, String proposalId, VoteValue vote, String rationale) {
        return new MeetingRequest(Kind.VOTE, agentId, "vote", proposalId, vote, null, null, null, rationale);
    }

    public static MeetingRequest changeState(String agentId, MeetingState newState, String reason) {
        return new MeetingRequest(Kind.CHANGE_STATE, agentId, "state_change", null, null, newState, reason, null, null);
    }

    public Kind getKind() { return kind; }
    public String getAgentId() { return agentId; }
    public String getMessageType() { return messageType; }
    public String getProposalId() { return proposalId; }
    public VoteValue getVote() { return vote; }
    public MeetingState getNewState() { return newState; }
    public String getReason() { return reason; }
    /** The proposal of a proposal message. */
    public Proposal getProposal() { return proposal; }
    public String getRationale() { return rationale; }
    /** The id the agent gave its message; null when it gave none (the service numbers it). */
    public String getMessageId() { return messageId; }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " by " + agentId
                + (messageType == null ? "" : " (" + messageType + ")")
                + (proposalId == null ? "" : " on " + proposalId)
                + (newState == null ? "" : " to " + newState.json());
    }
}
