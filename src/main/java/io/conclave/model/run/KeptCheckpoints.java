package io.conclave.model.run;

import io.conclave.model.PolicySetting;

/**
 * How many of the checkpoints its incremental runs reach a project keeps as saved states it can be
 * restored to (the newest ones; an older one is no longer kept). Given by a rule of
 * {@code rules/execution/checkpoints.drl}; a policy that gives none keeps no checkpoint.
 */
public final class KeptCheckpoints extends PolicySetting {
    private final int count;

    public KeptCheckpoints(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a project keeps 0 or more checkpoints, not " + count);
        }
        this.count = count;
    }

    public int getCount() { return count; }

    @Override
    public String toString() {
        return "keep the last " + count + " checkpoint(s)";
    }
}
