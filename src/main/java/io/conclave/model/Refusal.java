package io.conclave.model;

/**
 * A report the policy refuses (a task that is not the agent's, a status that does not allow it),
 * with a code and a reason in words. Inserted by a refusal rule; the engine answers it as a conflict
 * and keeps nothing of the command. The ledger listener stamps it with the rule that refused.
 */
public final class Refusal {
    private final String code;
    private final String reason;
    private String rule;

    public Refusal(String code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public String getCode() { return code; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }

    /** Called by the engine with the name of the rule that inserted this refusal. */
    public void stamp(String rule) {
        this.rule = rule;
    }
}
