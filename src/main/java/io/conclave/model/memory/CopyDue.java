package io.conclave.model.memory;

import io.conclave.model.Described;

/** A version of a shared key on its way into one agent's copy, within the command that sends it. */
public final class CopyDue implements Described {
    private final String agentId;
    private final String key;
    private final long version;
    private final String value;

    public CopyDue(String agentId, String key, long version, String value) {
        this.agentId = agentId;
        this.key = key;
        this.version = version;
        this.value = value;
    }

    public String getAgentId() { return agentId; }
    public String getKey() { return key; }
    public long getVersion() { return version; }
    public String getValue() { return value; }

    @Override
    public String describe() {
        return "version " + version + " of " + key + " for " + agentId;
    }

    @Override
    public String toString() {
        return describe();
    }
}
