package io.conclave.journal;

import java.time.Instant;

/**
 * One line of the policy archive's history ({@code <data>/policies/history.jsonl}): a version was
 * proposed as a candidate, went live, or was dropped; rolled out to canary projects, rolled back from them, or
 * its roll-out aborted; when, on whose behalf, what asked for it, and the version it is measured against
 * ({@code predecessor}: a candidate's base, or the version that was active before an activation or a roll-out).
 * {@code note}: what a candidate's author said it changes, or what became of a roll-out.
 */
public record PolicyRecord(Instant at, String version, String event, String by, String trigger, String predecessor,
                           String note) {
    public static final String PROPOSED = "proposed";
    public static final String ACTIVATED = "activated";
    public static final String DROPPED = "dropped";
    /** Canary projects decide under the version (journals then replay under it: it is never dropped). */
    public static final String ROLLED_OUT = "rolled_out";
    /** A guard of its roll-out tripped: the canary projects went back. */
    public static final String ROLLED_BACK = "rolled_back";
    /** Its roll-out was stopped by hand: the canary projects went back. */
    public static final String ROLLOUT_ABORTED = "rollout_aborted";
}
