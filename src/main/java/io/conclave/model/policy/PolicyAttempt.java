package io.conclave.model.policy;

import java.time.Instant;
import java.util.List;

/**
 * The last time the engine tried to build a policy: what triggered it, which version the files
 * hashed to, when, whether it went live, and the compiler's messages.
 */
public record PolicyAttempt(String trigger, String version, Instant at, boolean activated, List<PolicyMessage> messages) {
}
