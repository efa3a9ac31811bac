package io.conclave.model.run;

import io.conclave.model.Fact;

/**
 * A trigger of management_meetings.drl that has been acted on ("status meeting day 7 of run r1", "risk review t1"),
 * held or skipped by a cap: each trigger decides once, even though the tasks its rule counts change
 * while the same command fires. Kept across policy switches.
 */
public record SpawnMark(String key) implements Fact {
    public String getKey() { return key; }

    @Override
    public String factKey() { return key; }

    @Override
    public String describe() { return "spawn mark " + key; }
}
