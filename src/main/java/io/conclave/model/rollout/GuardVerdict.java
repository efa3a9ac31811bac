package io.conclave.model.rollout;

import java.util.List;

/**
 * What the rules of {@code rollouts/} decided about a roll-out: a guard {@code TRIPPED} on one canary project
 * (which guard, what was observed, what was allowed), or the roll-out is {@code HEALTHY} while its window runs,
 * or {@code PROMOTABLE} once it stayed healthy for its whole window. Like every decision, the engine stamps it
 * with the rule that inserted it, the policy version and the facts that rule matched.
 */
public final class GuardVerdict {
    /** What a verdict says. */
    public enum Kind { TRIPPED, HEALTHY, PROMOTABLE }

    private final Kind kind;
    private final String rolloutId;
    private final String projectId;
    private final String guard;
    private final int observed;
    private final int allowed;
    private final String reason;
    private String rule;
    private String policyVersion;
    private List<String> matchedFacts = List.of();

    private GuardVerdict(Kind kind, String rolloutId, String projectId, String guard, int observed, int allowed,
                         String reason) {
        this.kind = kind;
        this.rolloutId = rolloutId;
        this.projectId = projectId;
        this.guard = guard;
        this.observed = observed;
        this.allowed = allowed;
        this.reason = reason;
    }

    /** {@code guard} tripped on {@code project}: {@code observed} against a budget of {@code allowed}. */
    public static GuardVerdict tripped(CanaryGuards g, CanaryProject project, String guard, int observed, int allowed,
                                       String reason) {
        return new GuardVerdict(Kind.TRIPPED, g.getRolloutId(), project.getProjectId(), guard, observed, allowed,
                reason);
    }

    /** No guard tripped and the window still runs. */
    public static GuardVerdict healthy(CanaryGuards g, String reason) {
        return new GuardVerdict(Kind.HEALTHY, g.getRolloutId(), null, null, 0, 0, reason);
    }

    /** No guard tripped and the window is over: the roll-out may be promoted. */
    public static GuardVerdict promotable(CanaryGuards g, String reason) {
        return new GuardVerdict(Kind.PROMOTABLE, g.getRolloutId(), null, null, 0, 0, reason);
    }

    public Kind getKind() { return kind; }
    /** True for a tripped guard (the rules' conditions read it). */
    public boolean isTripped() { return kind == Kind.TRIPPED; }
    public String getRolloutId() { return rolloutId; }
    public String getProjectId() { return projectId; }
    public String getGuard() { return guard; }
    public int getObserved() { return observed; }
    public int getAllowed() { return allowed; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }
    public String getPolicyVersion() { return policyVersion; }
    public List<String> getMatchedFacts() { return matchedFacts; }

    /** Called by the engine with the rule that inserted this verdict, the policy version and the facts it matched. */
    public void stamp(String rule, String policyVersion, List<String> matchedFacts) {
        this.rule = rule;
        this.policyVersion = policyVersion;
        this.matchedFacts = List.copyOf(matchedFacts);
    }

    /** The verdict as it is kept and shown. */
    public Verdict toVerdict() {
        return new Verdict(kind.name(), projectId, guard, kind == Kind.TRIPPED ? observed : null,
                kind == Kind.TRIPPED ? allowed : null, reason, rule, policyVersion, matchedFacts);
    }

    @Override
    public String toString() {
        return kind + " " + (projectId == null ? rolloutId : projectId + " " + guard) + ": " + reason;
    }
}
