package io.conclave.model;

/** An agent the policy ruled out for a task, and why in plain words. */
public record Rejection(String agentId, String reason) {
}
