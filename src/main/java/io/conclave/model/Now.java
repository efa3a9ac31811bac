package io.conclave.model;

import java.time.Instant;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/** The time of the command being decided (epoch millis): the clock of a meeting's rules, journaled with it. */
// derived properties (active, open, chair, wakeAt) change with the fields: re-evaluate every pattern on modify
@ClassReactive
public class Now implements Fact {
    private long millis;

    public Now(long millis) {
        this.millis = millis;
    }

    public long getMillis() { return millis; }
    public void setMillis(long millis) { this.millis = millis; }

    @Override
    public String factKey() {
        return "now";
    }

    @Override
    public String describe() {
        return "now " + Instant.ofEpochMilli(millis);
    }
}
