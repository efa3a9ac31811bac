package io.conclave.engine.conversation;

import java.util.ArrayList;
import java.util.List;

import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;

/**
 * What a conversation keeps of its history in memory, whatever its length: its newest messages (at least a window of
 * them, fewer than twice as many), the turns granted for them, the newest decisions that opened a vote, and, in its
 * session's ledger, the newest page of its decisions. Everything is also in the history beside the journal, where
 * readers find what memory let go. The rules read none of it (only the message being decided, the members, rounds and
 * shared context), so what memory keeps changes no decision; it is trimmed in steps, the same live and on replay.
 * Not thread-safe: the conversation's lock guards it.
 */
public final class RecentHistory {
    /**
     * Decisions kept in memory once they are in the history (at least; fewer than twice as many): the newest page of the
     * ledger. A decision is ten to twenty small objects (its reason, the facts it matched, the details of its choice)
     * that every turn adds; kept for hundreds of turns, they outlived the young generation, were copied there at every
     * collection and then filled the old one, whose collections stop the whole service. The snapshot's turns are kept
     * apart in a few words each; the page of decisions the dashboard shows is read back from the history.
     */
    public static final int DECISIONS_KEPT = 32;

    private final int window;
    /** The newest messages, oldest first. */
    private final List<ConversationMessage> messages = new ArrayList<>();
    /** For each message in memory, in the same order: the number of the first decision made from it on. */
    private long[] firstDecisions = new long[16];
    /** Messages taken in all: the next one is numbered one more. */
    private long messageCount;
    /** The turns granted for the messages in memory, oldest first, numbered as the conversation counts them. */
    private final List<ConversationSnapshot.Turn> turns = new ArrayList<>();
    /** Turns granted in all. */
    private int turnCount;
    /** The newest decisions that opened a vote (at most two windows of them): what a start catches up on. */
    private final List<TurnDecision> votesOpened = new ArrayList<>();

    RecentHistory(int window) {
        this.window = Math.max(1, window);
    }

    /** How many messages the snapshot shows and memory keeps at least. */
    int window() { return window; }

    /** Messages taken in all. */
    long messageCount() { return messageCount; }

    /** The messages in memory, oldest first (numbered up to {@link #messageCount}): the list itself, read under the lock. */
    List<ConversationMessage> messages() { return messages; }

    List<ConversationSnapshot.Turn> turns() { return turns; }

    List<TurnDecision> votesOpened() { return votesOpened; }

    /**
     * The number of the first decision made from message {@code seq} on (one more than the count when none was): every
     * decision about it comes from there. {@code seq} is one of the messages in memory.
     */
    long firstDecisionFrom(long seq) {
        return firstDecisions[(int) (seq - (messageCount - messages.size() + 1))];
    }

    /** A message taken, numbered one more than the last; {@code firstDecision}: the number its decisions start from. */
    void took(ConversationMessage message, long firstDecision) {
        if (messages.size() == firstDecisions.length) {
            firstDecisions = java.util.Arrays.copyOf(firstDecisions, firstDecisions.length * 2);
        }
        firstDecisions[messages.size()] = firstDecision;
        messages.add(message);
        messageCount++;
    }

    /** The decisions of one entry, in order: the turns they granted and the votes they opened. */
    void decided(List<TurnDecision> decisions) {
        for (TurnDecision d : decisions) {
            if (d.getKind() == TurnDecisionKind.TURN_GRANTED) {
                for (String agent : d.getResponders()) {
                    turns.add(new ConversationSnapshot.Turn(++turnCount, d.getMessageSeq(), agent, d.getVia(), d.getRule()));
                }
            } else if (d.getKind() == TurnDecisionKind.CONSENSUS_VOTE_OPENED) {
                votesOpened.add(d);
            }
        }
    }

    /**
     * Lets go of what memory no longer keeps, the session's older decisions with it (the history has them: they are
     * written when their entry is durable, before any reader comes).
     */
    void trim(ConversationSession session) {
        if (messages.size() >= 2 * window) {
            int drop = messages.size() - window;
            System.arraycopy(firstDecisions, drop, firstDecisions, 0, window);
            messages.subList(0, drop).clear();
            long first = messages.get(0).seq();
            turns.removeIf(t -> t.messageSeq() < first);
        }
        if (votesOpened.size() >= 2 * window) {
            votesOpened.subList(0, votesOpened.size() - window).clear();
        }
        if (session.ledger().size() >= 2 * DECISIONS_KEPT) {
            session.forgetDecisions(DECISIONS_KEPT);
        }
    }

    void clear() {
        messages.clear();
        messageCount = 0;
        turns.clear();
        turnCount = 0;
        votesOpened.clear();
    }
}
