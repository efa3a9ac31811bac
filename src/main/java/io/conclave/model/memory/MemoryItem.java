package io.conclave.model.memory;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * One item of an agent's working memory: its value (JSON text), importance, when it was stored and last accessed
 * (epoch millis of the commands), how often it was accessed, and whether it is in short-term or long-term memory.
 * {@code order} is the store it came with: among items of equal score the older goes first.
 */
@ClassReactive
public class MemoryItem implements Fact {
    /** Where an item is. */
    public enum Tier { SHORT, LONG }

    private final String agentId;
    private final String key;
    private String value;
    private double importance;
    private long createdAt;
    private long accessedAt;
    private int accessCount;
    private Tier tier;
    private long order;

    public MemoryItem(String agentId, String key, String value, double importance, long at, long order) {
        this.agentId = agentId;
        this.key = key;
        store(value, importance, at, order);
    }

    public String getAgentId() { return agentId; }
    public String getKey() { return key; }
    public String getValue() { return value; }
    public double getImportance() { return importance; }
    public long getCreatedAt() { return createdAt; }
    public long getAccessedAt() { return accessedAt; }
    public int getAccessCount() { return accessCount; }
    public Tier getTier() { return tier; }
    public long getOrder() { return order; }

    /** Stored (again): in short-term memory, accessed once, now. */
    public void store(String value, double importance, long at, long order) {
        this.value = value;
        this.importance = importance;
        this.createdAt = at;
        this.accessedAt = at;
        this.accessCount = 1;
        this.tier = Tier.SHORT;
        this.order = order;
    }

    /** Read from short-term memory at {@code at}. */
    public void accessed(long at) {
        accessedAt = at;
        accessCount++;
    }

    /** Read from long-term memory: counted, its time of last access kept (the chapter leaves it). */
    public void recalled() {
        accessCount++;
    }

    public void toLongTerm() {
        tier = Tier.LONG;
    }

    public void toShortTerm() {
        tier = Tier.SHORT;
    }

    /** A copy of this item, as a checkpoint keeps it. */
    public MemoryItem copy() {
        MemoryItem c = new MemoryItem(agentId, key, value, importance, createdAt, order);
        c.accessedAt = accessedAt;
        c.accessCount = accessCount;
        c.tier = tier;
        return c;
    }

    @Override
    public String factKey() {
        return agentId + "/" + key;
    }

    @Override
    public String describe() {
        return "memory item " + agentId + "/" + key + " [" + tier.name().toLowerCase(java.util.Locale.ROOT)
                + "-term, importance " + importance + ", " + accessCount + " access(es)]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
