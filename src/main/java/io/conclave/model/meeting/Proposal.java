package io.conclave.model.meeting;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/** A proposal posted to a meeting; the vote rules accept or reject it when the meeting closes. */
// derived properties (active, open, chair, wakeAt) change with the fields: re-evaluate every pattern on modify
@ClassReactive
public class Proposal implements Fact, io.conclave.model.CommandInput {
    private final String proposalId;
    private final String title;
    private final String details;
    private final String proposer;
    private final String messageId;
    private final int order;
    private ProposalStatus status = ProposalStatus.PROPOSED;
    private Tally tally;

    public Proposal(String proposalId, String title, String details, String proposer, String messageId, int order) {
        this.proposalId = proposalId;
        this.title = title;
        this.details = details;
        this.proposer = proposer;
        this.messageId = messageId;
        this.order = order;
    }

    /** Records the outcome and the count behind it. */
    public void decide(ProposalStatus outcome, Tally count) {
        status = outcome;
        tally = count;
    }

    /** Closes the proposal without a decision: the meeting closed before any vote on it. */
    public void leaveUndecided() {
        status = ProposalStatus.NOT_DECIDED;
        tally = null;
    }

    public String getProposalId() { return proposalId; }
    public String getTitle() { return title; }
    public String getDetails() { return details; }
    public String getProposer() { return proposer; }
    public String getMessageId() { return messageId; }
    public int getOrder() { return order; }
    public ProposalStatus getStatus() { return status; }
    public boolean isOpen() { return status == ProposalStatus.PROPOSED; }
    /** The count that decided the proposal, or null while it is open (and when it was not decided). */
    public Tally getTally() { return tally; }

    @Override
    public String factKey() {
        return String.format("%06d", order);
    }

    @Override
    public String describe() {
        return "proposal " + proposalId + " [" + status.json() + ", by " + proposer + "] " + title;
    }
}
