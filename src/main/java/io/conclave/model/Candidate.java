package io.conclave.model;

/** An agent that could take a task, with the score the policy gave it. */
public record Candidate(String agentId, double score, double openHours) {
}
