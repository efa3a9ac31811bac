package io.conclave.model;

/** What a decision in the ledger decided. */
public enum DecisionKind {
    /** A task went to one agent. */
    ASSIGNED,
    /** A meeting task occupies all of its attendees. */
    MEETING_CONVENED,
    /** A READY task waits: agents qualify but all are at capacity. */
    WAITING,
    /** No agent has the skills: the task can never be assigned under this policy. */
    UNASSIGNABLE,
    /** A task moved between statuses (readiness, start, completion, failure, blocking). */
    STATUS_CHANGED,
    /** A follow-up task became known after its parent completed. */
    FOLLOW_UP_RELEASED,
    /** An agent's capacity was given back when its task ended. */
    CAPACITY_RELEASED
}
