package io.conclave.model.conversation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conversation design's success metrics, counted as the conversation takes its messages (on the journaled times,
 * so a replay counts the same): every turn the rules grant is a task for its agent, completed when that agent sends
 * its next message (its response); the time between is the response latency. An agent holds one open turn at most,
 * its newest, as its inbox does: a turn granted again before the agent answered replaces the one it held, which is
 * never answered, and the agent's next message answers the newest, timed from that grant. A turn still open when the
 * agent leaves or the conversation ends is not completed. What it keeps grows with the members, not the messages.
 * Not thread-safe: the conversation's runtime serialises every call.
 */
public final class TurnTally {
    /** Of each agent's long[]: turns granted, answered, the latencies' sum and the longest. */
    private static final int GRANTED = 0, ANSWERED = 1, LATENCY_SUM = 2, LATENCY_MAX = 3;
    /** Of each agent's long[]: its open turn's message (0: none; messages count from 1) and when it was granted. */
    private static final int OPEN_SEQ = 4, OPEN_AT = 5;
    private final Map<String, long[]> byAgent = new LinkedHashMap<>();
    private long granted;
    private long answered;
    private long latencySum;
    private long latencyMax;

    /** A response: the turn it completes (the message it answers) and how long it took. */
    public record Answer(String agentId, long answeredSeq, long messageSeq, long latencyMillis) {
    }

    /** {@code agentId} sent message {@code seq} at {@code at}: the response to its open turn, if it holds one. */
    public Answer sent(String agentId, long seq, long at) {
        long[] a = byAgent.get(agentId);
        if (a == null || a[OPEN_SEQ] == 0) {
            return null;
        }
        long latency = Math.max(0, at - a[OPEN_AT]);
        long answeredSeq = a[OPEN_SEQ];
        a[OPEN_SEQ] = 0;
        answered++;
        latencySum += latency;
        latencyMax = Math.max(latencyMax, latency);
        a[ANSWERED]++;
        a[LATENCY_SUM] += latency;
        a[LATENCY_MAX] = Math.max(a[LATENCY_MAX], latency);
        return new Answer(agentId, answeredSeq, seq, latency);
    }

    /** The rules granted {@code agentId} a turn on message {@code seq}, at {@code at}: its open turn from now on. */
    public void granted(String agentId, long seq, long at) {
        long[] a = byAgent.computeIfAbsent(agentId, k -> new long[6]);
        a[OPEN_SEQ] = seq;
        a[OPEN_AT] = at;
        a[GRANTED]++;
        granted++;
    }

    public void clear() {
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
            long[] a = byAgent.getOrDefault(id, new long[6]);
            long done = a[ANSWERED];
            if (done > 0 && eligible.contains(id)) {
                working++;
            }
            agents.add(new ConversationMetrics.AgentMetrics(id, (int) a[GRANTED], (int) done,
                    answered == 0 ? null : ratio(done, answered), done == 0 ? null : a[LATENCY_SUM] / done,
                    done == 0 ? null : a[LATENCY_MAX]));
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
