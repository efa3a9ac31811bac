/**
 * The words of the policy: what the rules say about their decisions (why an agent lacks a skill, the bids
 * of a call as the ledger lists them, a run's status snapshot), as plain static functions the DRL imports
 * with {@code import function}. Only wording and formatting live here; the formulas that decide (scores,
 * rankings, thresholds, cadences) stay in the rule files, where a user changes them. A function here never
 * decides anything: give it the facts (and what a formula in DRL found) and it says them.
 */
package io.conclave.model.wording;
