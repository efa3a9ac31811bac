package io.conclave.model.sim;

import io.conclave.model.meeting.VoteValue;

/**
 * What a simulated attendee means to do in its meeting, inserted by a behaviour rule of
 * {@code rules/simulation/meeting_agents.drl}. The simulator posts it as a meeting command at a simulated time;
 * the meeting's protocol rules accept or refuse it as they would a real agent's. Intents stay in
 * working memory as the record of what each agent already decided, so each is decided once.
 */
public final class AgentIntent {
    /** What the agent does, in the order the phases of a meeting come. */
    public enum Action { JOIN, PROPOSE, COMMENT, CALL_VOTE, VOTE_YES, VOTE_NO, VOTE_ABSTAIN, CLOSE }

    private final String agentId;
    private final Action action;
    private final String proposalId;
    private final String title;
    private final String text;

    private AgentIntent(String agentId, Action action, String proposalId, String title, String text) {
        this.agentId = agentId;
        this.action = action;
        this.proposalId = proposalId;
        this.title = title;
        this.text = text;
    }

    public static AgentIntent join(String agentId) {
        return new AgentIntent(agentId, Action.JOIN, null, null, null);
    }

    public static AgentIntent propose(String agentId, String proposalId, String title, String details) {
        return new AgentIntent(agentId, Action.PROPOSE, proposalId, title, details);
    }

    public static AgentIntent comment(String agentId, String proposalId, String text) {
        return new AgentIntent(agentId, Action.COMMENT, proposalId, null, text);
    }

    public static AgentIntent callVote(String agentId, String reason) {
        return new AgentIntent(agentId, Action.CALL_VOTE, null, null, reason);
    }

    public static AgentIntent vote(String agentId, String proposalId, VoteValue vote, String rationale) {
        Action a = switch (vote) {
            case YES -> Action.VOTE_YES;
            case NO -> Action.VOTE_NO;
            case ABSTAIN -> Action.VOTE_ABSTAIN;
        };
        return new AgentIntent(agentId, a, proposalId, null, rationale);
    }

    public static AgentIntent close(String agentId, String reason) {
        return new AgentIntent(agentId, Action.CLOSE, null, null, reason);
    }

    public String getAgentId() { return agentId; }
    public Action getAction() { return action; }
    /** The proposal it concerns (proposing, commenting, voting), else null. */
    public String getProposalId() { return proposalId; }
    /** The title of a proposal, else null. */
    public String getTitle() { return title; }
    /** The details of a proposal, the text of a comment, the rationale of a vote or the reason of a state change. */
    public String getText() { return text; }

    /** True for a ballot: yes, no or abstain. */
    public boolean isBallot() {
        return action == Action.VOTE_YES || action == Action.VOTE_NO || action == Action.VOTE_ABSTAIN;
    }

    /** The ballot of a vote intent, null for any other intent. */
    public VoteValue getVote() {
        return switch (action) {
            case VOTE_YES -> VoteValue.YES;
            case VOTE_NO -> VoteValue.NO;
            case VOTE_ABSTAIN -> VoteValue.ABSTAIN;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "intent of " + agentId + ": " + action.name().toLowerCase() + (proposalId == null ? "" : " " + proposalId);
    }
}
