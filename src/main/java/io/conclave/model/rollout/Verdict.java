package io.conclave.model.rollout;

import java.util.List;

/**
 * A verdict of the guard rules as the roll-out keeps and shows it: {@code kind} (TRIPPED, HEALTHY, PROMOTABLE),
 * for a tripped guard the project, the guard, what was observed and what was allowed; the reason in words, and
 * the rule, policy version and matched facts behind it.
 */
public record Verdict(String kind, String projectId, String guard, Integer observed, Integer allowed, String reason,
                      String rule, String policyVersion, List<String> matchedFacts) {
    public static final String TRIPPED = "TRIPPED";
    public static final String PROMOTABLE = "PROMOTABLE";

    public Verdict {
        matchedFacts = matchedFacts == null ? List.of() : List.copyOf(matchedFacts);
    }

    /** A verdict the service gives when the rules could not judge (no guard rules, a rule that failed). */
    public static Verdict ofService(String kind, String projectId, String guard, String reason) {
        return new Verdict(kind, projectId, guard, null, null, reason, null, null, List.of());
    }
}
