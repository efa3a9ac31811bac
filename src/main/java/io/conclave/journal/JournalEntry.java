package io.conclave.journal;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One accepted command of a project, as written to its journal: a sequence number, the command type,
 * who asked for it (the acting agent, or "operator" for administrative commands), the policy version
 * it ran under, when it was accepted and its body.
 */
public record JournalEntry(long seq, String type, String actor, String policyVersion, Instant recordedAt,
                           JsonNode body) {

    public static final String CREATE = "create";
    public static final String TASK_EVENT = "task_event";
    public static final String RUN = "run";
    public static final String POLICY_SWITCH = "policy_switch";
}
