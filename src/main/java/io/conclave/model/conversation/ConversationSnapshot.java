package io.conclave.model.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A conversation as {@code GET /api/conversations/{id}} shows it: its {@code history} is the newest messages (a
 * window; every message of a shorter conversation) and {@code turns} the turns granted on them; {@code message_count}
 * and {@code decision_count} count the whole conversation, whose pages the messages and decisions endpoints give;
 * {@code metrics} are the conversation design's success metrics over the whole conversation.
 */
public record ConversationSnapshot(String conversationId, String projectId, ConversationPolicy policy, String status,
                                   String terminationReason, Instant createdAt, int totalTurns, List<String> turnHolders,
                                   String primaryAgent, List<AgentView> agents, Map<String, ContextView> context,
                                   List<ConversationMessage> history, List<Turn> turns, List<RoundView> rounds,
                                   long messageCount, long decisionCount, ConversationMetrics metrics) {

    /** A conversation as the list shows it: without its history, turns, context and rounds. */
    public record Summary(String conversationId, String projectId, TurnStrategy turnStrategy, String status,
                          String terminationReason, Instant createdAt, int agents, long messages, int totalTurns) {
    }

    /** A member with its role, whether it is still in, its turns and its own state. */
    public record AgentView(String agentId, AgentRole role, int joinOrder, boolean present, int turns, int lastTurn,
                            JsonNode state) {
    }

    /** One key of the shared context. */
    public record ContextView(JsonNode value, long version, String updatedBy, Instant updatedAt) {
    }

    /** One granted turn: its number, the message it answers, the agent and the rule that chose it. */
    public record Turn(int turn, long messageSeq, String agentId, String via, String rule) {
    }

    /** A collaborative round: its responders by priority, the responses so far and the contradictions found. */
    public record RoundView(int number, long messageSeq, List<String> responders, List<Round.Response> responses,
                            boolean open, List<ContradictionView> contradictions) {
    }

    /** Opposite stances on a claim, ranked (the higher priority first). */
    public record ContradictionView(String claim, List<Round.Response> ranking, boolean voteOpened) {
    }
}
