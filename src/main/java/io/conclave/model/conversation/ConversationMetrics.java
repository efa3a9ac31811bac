package io.conclave.model.conversation;

import java.util.List;

/**
 * The conversation design's success metrics of one conversation: turns granted (each a task for its agent), turns
 * answered (completed by the agent's next message), the task completion rate (answered / granted), the response
 * latency (from the grant to the answer, in milliseconds), and the agent utilisation (the share of the members of a
 * role granted turns that completed at least one), with each agent's part. Null where nothing was counted yet.
 */
public record ConversationMetrics(int turnsGranted, int turnsAnswered, int turnsOpen, Double taskCompletionRate,
                                  Latency responseLatency, Double agentUtilisation, int agentsWorking,
                                  int agentsEligible, List<AgentMetrics> agents) {

    /** Response latency over the answered turns, in milliseconds. */
    public record Latency(int count, Long meanMillis, Long maxMillis) {
    }

    /** One agent's part: its turns, its answers, its share of all answers and its own latency. */
    public record AgentMetrics(String agentId, int turnsGranted, int turnsAnswered, Double shareOfAnswers,
                               Long meanLatencyMillis, Long maxLatencyMillis) {
    }
}
