package io.conclave.model;

/**
 * A fact that says what it is in stable words: ids and values, never an identity hash, so a decision's
 * {@code matched_facts} read the same after a restart replays the journal ("agent cto [open 0/3 tasks,
 * 0.0 h]", "roster of 5 agent(s): pm, cto, ..."). Every class a rule matches implements it
 * ({@code LedgerDescriptionTest} checks the rules' patterns against it).
 */
public interface Described {
    /** A short description for the decision ledger, made of ids and values only. */
    String describe();
}
