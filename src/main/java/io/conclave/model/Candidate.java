package io.conclave.model;

/**
 * An agent that could take a task, with the score the policy gave it. Their order is the policy's
 * ({@code ranksAbove} in rules/common/scoring.drl).
 */
public record Candidate(String agentId, double score, double openHours) {
}
