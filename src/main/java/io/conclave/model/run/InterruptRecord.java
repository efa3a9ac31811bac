package io.conclave.model.run;

import java.time.Instant;

/**
 * One accepted interrupt as the audit trail keeps it: its id, action, the task it named, who asked
 * and when (the journal time), the journal entry that carried it (its decisions are those of that
 * command in the ledger), the CEO's reason and what it changed, in words.
 */
public record InterruptRecord(String interruptId, String action, String taskId, String requestedBy,
                              Instant requestedAt, long commandSeq, String reason, String change) {
}
