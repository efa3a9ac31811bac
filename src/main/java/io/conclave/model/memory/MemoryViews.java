package io.conclave.model.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;

/**
 * The memory of a project or a conversation as the API shows it, read from the facts of the owner's session: an
 * agent's working memory, state and checkpoints; the shared memory with every agent's copy; one agent's read of a
 * shared key.
 */
public final class MemoryViews {
    private MemoryViews() {
    }

    /** The owner's facts of a type (its session's). */
    public interface Facts {
        <T> List<T> of(Class<T> type);
    }

    /** An item of a working memory. */
    public record ItemView(String key, JsonNode value, double importance, int accessCount, Instant createdAt,
                           Instant accessedAt) {
        static ItemView of(MemoryItem i) {
            return new ItemView(i.getKey(), json(i.getValue()), i.getImportance(), i.getAccessCount(),
                    Instant.ofEpochMilli(i.getCreatedAt()), Instant.ofEpochMilli(i.getAccessedAt()));
        }
    }

    /** An agent's beliefs, goals and metrics as last saved. */
    public record StateView(JsonNode beliefs, JsonNode goals, JsonNode metrics, Instant savedAt, int saves) {
    }

    /** A kept checkpoint: its number, when, the state, and the working memory then. */
    public record CheckpointView(int checkpoint, Instant takenAt, JsonNode beliefs, JsonNode goals, JsonNode metrics,
                                 Integer capacity, List<ItemView> shortTerm, List<ItemView> longTerm) {
    }

    /**
     * One agent's memory: its working memory (capacity, short-term and long-term items in the order they were stored;
     * capacity null while it has none), its state (null before its first save) and its kept checkpoints, oldest first.
     */
    public record AgentMemoryView(String agentId, Integer capacity, List<ItemView> shortTerm, List<ItemView> longTerm,
                                  StateView state, List<CheckpointView> checkpoints) {
    }

    /** An agent's copy of a shared key; {@code stale} when the home copy is at a later version. */
    public record CopyView(JsonNode value, long version, boolean stale, Instant receivedAt) {
    }

    /** A version of a shared key still on its way to other agents' copies. */
    public record PendingView(long version, String writtenBy, List<String> to, Instant due) {
    }

    /** A key of the shared memory: its home copy, each agent's copy, and the eventual writes not arrived yet. */
    public record SharedView(String key, JsonNode value, long version, String writtenBy, Instant writtenAt,
                             String consistency, Map<String, CopyView> copies, List<PendingView> pending) {
    }

    /**
     * One read of a shared key: from the agent's own copy when it holds one (the chapter's local memory first), else
     * from the home copy; a strong read always from the home copy.
     */
    public record ReadView(String key, String agentId, String readFrom, JsonNode value, long version,
                           long latestVersion, boolean stale) {
    }

    public static AgentMemoryView agent(Facts facts, String agentId) {
        WorkingMemory m = facts.of(WorkingMemory.class).stream().filter(w -> w.getAgentId().equals(agentId))
                .findFirst().orElse(null);
        List<MemoryItem> items = facts.of(MemoryItem.class).stream().filter(i -> i.getAgentId().equals(agentId))
                .sorted(Comparator.comparingLong(MemoryItem::getOrder)).toList();
        AgentState s = facts.of(AgentState.class).stream().filter(x -> x.getAgentId().equals(agentId)).findFirst()
                .orElse(null);
        List<CheckpointView> checkpoints = facts.of(AgentCheckpoint.class).stream()
                .filter(c -> c.getAgentId().equals(agentId))
                .sorted(Comparator.comparingInt(AgentCheckpoint::getNumber))
                .map(c -> new CheckpointView(c.getNumber(), Instant.ofEpochMilli(c.getTakenAt()),
                        json(c.getMind().beliefs()), json(c.getMind().goals()), json(c.getMind().metrics()),
                        c.getCapacity() == 0 ? null : c.getCapacity(), tier(c.getMemory(), MemoryItem.Tier.SHORT),
                        tier(c.getMemory(), MemoryItem.Tier.LONG)))
                .toList();
        StateView state = s == null || s.getSaves() == 0 ? null : new StateView(json(s.getMind().beliefs()),
                json(s.getMind().goals()), json(s.getMind().metrics()), Instant.ofEpochMilli(s.getSavedAt()), s.getSaves());
        return new AgentMemoryView(agentId, m == null ? null : m.getCapacity(), tier(items, MemoryItem.Tier.SHORT),
                tier(items, MemoryItem.Tier.LONG), state, checkpoints);
    }

