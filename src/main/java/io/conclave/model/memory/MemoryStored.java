package io.conclave.model.memory;

import io.conclave.model.Described;

/** An item was just stored in an agent's short-term memory: the rules see whether the store is now over capacity. */
public final class MemoryStored implements Described {
    private final MemoryOwner owner;
    private final String agentId;
    private final String key;

    public MemoryStored(MemoryOwner owner, String agentId, String key) {
        this.owner = owner;
        this.agentId = agentId;
        this.key = key;
    }

    public MemoryOwner getOwner() { return owner; }
    public String getAgentId() { return agentId; }
    public String getKey() { return key; }

    @Override
    public String describe() {
        return agentId + " stored '" + key + "'";
    }

    @Override
    public String toString() {
        return describe();
    }
}
