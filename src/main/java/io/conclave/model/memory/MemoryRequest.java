package io.conclave.model.memory;

import java.util.List;

import io.conclave.model.CommandFact;
import io.conclave.model.Described;

/**
 * A memory command as the memory rules see it (rules/memory/): an agent opens, stores in or retrieves from its
 * working memory, writes the shared memory, or saves, checkpoints or restores its state. Values are JSON text. The
 * rules consume it or refuse it; {@code replicas} are the owner's agents, whose copies of the shared memory a write
 * reaches (the project's roster, the conversation's present members, in their order).
 */
public final class MemoryRequest implements CommandFact, Described {
    /** What is asked. */
    public enum Kind { OPEN, STORE, RETRIEVE, WRITE_SHARED, SAVE_STATE, CHECKPOINT, RESTORE }

    private final Kind kind;
    private final MemoryOwner owner;
    private final String agentId;
    private final String key;
    private final String value;
    private final double importance;
    private final int capacity;
    private final String consistency;
    private final AgentState.Mind mind;
    private final int checkpoint;
    private final List<String> replicas;

    private MemoryRequest(Kind kind, MemoryOwner owner, String agentId, String key, String value, double importance,
                          int capacity, String consistency, AgentState.Mind mind, int checkpoint, List<String> replicas) {
        this.kind = kind;
        this.owner = owner;
        this.agentId = agentId;
        this.key = key;
        this.value = value;
        this.importance = importance;
        this.capacity = capacity;
        this.consistency = consistency;
        this.mind = mind;
        this.checkpoint = checkpoint;
        this.replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    public static MemoryRequest open(MemoryOwner owner, String agentId, int capacity) {
        return new MemoryRequest(Kind.OPEN, owner, agentId, null, null, 0, capacity, null, null, 0, null);
    }

    public static MemoryRequest store(MemoryOwner owner, String agentId, String key, String value, double importance) {
        return new MemoryRequest(Kind.STORE, owner, agentId, key, value, importance, 0, null, null, 0, null);
    }

    public static MemoryRequest retrieve(MemoryOwner owner, String agentId, String key) {
        return new MemoryRequest(Kind.RETRIEVE, owner, agentId, key, null, 0, 0, null, null, 0, null);
    }

    public static MemoryRequest writeShared(MemoryOwner owner, String agentId, String key, String value,
                                            String consistency, List<String> replicas) {
        return new MemoryRequest(Kind.WRITE_SHARED, owner, agentId, key, value, 0, 0, consistency, null, 0, replicas);
    }

    public static MemoryRequest saveState(MemoryOwner owner, String agentId, AgentState.Mind mind) {
        return new MemoryRequest(Kind.SAVE_STATE, owner, agentId, null, null, 0, 0, null, mind, 0, null);
    }

    /** {@code mind} null: the checkpoint keeps the state as it was last saved. */
    public static MemoryRequest checkpoint(MemoryOwner owner, String agentId, AgentState.Mind mind) {
        return new MemoryRequest(Kind.CHECKPOINT, owner, agentId, null, null, 0, 0, null, mind, 0, null);
    }

    public static MemoryRequest restore(MemoryOwner owner, String agentId, int checkpoint) {
        return new MemoryRequest(Kind.RESTORE, owner, agentId, null, null, 0, 0, null, null, checkpoint, null);
    }

    public Kind getKind() { return kind; }
    public MemoryOwner getOwner() { return owner; }
    public String getAgentId() { return agentId; }
    public String getKey() { return key; }
    public String getValue() { return value; }
    public double getImportance() { return importance; }
    public int getCapacity() { return capacity; }
    public String getConsistency() { return consistency; }
    public AgentState.Mind getMind() { return mind; }
    public int getCheckpoint() { return checkpoint; }
    public List<String> getReplicas() { return replicas; }

    /** The agents other than the writer whose copies a shared write reaches. */
    public List<String> getOtherReplicas() {
        return replicas.stream().filter(a -> !a.equals(agentId)).toList();
    }

    @Override
    public String describe() {
        return switch (kind) {
            case OPEN -> agentId + " opens its working memory with capacity " + capacity;
            case STORE -> agentId + " stores '" + key + "' (importance " + importance + ")";
            case RETRIEVE -> agentId + " retrieves '" + key + "'";
            case WRITE_SHARED -> agentId + " writes shared '" + key + "' (" + consistency + ")";
            case SAVE_STATE -> agentId + " saves its state";
            case CHECKPOINT -> agentId + " checkpoints its state";
            case RESTORE -> agentId + " restores checkpoint " + checkpoint;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
