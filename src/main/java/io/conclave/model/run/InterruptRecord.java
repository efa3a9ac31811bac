package io.conclave.model.run;

import java.time.Instant;

/**
 * One accepted interrupt as the audit trail keeps it: its id, action, the task it named, who asked
 * and when (the journal time), the journal entry that carried it (its decisions are those of that
 * command in the ledger), the CEO's reason and what it changed, in words. {@code undoneBy}: the
 * restore that took the project back to before it ({@code "restore of cp-1"}), null while it stands;
 * the record stays in the trail either way.
 */
public record InterruptRecord(String interruptId, String action, String taskId, String requestedBy,
                              Instant requestedAt, long commandSeq, String reason, String change, String undoneBy) {

    /** The same record, undone by {@code restore} (a record undone earlier keeps its first restore). */
    public InterruptRecord undone(String restore) {
        return undoneBy != null ? this : new InterruptRecord(interruptId, action, taskId, requestedBy, requestedAt,
                commandSeq, reason, change, restore);
    }
}
