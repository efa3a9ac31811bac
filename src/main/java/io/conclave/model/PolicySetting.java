package io.conclave.model;

/**
 * A setting the policy gives, as a fact: how many checkpoints a project keeps, the window a meeting task
 * is scheduled in. A plainly named rule inserts it ("Keep the last five checkpoints"), so a user changes
 * the setting by editing that rule; the Java that applies it reads the fact and names the rule where it
 * acts. The engine stamps it, as it inserts, with the rule and the policy version. A setting belongs to
 * one session: after a policy switch the new policy's rules give it again.
 */
public abstract class PolicySetting {
    private String rule;
    private String policyVersion;

    /** Called by the engine with the rule that inserted this setting and the policy it belongs to. */
    public void stamp(String rule, String policyVersion) {
        this.rule = rule;
        this.policyVersion = policyVersion;
    }

    public String getRule() { return rule; }
    public String getPolicyVersion() { return policyVersion; }

    /** Where the setting comes from: "rule 'Keep the last five checkpoints' of policy 0afd19745b5d". */
    public String origin() {
        return rule == null ? "the policy" : "rule '" + rule + "' of policy " + policyVersion;
    }
}
