package io.conclave.model.conflict;

import java.util.List;

/**
 * One option of a resolved goal conflict as the policy ranked it: its supporters (in proposal
 * order), the score the rules compare (highest priority among the supporters, number of supporters,
 * number of its earliest proposal) and why it won or lost.
 */
public record ConflictOption(int rank, String option, List<String> supporters, int topPriority, int support,
                             int firstProposal, String outcome) {
}
