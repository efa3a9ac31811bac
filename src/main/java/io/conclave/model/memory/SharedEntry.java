package io.conclave.model.memory;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * One key of an owner's shared memory (the chapter's {@code DistributedSharedMemory}), as its home copy holds it: the
 * latest value written (JSON text), its version (1 when created), who wrote it, when, and with which consistency.
 * Each agent's own copy is a {@link Replica}.
 */
@ClassReactive
public class SharedEntry implements Fact {
    private final String key;
    private String value;
    private long version;
    private String writtenBy;
    private long writtenAt;
    private String consistency;

    public SharedEntry(String key) {
        this.key = key;
    }

    public String getKey() { return key; }
    public String getValue() { return value; }
    public long getVersion() { return version; }
    public String getWrittenBy() { return writtenBy; }
    public long getWrittenAt() { return writtenAt; }
    public String getConsistency() { return consistency; }

    /** A new value: the version goes up by one. */
    public void write(String newValue, String by, long at, String how) {
        value = newValue;
        version++;
        writtenBy = by;
        writtenAt = at;
        consistency = how;
    }

    @Override
    public String factKey() {
        return key;
    }

    @Override
    public String describe() {
        return "shared memory " + key + " [version " + version + ", by " + writtenBy + ", " + consistency + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
