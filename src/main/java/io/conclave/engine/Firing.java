package io.conclave.engine;

import org.kie.api.runtime.KieSession;

/** Firing a session under a cap, shared by project and meeting sessions: the failures name the rule to blame. */
final class Firing {
    private Firing() {
    }

    /**
     * Fires at most {@code budget + 1} rules and returns how many fired; a consequence that throws
     * (or recurses without end) is reported as the policy's failure, naming the rule.
     */
    static int fire(KieSession session, LedgerListener listener, int budget) {
        try {
            return session.fireAllRules(budget + 1);
        } catch (RuntimeException | StackOverflowError e) {
            String rule = listener.firingRule();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EngineException(EngineException.Kind.POLICY, "rule_failed",
                    (rule == null ? "the policy" : "rule '" + rule + "'") + " failed: " + cause
                            + ". Nothing of this command was kept.");
        }
    }

    /** The refusal of a command whose rules fired more than {@code limit} times. */
    static EngineException loop(String limit, LedgerListener listener) {
        return new EngineException(EngineException.Kind.POLICY, "rule_loop",
                "the policy fired more than " + limit + " and was cut off; busiest: " + listener.busiestRules(3)
                        + ". Nothing of this command was kept.");
    }
}
