package io.conclave.model.conversation;

/** A position a response takes on a claim: {@code support} or {@code oppose}. */
public record Stance(String claim, String position) {
    public static final String SUPPORT = "support";
    public static final String OPPOSE = "oppose";

    /** True when the two stances are on the same claim and take opposite positions. */
    public boolean contradicts(Stance other) {
        return other != null && claim.equals(other.claim) && !position.equals(other.position);
    }
}
