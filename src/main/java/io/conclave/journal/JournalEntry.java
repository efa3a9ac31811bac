package io.conclave.journal;

import java.time.Instant;

import io.conclave.model.command.Command;

/**
 * One accepted command of a project, a meeting or a conversation, as its journal holds it: a sequence
 * number (1 for the creation, then one more per entry), who asked for it (the acting agent, or the
 * operator), the policy version it ran under, when it was accepted, and the typed command itself; a command
 * sent by another owner's workflow (a follow-up) also carries its key, so that the same follow-up sent again
 * (a retry, a resend after a failover) is recognised and not applied twice. {@code policyHash}: the SHA-256 of the
 * version's rule files ({@link RuleFile#digest}), which the journal writes into the entry's line beside the hash of
 * the line before ({@link Chain}); null on entries written before journals were chained.
 *
 * @param <C> the command family of the owner's kind
 */
public record JournalEntry<C extends Command>(long seq, String actor, String policyVersion, Instant recordedAt,
                                              C command, String key, String policyHash) {

    /** An entry without the hash of its policy's files (read from a journal older than the chain, or a scratch copy). */
    public JournalEntry(long seq, String actor, String policyVersion, Instant recordedAt, C command, String key) {
        this(seq, actor, policyVersion, recordedAt, command, key, null);
    }

    /** An entry without a follow-up key (every command a client sends). */
    public JournalEntry(long seq, String actor, String policyVersion, Instant recordedAt, C command) {
        this(seq, actor, policyVersion, recordedAt, command, null, null);
    }

    /** The entry type the command is written as ({@code create}, {@code task_event}, {@code vote}...). */
    public String type() {
        return command.type();
    }

    /** The same entry with another command: what a live command is journaled as once applied. */
    public JournalEntry<C> with(C resolved) {
        return new JournalEntry<>(seq, actor, policyVersion, recordedAt, resolved, key, policyHash);
    }
}
