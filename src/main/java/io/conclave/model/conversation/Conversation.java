package io.conclave.model.conversation;

import java.util.List;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;
import io.conclave.model.meeting.Threshold;

/**
 * One conversation as the rules see it: its policy, whether it is over and why, the turns granted
 * so far, who holds the turn, the current primary agent, the version of its shared context, and the
 * handoffs going back and forth between two agents (for the loop guard of rules/conversations/turn_suggestions.drl).
 */
// rules test derived properties (strategy, deadline, handoffPair...): re-evaluate every pattern on modify
@ClassReactive
public class Conversation implements Fact {
    private final String conversationId;
    private final String projectId;
    private final ConversationPolicy policy;
    private final long startedAt;
    private boolean terminated;
    private String terminationReason;
    private String primary;
    private int totalTurns;
    private int nextJoinOrder;
    private List<String> turnHolders = List.of();
    private int rotationOrder = -1;
    private long contextVersion;
    private String pairFirst;
    private String pairSecond;
    private int pingPongs;
    private long pingPongContext;
    private int rounds;

    public Conversation(ConversationSpec spec, long startedAt) {
        this.conversationId = spec.conversationId();
        this.projectId = spec.projectId();
        this.policy = spec.policy();
        this.startedAt = startedAt;
        this.primary = policy.primaryAgent();
    }

    public String getConversationId() { return conversationId; }
    public String getProjectId() { return projectId; }
    public ConversationPolicy getPolicy() { return policy; }
    public TurnStrategy getStrategy() { return policy.turnStrategy(); }
    public int getMaxTurnsPerAgent() { return policy.maxTurnsPerAgent(); }
    public Integer getMaxTotalTurns() { return policy.maxTotalTurns(); }
    public int getLoopLimit() { return policy.loopLimit(); }
    /** The threshold of the vote a contradiction opens, or null when the policy does not ask for consensus. */
    public Threshold getConsensus() { return policy.consensus(); }
    public long getStartedAt() { return startedAt; }

    /** When the conversation times out (epoch millis), or null without a timeout. */
    public Long getDeadline() {
        return policy.timeoutSeconds() == null ? null : startedAt + Math.round(policy.timeoutSeconds() * 1000);
    }

    /** True when members of this role may be granted turns. */
    public boolean allows(String role) {
        return policy.allowedRoles().contains(role);
    }

    public boolean isTerminated() { return terminated; }
    public String getTerminationReason() { return terminationReason; }

    /** Ends the conversation for good. */
    public void terminate(String reason) {
        this.terminated = true;
        this.terminationReason = reason;
    }

    /** The agent that answers under single_agent: the policy's, or the last one a handoff named; null for "the highest priority". */
    public String getPrimary() { return primary; }
    public void setPrimary(String primary) { this.primary = primary; }

    public int getTotalTurns() { return totalTurns; }
    /** The agents granted the last turn (several under collaborative); empty before the first. */
    public List<String> getTurnHolders() { return turnHolders; }
    /** The join order of the agent the last single turn went to (-1 before any): round robin continues after it. */
    public int getRotationOrder() { return rotationOrder; }

    /** Counts turns granted to {@code holders}; {@code rotationOrder} is where a rotation continues from. */
    public void turnsGranted(List<String> holders, int rotationOrder) {
        this.totalTurns += holders.size();
        this.turnHolders = List.copyOf(holders);
        this.rotationOrder = rotationOrder;
    }

    /** The join order the next member gets, counting up. */
    public int takeJoinOrder() {
        return nextJoinOrder++;
    }

    public int getNextJoinOrder() { return nextJoinOrder; }

    /** Counts every change of the shared context; the loop guard only counts handoffs made with no change in between. */
    public long getContextVersion() { return contextVersion; }
    public void contextChanged() { contextVersion++; }

    /** The two agents handing the turn to each other now (both null when none are). */
    public BackAndForth getBackAndForth() { return new BackAndForth(pairFirst, pairSecond); }

    /** The two agents of a back-and-forth of handoffs: {@code first} handed the turn to {@code second} first. */
    public record BackAndForth(String first, String second) {
        /** True when a turn going from {@code a} to {@code b} goes between these two agents, either way. */
        public boolean between(String a, String b) {
            return a != null && b != null && ((a.equals(first) && b.equals(second)) || (a.equals(second) && b.equals(first)));
        }
    }

    /** Handoffs in a row between the same two agents. */
    public int getPingPongs() { return pingPongs; }
    /** The context version when the current back-and-forth started. */
    public long getPingPongContext() { return pingPongContext; }

    /** Counts a handoff from {@code from} to {@code to}: one more if it continues the back-and-forth with no context change, else a new one. */
    public void countHandoff(String from, String to) {
        if (getBackAndForth().between(from, to) && pingPongContext == contextVersion) {
            pingPongs++;
        } else {
            pairFirst = from;
            pairSecond = to;
            pingPongs = 1;
            pingPongContext = contextVersion;
        }
    }

    /** A turn not handed over by an agent breaks any back-and-forth. */
    public void resetHandoffs() {
        pairFirst = null;
        pairSecond = null;
        pingPongs = 0;
    }

    public int getRounds() { return rounds; }
    public int openRound() { return ++rounds; }

    @Override
    public String factKey() {
        return conversationId;
    }

    @Override
    public String describe() {
        return "conversation " + conversationId + " [" + policy.turnStrategy().json() + ", " + totalTurns + " turn(s)"
                + (terminated ? ", ended: " + terminationReason : "") + "]";
    }
}
