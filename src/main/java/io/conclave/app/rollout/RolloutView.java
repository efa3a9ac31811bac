package io.conclave.app.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.conclave.engine.project.ProjectListing;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.model.CommandException;
import io.conclave.model.rollout.RolloutRequest;
import io.conclave.model.rollout.Verdict;

/**
 * A roll-out as it is listed: the version on trial and the one active when it started; {@code state} (running,
 * rolled_back, aborted, promoted); who started it and when, its note; what it picks ({@code share}, or the
 * {@code named} projects); its window and the guards' budgets; whether it may be promoted now; what the guards said
 * last, the guards that tripped, and each canary project; how it ended.
 */
public record RolloutView(String rolloutId, String version, String previousVersion, String state, Instant startedAt,
                          String startedBy, String note, Double share, List<String> named, int windowMinutes,
                          Instant windowEndsAt, RolloutRequest.Guards guards, boolean promotable, Verdict lastVerdict,
                          List<Verdict> trips, List<CanaryView> projects, Instant endedAt, String endedBy,
                          String reason) {

    /**
     * One canary project: the version it decides under now; what it had when it joined and has now (tasks
     * UNASSIGNABLE, runs FAILED), its commands refused since, its differing decisions when last measured (null: not
     * guarded or not yet measured); when it left the roll-out and why.
     */
    public record CanaryView(String projectId, String policyVersion, Instant joinedAt, int unassignableBefore,
                             Integer unassignableNow, int refusedCommands, Integer differingDecisions,
                             int failedRunsBefore, Integer failedRunsNow, Instant leftAt, String leftReason) {
    }

    static RolloutView of(Rollout r, ProjectRegistry projects) {
        List<CanaryView> canaries = r.canaries.values().stream().map(c -> {
            ProjectListing l = listing(projects, c.projectId);
            return new CanaryView(c.projectId, l == null ? null : l.policyVersion(), c.joinedAt, c.unassignableBefore,
                    l == null ? null : CanaryMoves.unassignable(l), c.refused, c.differing, c.failedRunsBefore,
                    l == null ? null : CanaryMoves.failedRuns(l), c.leftAt, c.leftReason);
        }).toList();
        boolean promotable = r.running() && r.lastVerdict != null && Verdict.PROMOTABLE.equals(r.lastVerdict.kind());
        return new RolloutView(r.id, r.version, r.previous, r.state.name().toLowerCase(Locale.ROOT), r.startedAt,
                r.startedBy, r.request.note(), r.request.share(), r.request.projects(), r.request.window(),
                r.windowEndsAt(), r.request.guards().resolved(), promotable, r.lastVerdict, r.trips, canaries,
                r.endedAt, r.endedBy, r.reason);
    }

    private static ProjectListing listing(ProjectRegistry projects, String id) {
        try {
            return projects.get(id).summary();
        } catch (CommandException gone) {
            return null;
        }
    }
}
