package io.conclave.engine.conversation;

import java.util.ArrayList;
import java.util.List;

import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;

/**
 * What a conversation keeps of its history in memory, whatever its length: its newest few messages (the one being
 * answered and the ones just before it), for each message of the window the number of its first decision and its
 * sender, the turns granted for the window's messages, the newest decisions that opened a vote, and, in its session's
 * ledger, the newest page of its decisions. Everything is also in the history beside the journal, where readers find
 * what memory let go (the snapshot's window of messages among it). The rules read none of it (only the message being
 * decided, the members, rounds and shared context), so what memory keeps changes no decision; it is trimmed in steps,
 * the same live and on replay. Not thread-safe: the conversation's lock guards it.
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

    /**
     * Messages kept in memory once they are in the history (at least; fewer than twice as many), for the same reason:
     * a message (its content, topics, stance, responders) kept for its window of 200-400 turns lived through as many
     * young collections as the conversations busy at once times that allocated, and with a few dozen of them it was
     * promoted again (docs/benchmarks.md, "the twenty-second session"). The snapshot reads its window back from the
     * history; the inbox's turn items read the message just decided, which memory holds.
     */
    public static final int MESSAGES_KEPT = 32;

    private final int window;
    /** Messages kept as they are: {@link #MESSAGES_KEPT} with a history on disk, else the window (a scratch copy). */
    private final int kept;
    /** The newest messages, oldest first (at least {@link #kept} of them, fewer than twice as many). */
    private final List<ConversationMessage> messages = new ArrayList<>();
    /**
     * For the newest messages (at least the window, fewer than twice as many), oldest first: the number of the first
     * decision made from each on, and who sent it. A few bytes a message, in two arrays.
     */
    private long[] firstDecisions = new long[16];
    private String[] senders = new String[16];
    /** How many messages the two arrays describe. */
    private int indexed;
    /** Messages taken in all: the next one is numbered one more. */
    private long messageCount;
    /** The turns granted for the messages the arrays describe, oldest first, numbered as the conversation counts. */
    private final List<ConversationSnapshot.Turn> turns = new ArrayList<>();
    /** Turns granted in all. */
    private int turnCount;
    /** The newest decisions that opened a vote (at most two windows of them): what a start catches up on. */
    private final List<TurnDecision> votesOpened = new ArrayList<>();

    /** {@code onDisk}: the history is on disk, where readers find the messages memory lets go. */
    RecentHistory(int window, boolean onDisk) {
        this.window = Math.max(1, window);
        this.kept = onDisk ? Math.min(MESSAGES_KEPT, this.window) : this.window;
    }

    /** How many messages the snapshot shows. */
    int window() { return window; }

    /** Messages taken in all. */
    long messageCount() { return messageCount; }

    /** The newest messages, oldest first (numbered up to {@link #messageCount}): the list itself, under the lock. */
    List<ConversationMessage> messages() { return messages; }

    List<ConversationSnapshot.Turn> turns() { return turns; }

    List<TurnDecision> votesOpened() { return votesOpened; }

    /** The number of the oldest message whose first decision and sender memory keeps (the count plus one: none). */
    long firstIndexed() {
        return messageCount - indexed + 1;
    }

    /**
     * The number of the first decision made from message {@code seq} on (one more than the count when none was): every
     * decision about it comes from there. {@code seq} is at least {@link #firstIndexed}.
     */
    long firstDecisionFrom(long seq) {
        return firstDecisions[(int) (seq - firstIndexed())];
    }

    /** Who sent message {@code seq}, at least {@link #firstIndexed}. */
    String senderOf(long seq) {
        return senders[(int) (seq - firstIndexed())];
    }

    /** A message taken, numbered one more than the last; {@code firstDecision}: the number its decisions start from. */
    void took(ConversationMessage message, long firstDecision) {
        if (indexed == firstDecisions.length) {
            firstDecisions = java.util.Arrays.copyOf(firstDecisions, indexed * 2);
            senders = java.util.Arrays.copyOf(senders, indexed * 2);
        }
        firstDecisions[indexed] = firstDecision;
        senders[indexed] = message.sender().intern(); // one string an agent, not one a message
        indexed++;
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
        if (messages.size() >= 2 * kept) {
            messages.subList(0, messages.size() - kept).clear();
        }
        if (indexed >= 2 * window) {
            int drop = indexed - window;
            System.arraycopy(firstDecisions, drop, firstDecisions, 0, window);
            System.arraycopy(senders, drop, senders, 0, window);
            java.util.Arrays.fill(senders, window, indexed, null);
            indexed = window;
            long first = firstIndexed();
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
        java.util.Arrays.fill(senders, 0, indexed, null);
        indexed = 0;
        messageCount = 0;
        turns.clear();
        turnCount = 0;
        votesOpened.clear();
    }
}
