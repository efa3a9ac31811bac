package io.conclave.model.memory;

import java.util.List;

import io.conclave.model.Fact;

/**
 * A checkpoint of an agent's state: its number, when it was taken, its beliefs, goals and metrics, and a copy of its
 * working memory (capacity and items). The policy keeps the newest ones (rules/memory/agent_state.drl).
 */
public class AgentCheckpoint implements Fact {
    private final MemoryOwner owner;
    private final String agentId;
    private final int number;
    private final long takenAt;
    private final AgentState.Mind mind;
    private final int capacity;
    private final List<MemoryItem> memory;

    public AgentCheckpoint(MemoryOwner owner, String agentId, int number, long takenAt, AgentState.Mind mind,
                           int capacity, List<MemoryItem> memory) {
        this.owner = owner;
        this.agentId = agentId;
        this.number = number;
        this.takenAt = takenAt;
        this.mind = mind;
        this.capacity = capacity;
        this.memory = memory.stream().map(MemoryItem::copy)
                .sorted(java.util.Comparator.comparingLong(MemoryItem::getOrder)).toList();
    }

    public MemoryOwner getOwner() { return owner; }
    public String getAgentId() { return agentId; }
    public int getNumber() { return number; }
    public long getTakenAt() { return takenAt; }
    public AgentState.Mind getMind() { return mind; }
    /** The working memory's capacity then (0: the agent had no working memory). */
    public int getCapacity() { return capacity; }
    /** The items of the working memory then, as they were (copies), in the order they were stored. */
    public List<MemoryItem> getMemory() { return memory; }

    @Override
    public String factKey() {
        return agentId + "/" + String.format("%010d", number);
    }

    @Override
    public String describe() {
        return "checkpoint " + number + " of " + agentId + " [" + memory.size() + " memory item(s)]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
