package io.conclave.model.memory;

import java.util.List;

import io.conclave.model.Fact;

/**
 * An eventual write on its way to the other agents' copies: the version written, by whom, to whom, and when it is
 * due to arrive (epoch millis; the owner's clock acts on it then).
 */
public class Propagation implements Fact {
    private final MemoryOwner owner;
    private final String key;
    private final String value;
    private final long version;
    private final String writer;
    private final List<String> targets;
    private final long writtenAt;
    private final long due;

    public Propagation(MemoryOwner owner, String key, String value, long version, String writer, List<String> targets,
                       long writtenAt, long due) {
        this.owner = owner;
        this.key = key;
        this.value = value;
        this.version = version;
        this.writer = writer;
        this.targets = List.copyOf(targets);
        this.writtenAt = writtenAt;
        this.due = due;
    }

    public MemoryOwner getOwner() { return owner; }
    public String getKey() { return key; }
    public String getValue() { return value; }
    public long getVersion() { return version; }
    public String getWriter() { return writer; }
    public List<String> getTargets() { return targets; }
    public long getWrittenAt() { return writtenAt; }
    public long getDue() { return due; }

    @Override
    public String factKey() {
        return key + "/" + String.format("%019d", version);
    }

    @Override
    public String describe() {
        return "propagation of " + key + " version " + version + " by " + writer + " to " + targets + " [due " + due + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