    /** The memory of every agent that has any (a working memory, a saved state or a checkpoint), by agent id. */
    public static List<AgentMemoryView> agents(Facts facts) {
        java.util.SortedSet<String> ids = new java.util.TreeSet<>();
        facts.of(WorkingMemory.class).forEach(w -> ids.add(w.getAgentId()));
        facts.of(AgentState.class).forEach(x -> ids.add(x.getAgentId()));
        facts.of(AgentCheckpoint.class).forEach(c -> ids.add(c.getAgentId()));
        return ids.stream().map(id -> agent(facts, id)).toList();
    }

    /** An item of an agent's working memory, or null. */
    public static ItemView item(Facts facts, String agentId, String key) {
        return facts.of(MemoryItem.class).stream().filter(i -> i.getAgentId().equals(agentId) && i.getKey().equals(key))
                .findFirst().map(ItemView::of).orElse(null);
    }

    /** True when the item is in short-term memory. */
    public static boolean inShortTerm(Facts facts, String agentId, String key) {
        return facts.of(MemoryItem.class).stream().anyMatch(i -> i.getAgentId().equals(agentId)
                && i.getKey().equals(key) && i.getTier() == MemoryItem.Tier.SHORT);
    }

    /** Every key of the shared memory, by key. */
    public static List<SharedView> shared(Facts facts) {
        List<SharedView> out = new ArrayList<>();
        facts.of(SharedEntry.class).stream().sorted(Comparator.comparing(SharedEntry::getKey))
                .forEach(e -> out.add(shared(facts, e)));
        return out;
    }

    /** One key of the shared memory, or null. */
    public static SharedView shared(Facts facts, String key) {
        return facts.of(SharedEntry.class).stream().filter(e -> e.getKey().equals(key)).findFirst()
                .map(e -> shared(facts, e)).orElse(null);
    }

    private static SharedView shared(Facts facts, SharedEntry e) {
        Map<String, CopyView> copies = new LinkedHashMap<>();
        facts.of(Replica.class).stream().filter(r -> r.getKey().equals(e.getKey()))
                .sorted(Comparator.comparing(Replica::getAgentId))
                .forEach(r -> copies.put(r.getAgentId(), new CopyView(json(r.getValue()), r.getVersion(),
                        r.getVersion() < e.getVersion(), Instant.ofEpochMilli(r.getReceivedAt()))));
        List<PendingView> pending = facts.of(Propagation.class).stream().filter(p -> p.getKey().equals(e.getKey()))
                .sorted(Comparator.comparingLong(Propagation::getVersion))
                .map(p -> new PendingView(p.getVersion(), p.getWriter(), p.getTargets(), Instant.ofEpochMilli(p.getDue())))
                .toList();
        return new SharedView(e.getKey(), json(e.getValue()), e.getVersion(), e.getWrittenBy(),
                Instant.ofEpochMilli(e.getWrittenAt()), e.getConsistency(), copies, pending);
    }

    /** {@code agentId}'s read of a shared key (null when the key does not exist); {@code strong} reads the home copy. */
    public static ReadView read(Facts facts, String key, String agentId, boolean strong) {
        SharedEntry e = facts.of(SharedEntry.class).stream().filter(x -> x.getKey().equals(key)).findFirst().orElse(null);
        if (e == null) {
            return null;
        }
        Replica r = agentId == null || strong ? null : facts.of(Replica.class).stream()
                .filter(x -> x.getKey().equals(key) && x.getAgentId().equals(agentId)).findFirst().orElse(null);
        if (r == null) {
            return new ReadView(key, agentId, "home", json(e.getValue()), e.getVersion(), e.getVersion(), false);
        }
        return new ReadView(key, agentId, "copy", json(r.getValue()), r.getVersion(), e.getVersion(),
                r.getVersion() < e.getVersion());
    }

    private static List<ItemView> tier(List<MemoryItem> items, MemoryItem.Tier tier) {
        return items.stream().filter(i -> i.getTier() == tier).map(ItemView::of).toList();
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
