package io.conclave.model.meeting;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/** One agent's vote on one proposal; a second vote replaces the first while voting is open. */
// derived properties (active, open, chair, wakeAt) change with the fields: re-evaluate every pattern on modify
@ClassReactive
public class Ballot implements Fact {
    private final String proposalId;
    private final String agentId;
    private VoteValue vote;
    private String rationale;

    public Ballot(String proposalId, String agentId, VoteValue vote, String rationale) {
        this.proposalId = proposalId;
        this.agentId = agentId;
        this.vote = vote;
        this.rationale = rationale;
    }

    public String getProposalId() { return proposalId; }
    public String getAgentId() { return agentId; }
    public VoteValue getVote() { return vote; }
    public String getRationale() { return rationale; }

    /** Replaces the vote. */
    public void recast(VoteValue value, String why) {
        vote = value;
        rationale = why;
    }

    @Override
    public String factKey() {
        return proposalId + "/" + agentId;
    }

    @Override
    public String describe() {
        return "vote of " + agentId + " on " + proposalId + " [" + vote.json() + "]";
    }
}
