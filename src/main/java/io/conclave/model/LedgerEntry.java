package io.conclave.model;

import java.util.List;

/**
 * A decision fact that rules insert and the engine moves to a ledger: a task decision of a project,
 * a meeting decision or a turn decision of a conversation. The engine stamps it with the rule that
 * inserted it, the policy version and the facts that rule matched, then with its ledger position.
 */
public abstract class LedgerEntry {
    private long seq;
    private long commandSeq;
    private String rule;
    private String policyVersion;
    private List<String> matchedFacts = List.of();

    /** Position in its owner's ledger, from 1. */
    public long getSeq() { return seq; }
    /** The journal entry (command) that caused it. */
    public long getCommandSeq() { return commandSeq; }
    public String getRule() { return rule; }
    public String getPolicyVersion() { return policyVersion; }
    public List<String> getMatchedFacts() { return matchedFacts; }

    /** Called by the engine: by the ledger listener as the rule inserts it, then with its ledger position. */
    public void stamp(long seq, long commandSeq, String rule, String policyVersion, List<String> matchedFacts) {
        this.seq = seq;
        this.commandSeq = commandSeq;
        this.rule = rule;
        this.policyVersion = policyVersion;
        this.matchedFacts = List.copyOf(matchedFacts);
    }
}
