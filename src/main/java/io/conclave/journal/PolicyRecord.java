package io.conclave.journal;

import java.time.Instant;

/**
 * One line of the policy archive's history ({@code <data>/policies/history.jsonl}): a version was
 * proposed as a candidate, went live, or was dropped; when, on whose behalf, what asked for it, and the
 * version it is measured against ({@code predecessor}: a candidate's base, or the version that was active
 * before an activation). {@code note}: what a candidate's author said it changes.
 */
public record PolicyRecord(Instant at, String version, String event, String by, String trigger, String predecessor,
                           String note) {
    public static final String PROPOSED = "proposed";
    public static final String ACTIVATED = "activated";
    public static final String DROPPED = "dropped";
}
