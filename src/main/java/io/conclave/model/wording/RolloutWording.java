package io.conclave.model.wording;

import java.time.Instant;

import io.conclave.model.rollout.CanaryGuards;
import io.conclave.model.rollout.CanaryProject;

/** How the guards of a canary roll-out word their verdicts (rollouts/guards.drl, rollouts/verdicts.drl). */
public final class RolloutWording {
    private RolloutWording() {
    }

    /** "project p has 1 UNASSIGNABLE task(s), 0 when it joined: 1 more, 0 allowed". */
    public static String moreUnassignableWords(CanaryProject p, int allowed) {
        return "project " + p.getProjectId() + " has " + p.getUnassignableNow() + " UNASSIGNABLE task(s), "
                + p.getUnassignableBefore() + " when it joined: " + p.getMoreUnassignable() + " more, " + allowed
                + " allowed";
    }

    /** "project p had 2 command(s) refused since it joined, 0 allowed". */
    public static String refusedWords(CanaryProject p, int allowed) {
        return "project " + p.getProjectId() + " had " + p.getRefusedCommands() + " command(s) refused since it joined, "
                + allowed + " allowed";
    }

    /** "project p made 3 decision(s) that policy v would not have made on the same history, 1 allowed". */
    public static String differingWords(CanaryProject p, CanaryGuards g, int allowed) {
        return "project " + p.getProjectId() + " made " + p.getDifferingDecisions() + " decision(s) that policy "
                + g.getPreviousVersion() + " would not have made on the same history, " + allowed + " allowed";
    }

    /** "project p had 1 run(s) fail since it joined, 0 allowed". */
    public static String failedRunWords(CanaryProject p, int allowed) {
        return "project " + p.getProjectId() + " had " + p.getMoreFailedRuns() + " run(s) fail since it joined, "
                + allowed + " allowed";
    }

    /** "no guard tripped on 2 canary project(s); the window ends at ...". */
    public static String healthyWords(CanaryGuards g, int projects) {
        return "no guard tripped on " + projects + " canary project(s); the window ends at "
                + Instant.ofEpochMilli(g.getWindowEndsAt());
    }

    /** "no guard tripped on 2 canary project(s) and the window ended at ...: it may be promoted". */
    public static String promotableWords(CanaryGuards g, int projects) {
        return "no guard tripped on " + projects + " canary project(s) and the window ended at "
                + Instant.ofEpochMilli(g.getWindowEndsAt()) + ": it may be promoted";
    }
}
