package io.conclave.journal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The acknowledgements of the items {@link InboxStore} holds in memory only (their owners tell them again after a
 * restart): for each agent and subject the latest such item the agent acknowledged, which the acknowledgement's line
 * ({@code {"ack":id,"subject":s}}) and every rewrite of the agent's file keep, so the item told again stays closed.
 * Not thread-safe: the store's lock guards it.
 */
final class InMemoryItems {
    /** Agent -> subject -> the latest item of the subject kept in memory that the agent acknowledged. */
    private final Map<String, Map<String, String>> acked = new HashMap<>();

    /** True when {@code itemId} is the agent's acknowledged item of {@code subject}: told again, it stays closed. */
    boolean acknowledged(String agentId, String subject, String itemId) {
        return itemId.equals(acked.getOrDefault(agentId, Map.of()).get(subject));
    }

    /** The agent acknowledged {@code itemId}, of {@code subject} (read back from its line, or just now). */
    void remember(String agentId, String subject, String itemId) {
        acked.computeIfAbsent(agentId, a -> new HashMap<>()).put(subject, itemId);
    }

    /** A newer item of the agent's {@code subject} came: the older one's acknowledgement is moot. */
    void superseded(String agentId, String subject) {
        Map<String, String> bySubject = acked.get(agentId);
        if (bySubject != null && bySubject.remove(subject) != null && bySubject.isEmpty()) {
            acked.remove(agentId);
        }
    }

    /** Writes the agent's acknowledgement lines (by subject), for a rewrite of its file; returns how many. */
    int ackLines(String agentId, LineBuffer out) throws IOException {
        Map<String, String> bySubject = new TreeMap<>(acked.getOrDefault(agentId, Map.of()));
        for (Map.Entry<String, String> a : bySubject.entrySet()) {
            InboxLines.ack(out, a.getValue(), a.getKey());
        }
        return bySubject.size();
    }
}
