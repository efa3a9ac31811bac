package io.conclave.model.memory;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * An agent's own copy of a key of the shared memory (the chapter's {@code local_memory} of one node): the version it
 * holds, which may be older than the home copy's until an eventual write reaches it.
 */
@ClassReactive
public class Replica implements Fact {
    private final String agentId;
    private final String key;
    private String value;
    private long version;
    private long receivedAt;

    public Replica(String agentId, String key) {
        this.agentId = agentId;
        this.key = key;
    }

    public String getAgentId() { return agentId; }
    public String getKey() { return key; }
    public String getValue() { return value; }
    public long getVersion() { return version; }
    public long getReceivedAt() { return receivedAt; }

    /** Takes a version; an older one than it holds changes nothing. Returns true when it took it. */
    public boolean take(String newValue, long newVersion, long at) {
        if (newVersion <= version) {
            return false;
        }
        value = newValue;
        version = newVersion;
        receivedAt = at;
        return true;
    }

    @Override
    public String factKey() {
        return key + "/" + agentId;
    }

    @Override
    public String describe() {
        return "copy of " + key + " held by " + agentId + " [version " + version + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
