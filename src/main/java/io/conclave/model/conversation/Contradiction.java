package io.conclave.model.conversation;

import java.util.List;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * Responses of one collaborative round that take opposite stances on a claim, ranked: the higher
 * priority first (then the earlier response). The first response's position prevails unless a vote
 * decides otherwise.
 */
@ClassReactive
public class Contradiction implements Fact {
    private final int round;
    private final String claim;
    private final List<Round.Response> ranking;
    private boolean voteOpened;

    public Contradiction(int round, String claim, List<Round.Response> ranking) {
        this.round = round;
        this.claim = claim;
        this.ranking = List.copyOf(ranking);
    }

    public int getRound() { return round; }
    public String getClaim() { return claim; }
    public List<Round.Response> getRanking() { return ranking; }

    /** True once a vote on the claim was opened. */
    public boolean isVoteOpened() { return voteOpened; }
    public void setVoteOpened(boolean voteOpened) { this.voteOpened = voteOpened; }

    /** The agents of the ranked responses, in rank order. */
    public List<String> getAgents() {
        return ranking.stream().map(Round.Response::agentId).toList();
    }

    @Override
    public String factKey() {
        return String.format("%09d", round) + "|" + claim;
    }

    @Override
    public String describe() {
        return "contradiction on '" + claim + "' in round " + round + " among " + getAgents();
    }
}
