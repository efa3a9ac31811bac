package io.conclave.model.meeting;

import io.conclave.model.Described;
import io.conclave.model.PolicySetting;

/**
 * Who n counts in a bft vote. With {@code proposerCounted} (the coordination-patterns chapter's count) n is every
 * agent the proposal concerns, the proposer among them, so with four agents and f = 1 the proposal needs
 * n - f = 3 accepts from the three others; without it n is the voters only (the proposer excluded), so the same
 * proposal needs 3 - 1 = 2. Given by a rule of {@code rules/meetings/consensus.drl}; a policy that gives none counts
 * the voters only, as the policies before this setting did.
 */
public final class BftCount extends PolicySetting implements Described {
    private final boolean proposerCounted;

    public BftCount(boolean proposerCounted) {
        this.proposerCounted = proposerCounted;
    }

    /** True when n counts the proposer as well as the voters. */
    public boolean isProposerCounted() { return proposerCounted; }

    @Override
    public String describe() {
        return proposerCounted ? "bft count: n is every agent, the proposer among them"
                : "bft count: n is the voters, the proposer not among them";
    }

    @Override
    public String toString() {
        return describe();
    }
}
