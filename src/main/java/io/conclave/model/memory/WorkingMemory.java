package io.conclave.model.memory;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * One agent's working memory (the coordination-patterns chapter's {@code AgentWorkingMemory}): how many items its
 * short-term store holds before a store moves the least important ones to long-term memory, and how many stores it
 * took (the order of its items). Its items are {@link MemoryItem} facts.
 */
@ClassReactive
public class WorkingMemory implements Fact {
    private final MemoryOwner owner;
    private final String agentId;
    private int capacity;
    private long stores;

    public WorkingMemory(MemoryOwner owner, String agentId, int capacity) {
        this.owner = owner;
        this.agentId = agentId;
        this.capacity = capacity;
    }

    public MemoryOwner getOwner() { return owner; }
    public String getAgentId() { return agentId; }
    public int getCapacity() { return capacity; }
    public long getStores() { return stores; }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    /** The order of the next item stored (1, 2, ...). */
    public long nextStore() {
        return ++stores;
    }

    @Override
    public String factKey() {
        return agentId;
    }

    @Override
    public String describe() {
        return "working memory of " + agentId + " [capacity " + capacity + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
