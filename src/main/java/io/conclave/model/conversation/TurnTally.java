package io.conclave.model.conversation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conversation design's success metrics, counted as the conversation takes its messages (on the journaled times,
 * so a replay counts the same): every turn the rules grant is a task for its agent, completed when that agent sends
 * its next message (its response); the time between is the response latency. A turn still open when the agent leaves
 * or the conversation ends is not completed. Not thread-safe: the conversation's runtime serialises every call.
 */
public final class TurnTally {
    /** An agent's open turns, oldest first: when each was granted and for which message. */
    private final Map<String, Deque<long[]>> open = new LinkedHashMap<>();
    private final Map<String, long[]> byAgent = new LinkedHashMap<>();
    private long granted;
    private long answered;
    private long latencySum;
    private long latencyMax;

    /** A response: the turn it completes (the message it answers) and how long it took. */
    public record Answer(String agentId, long answeredSeq, long messageSeq, long latencyMillis) {
    }

    /** {@code agentId} sent message {@code seq} at {@code at}: the response to its oldest open turn, if it has one. */
    public Answer sent(String agentId, long seq, long at) {
        Deque<long[]> turns = open.get(agentId);
        if (turns == null || turns.isEmpty()) {
            return null;
        }
        long[] turn = turns.pollFirst();
        long latency = Math.max(0, at - turn[0]);
        answered++;
        latencySum += latency;
        latencyMax = Math.max(latencyMax, latency);
        long[] a = agent(agentId);
        a[1]++;
        a[2] += latency;
        a[3] = Math.max(a[3], latency);
        return new Answer(agentId, turn[1], seq, latency);
    }

    /** The rules granted {@code agentId} a turn on message {@code seq}, at {@code at}. */
    public void granted(String agentId, long seq, long at) {
        open.computeIfAbsent(agentId, k -> new ArrayDeque<>()).addLast(new long[] {at, seq});
        granted++;
        agent(agentId)[0]++;
    }

    /** Per agent: turns granted, answered, summed and longest latency. */
    private long[] agent(String agentId) {
        return byAgent.computeIfAbsent(agentId, k -> new long[4]);
    }

    public void clear() {
        open.clear();
        byAgent.clear();
        granted = 0;
        answered = 0;
        latencySum = 0;
        latencyMax = 0;
    }

    /**
     * The metrics, with {@code eligible} the members of a role that is granted turns (present or not, in join order):
     * the agent utilisation is the share of them that completed at least one turn.
     */
    public ConversationMetrics metrics(List<String> eligible) {
        List<ConversationMetrics.AgentMetrics> agents = new ArrayList<>();
        Set<String> shown = new java.util.LinkedHashSet<>(eligible);
        shown.addAll(byAgent.keySet());
        int working = 0;
        for (String id : shown) {
            long[] a = byAgent.getOrDefault(id, new long[4]);
            if (a[1] > 0 && eligible.contains(id)) {
                working++;
            }
            agents.add(new ConversationMetrics.AgentMetrics(id, (int) a[0], (int) a[1],
                    answered == 0 ? null : ratio(a[1], answered), a[1] == 0 ? null : a[2] / a[1],
                    a[1] == 0 ? null : a[3]));
        }
        return new ConversationMetrics((int) granted, (int) answered, (int) (granted - answered),
                granted == 0 ? null : ratio(answered, granted),
                new ConversationMetrics.Latency((int) answered, answered == 0 ? null : latencySum / answered,
                        answered == 0 ? null : latencyMax),
                eligible.isEmpty() ? null : ratio(working, eligible.size()), working, eligible.size(), agents);
    }

    /** A share rounded to four places. */
    private static double ratio(long part, long whole) {
        return Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
