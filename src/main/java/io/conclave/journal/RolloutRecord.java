package io.conclave.journal;

import java.time.Instant;
import java.util.List;

import io.conclave.model.rollout.RolloutRequest;
import io.conclave.model.rollout.Verdict;

/**
 * One line of the roll-out log ({@code <data>/policies/rollouts.jsonl}): something that happened to a canary
 * roll-out, forced to disk before the call that caused it answers, so a restart finds every roll-out as it
 * stood. {@code event} is one of:
 * <ul>
 * <li>{@code started}: {@code version} on trial, {@code previous} (the version active then), the {@code request}
 *     and the {@code projects} picked;</li>
 * <li>{@code joined}: {@code project} moved to the version, with what it had then ({@code unassignable},
 *     {@code failed_runs});</li>
 * <li>{@code refused}: a {@code command} of {@code project} was refused;</li>
 * <li>{@code rolled_back}, {@code aborted}, {@code promoted}: the end, with its {@code reason} (and the
 *     {@code verdicts} of a roll-back);</li>
 * <li>{@code left}: {@code project} went back to following the active policy ({@code reason} says why).</li>
 * </ul>
 */
public record RolloutRecord(Instant at, String rollout, String event, String by, String version, String previous,
                            RolloutRequest request, List<String> projects, String project, Integer unassignable,
                            Integer failedRuns, String command, String reason, List<Verdict> verdicts) {
    public static final String STARTED = "started";
    public static final String JOINED = "joined";
    public static final String REFUSED = "refused";
    public static final String ROLLED_BACK = "rolled_back";
    public static final String ABORTED = "aborted";
    public static final String PROMOTED = "promoted";
    public static final String LEFT = "left";

    /** A record of {@code event} about a roll-out as a whole. */
    public static RolloutRecord of(Instant at, String rollout, String event, String by, String reason,
                                   List<Verdict> verdicts) {
        return new RolloutRecord(at, rollout, event, by, null, null, null, null, null, null, null, null, reason,
                verdicts);
    }

    /** A record of {@code event} about one project of a roll-out. */
    public static RolloutRecord project(Instant at, String rollout, String event, String by, String project,
                                        Integer unassignable, Integer failedRuns, String command, String reason) {
        return new RolloutRecord(at, rollout, event, by, null, null, null, null, project, unassignable, failedRuns,
                command, reason, null);
    }
}
