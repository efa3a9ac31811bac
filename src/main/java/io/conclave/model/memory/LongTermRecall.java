package io.conclave.model.memory;

import io.conclave.model.Described;

/** An item was just read from an agent's long-term memory: the rules see whether it comes back to short-term memory. */
public final class LongTermRecall implements Described {
    private final MemoryOwner owner;
    private final String agentId;
    private final String key;

    public LongTermRecall(MemoryOwner owner, String agentId, String key) {
        this.owner = owner;
        this.agentId = agentId;
        this.key = key;
    }

    public MemoryOwner getOwner() { return owner; }
    public String getAgentId() { return agentId; }
    public String getKey() { return key; }

    @Override
    public String describe() {
        return agentId + " recalled '" + key + "' from long-term memory";
    }

    @Override
    public String toString() {
        return describe();
    }
}
