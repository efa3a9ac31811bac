package io.conclave.model.conversation;

import java.util.List;

import io.conclave.model.meeting.Threshold;

/**
 * The turn policy of one conversation (the conversation design's ConversationPolicy), fixed at creation. Optional
 * limits are null when absent.
 *
 * @param maxTurnsPerAgent    turns one agent may be granted in the whole conversation
 * @param allowedRoles        role names that may be granted turns; members of other roles may still send messages
 * @param timeoutSeconds      the conversation ends this long after it started (null: never)
 * @param maxTotalTurns       turns granted in all (null: no cap)
 * @param primaryAgent        the agent that answers under single_agent (null: the highest priority)
 * @param collaborativeLimit  at most this many answer one message under collaborative (null: all that match)
 * @param loopLimit           handoffs back and forth between the same two agents before the loop guard steps in
 * @param consensus           when set, a contradiction in a collaborative round opens a vote with this threshold
 */
public record ConversationPolicy(TurnStrategy turnStrategy, int maxTurnsPerAgent, List<String> allowedRoles,
                                 Double timeoutSeconds, Integer maxTotalTurns, String primaryAgent,
                                 Integer collaborativeLimit, int loopLimit, Threshold consensus) {
    public static final int DEFAULT_LOOP_LIMIT = 3;

    public ConversationPolicy {
        allowedRoles = List.copyOf(allowedRoles);
    }
}
