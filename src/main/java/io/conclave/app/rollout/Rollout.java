package io.conclave.app.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conclave.journal.RolloutRecord;
import io.conclave.model.rollout.RolloutRequest;
import io.conclave.model.rollout.Verdict;

/**
 * One canary roll-out as its log lines build it: the version on trial, the version active when it started, the
 * request, the projects it picked and each canary project's part (when it joined, what it had then, what was refused
 * since, when it left), its state and, once over, how it ended. Changed only under the {@link RolloutBook}'s lock.
 */
final class Rollout {
    /** Where a roll-out stands. */
    enum State { RUNNING, ROLLED_BACK, ABORTED, PROMOTED }

    /** One canary project's part. */
    static final class Canary {
        final String projectId;
        final Instant joinedAt;
        final int unassignableBefore;
        final int failedRunsBefore;
        int refused;
        /** The decisions the other projects' version would not have made on its history, when last measured. */
        Integer differing;
        Instant leftAt;
        String leftReason;

        Canary(String projectId, Instant joinedAt, int unassignableBefore, int failedRunsBefore) {
            this.projectId = projectId;
            this.joinedAt = joinedAt;
            this.unassignableBefore = unassignableBefore;
            this.failedRunsBefore = failedRunsBefore;
        }

        boolean present() {
            return leftAt == null;
        }
    }

    final String id;
    final String version;
    final String previous;
    final RolloutRequest request;
    final Instant startedAt;
    final String startedBy;
    final List<String> picked;
    final Map<String, Canary> canaries = new LinkedHashMap<>();
    State state = State.RUNNING;
    Instant endedAt;
    String endedBy;
    String reason;
    List<Verdict> trips = List.of();
    /** What the guards said last (null before the first judgement). */
    Verdict lastVerdict;

    private Rollout(RolloutRecord started) {
        this.id = started.rollout();
        this.version = started.version();
        this.previous = started.previous();
        this.request = started.request();
        this.startedAt = started.at();
        this.startedBy = started.by();
        this.picked = List.copyOf(started.projects());
    }

    /** The roll-out a {@code started} record begins. */
    static Rollout started(RolloutRecord r) {
        return new Rollout(r);
    }

    /** Applies a later record of this roll-out. */
    void apply(RolloutRecord r) {
        switch (r.event()) {
            case RolloutRecord.JOINED -> canaries.put(r.project(), new Canary(r.project(), r.at(),
                    r.unassignable() == null ? 0 : r.unassignable(), r.failedRuns() == null ? 0 : r.failedRuns()));
            case RolloutRecord.REFUSED -> {
                Canary c = canaries.get(r.project());
                if (c != null) {
                    c.refused++;
                }
            }
            case RolloutRecord.LEFT -> {
                Canary c = canaries.get(r.project());
                if (c != null && c.present()) {
                    c.leftAt = r.at();
                    c.leftReason = r.reason();
                }
            }
            case RolloutRecord.ROLLED_BACK, RolloutRecord.ABORTED, RolloutRecord.PROMOTED -> {
                state = switch (r.event()) {
                    case RolloutRecord.ROLLED_BACK -> State.ROLLED_BACK;
                    case RolloutRecord.ABORTED -> State.ABORTED;
                    default -> State.PROMOTED;
                };
                endedAt = r.at();
                endedBy = r.by();
                reason = r.reason();
                trips = r.verdicts() == null ? List.of() : List.copyOf(r.verdicts());
            }
            default -> {
                // a record of a later version of the service: nothing this one knows to apply
            }
        }
    }

    boolean running() {
        return state == State.RUNNING;
    }

    /** When the window ends: the start plus the request's window. */
    Instant windowEndsAt() {
        return startedAt.plus(Duration.ofMinutes(request.window()));
    }

    /** The canary projects that have not left. */
    List<Canary> present() {
        return new ArrayList<>(canaries.values().stream().filter(Canary::present).toList());
    }

    /** The picked projects that did not join (a stop between the start and their move). */
    List<String> notJoined() {
        return picked.stream().filter(p -> !canaries.containsKey(p)).toList();
    }
}
