package io.conclave.model;

/** A signal that waiting tasks deserve another look: capacity was freed or the policy changed. */
public final class Wakeup {
    private final String reason;

    public Wakeup(String reason) {
        this.reason = reason;
    }

    public String getReason() { return reason; }

    @Override
    public String toString() {
        return "wakeup (" + reason + ")";
    }
}
