package io.conclave.model;

import java.util.List;

/**
 * A decision fact that rules insert and the engine moves to a ledger: a task decision of a project
 * or a meeting decision. The engine stamps it with the rule that inserted it, the policy version and
 * the facts that rule matched.
 */
public interface LedgerEntry {
    /** Called by the engine: by the ledger listener as the rule inserts it, then with its ledger position. */
    void stamp(long seq, long commandSeq, String rule, String policyVersion, List<String> matchedFacts);

    String getRule();

    String getPolicyVersion();

    List<String> getMatchedFacts();
}
