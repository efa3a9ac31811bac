package io.conclave.model.run;

import io.conclave.model.Described;
import io.conclave.model.PolicySetting;

/**
 * Spawning as the policy applies it to one project, given by a rule of {@code rules/execution/spawning.drl} from the
 * project's {@link io.conclave.model.SpawnSettings}: on, with its caps, either because the file's {@code spawning}
 * block turns it on or by default for a file without one (then only outcomes of meetings agents held spawn: a
 * simulated meeting's proposals are synthetic). Absent when the file turns spawning off.
 */
public final class SpawnPolicy extends PolicySetting implements Described {
    private final int maxSpawnedTasks;
    private final int maxSpawnDepth;
    private final boolean byDefault;

    public SpawnPolicy(int maxSpawnedTasks, int maxSpawnDepth, boolean byDefault) {
        this.maxSpawnedTasks = maxSpawnedTasks;
        this.maxSpawnDepth = maxSpawnDepth;
        this.byDefault = byDefault;
    }

    public int getMaxSpawnedTasks() { return maxSpawnedTasks; }
    public int getMaxSpawnDepth() { return maxSpawnDepth; }
    /** True when spawning is on because the file says nothing (only outcomes of meetings agents held spawn). */
    public boolean isByDefault() { return byDefault; }

    @Override
    public String describe() {
        return "spawning on " + (byDefault ? "by default (no spawning block; meetings agents held)" : "by the file's block")
                + ", at most " + maxSpawnedTasks + " task(s), depth " + maxSpawnDepth;
    }

    @Override
    public String toString() {
        return describe();
    }
}
