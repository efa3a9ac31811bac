package io.conclave.model.rollout;

import java.time.Instant;

import io.conclave.model.Described;

/** When the guards of a roll-out are checked (epoch milliseconds): the rules compare it with the window's end. */
public final class GuardClock implements Described {
    private final long now;

    public GuardClock(long now) {
        this.now = now;
    }

    public long getNow() { return now; }

    @Override
    public String describe() {
        return "checked at " + Instant.ofEpochMilli(now);
    }

    @Override
    public String toString() {
        return describe();
    }
}
