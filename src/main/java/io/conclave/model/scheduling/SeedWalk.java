package io.conclave.model.scheduling;

/**
 * How many broadcasts the original scheduler's coordinator would have needed for the same answers: it walks one
 * hour at a time from the window start, one round per step, and stops at the first slot enough
 * participants accept. {@code rounds} null: that walk finds no slot (the original scheduler itself would never stop).
 */
public final class SeedWalk {
    private final String negotiationId;
    private final Integer rounds;

    public SeedWalk(String negotiationId, Integer rounds) {
        this.negotiationId = negotiationId;
        this.rounds = rounds;
    }

    public String getNegotiationId() { return negotiationId; }
    public Integer getRounds() { return rounds; }

    @Override
    public String toString() {
        return "seed walk of " + negotiationId + ": " + (rounds == null ? "no slot" : rounds + " round(s)");
    }
}
