package io.conclave.model.meeting;

/** What a meeting decision in the ledger decided. */
public enum MeetingDecisionKind {
    /** The meeting moved from one state to another. */
    STATE_CHANGED,
    /** An invited agent joined. */
    JOINED,
    /** A participant left. */
    LEFT,
    /** A proposal was put on the table. */
    PROPOSAL_ADDED,
    /** A vote was cast or replaced. */
    VOTE_CAST,
    /** A proposal was accepted or rejected when the vote closed, or left not decided by a meeting that never voted. */
    PROPOSAL_DECIDED,
    /** The minutes of a closed meeting were written. */
    SUMMARY_WRITTEN
}
