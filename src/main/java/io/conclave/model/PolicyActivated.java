package io.conclave.model;

/**
 * A signal that the session now runs under a newly activated policy: decisions the old policy
 * considered final (an UNASSIGNABLE task) deserve a look under the new rules.
 */
public final class PolicyActivated {
    private final String version;

    public PolicyActivated(String version) {
        this.version = version;
    }

    public String getVersion() { return version; }

    @Override
    public String toString() {
        return "policy " + version + " activated";
    }
}
