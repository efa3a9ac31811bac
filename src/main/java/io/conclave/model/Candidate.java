package io.conclave.model;

import java.util.Comparator;

/**
 * An agent that could take a task, with the score the policy gave it.
 *
 * <p>The order of candidates ({@link #BEST_FIRST}) is fixed here, not in the policy: the higher score first
 * (the score itself is the policy's formula, {@code score} in rules/common/scoring.drl), then, as a deterministic
 * tie-break that decides nothing the score did not, fewer open hours, then the agent id. The policy's
 * {@code ranksAbove} and {@link Ranking#offer} both use it, so every pattern agrees on "best".
 */
public record Candidate(String agentId, double score, double openHours) {
    /** Best first: higher score, then fewer open hours, then agent id (a total order: agent ids are unique). */
    public static final Comparator<Candidate> BEST_FIRST = (x, y) -> x.ranksAbove(y) ? -1 : y.ranksAbove(x) ? 1 : 0;

    /** True when this candidate goes before {@code other} ({@link #BEST_FIRST}). */
    public boolean ranksAbove(Candidate other) {
        return ranksAbove(score, openHours, agentId, other);
    }

    /**
     * True when a candidate with this score, open hours and agent id would go before {@code other}; lets a
     * ranking test an agent before making its candidate.
     */
    public static boolean ranksAbove(double score, double openHours, String agentId, Candidate other) {
        if (score != other.score) {
            return score > other.score;
        }
        if (openHours != other.openHours) {
            return openHours < other.openHours;
        }
        return agentId.compareTo(other.agentId) < 0;
    }
}
