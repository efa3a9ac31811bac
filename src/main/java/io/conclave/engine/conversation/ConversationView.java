package io.conclave.engine.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.CommandException;
import io.conclave.model.conversation.ContextEntry;
import io.conclave.model.conversation.Contradiction;
import io.conclave.model.conversation.Conversation;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.Member;
import io.conclave.model.conversation.Round;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.engine.policy.Outputs;

/** A read-only look at one conversation, given to readers under its lock. */
public final class ConversationView {
    private final ConversationSpec spec;
    private final Instant createdAt;
    private final ConversationSession session;
    /** What memory keeps (the newest messages, the window's turns, the votes opened), read under the lock. */
    private final RecentHistory recent;
    private final List<ConversationMessage> messages;
    private final long messageCount;
    private final int window;
    private final ConversationHistory history;
    private final io.conclave.model.conversation.TurnTally tally;

    ConversationView(ConversationSpec spec, Instant createdAt, ConversationSession session, RecentHistory recent,
                     ConversationHistory history, io.conclave.model.conversation.TurnTally tally) {
        this.spec = spec;
        this.createdAt = createdAt;
        this.session = session;
        this.recent = recent;
        this.messages = recent.messages();
        this.messageCount = recent.messageCount();
        this.window = recent.window();
        this.history = history;
        this.tally = tally;
    }

    /**
     * The conversation design's success metrics: turns granted and answered, the task completion rate, the response
     * latency, and the agent utilisation among the members (present or not) of a role that is granted turns.
     */
    public io.conclave.model.conversation.ConversationMetrics metrics() {
        List<String> eligible = session.members().stream().filter(m -> spec.policy().allowedRoles().contains(m.getRoleName()))
                .map(Member::getAgentId).toList();
        return tally.metrics(eligible);
    }

    public ConversationSpec spec() { return spec; }
    public Conversation conversation() { return session.conversation(); }

    /**
     * The decisions in memory: the newest ones, at least {@link RecentHistory#DECISIONS_KEPT} (every one of a
     * shorter conversation). {@link #decisionsAfter} pages the whole ledger.
     */
    public List<TurnDecision> ledger() { return List.copyOf(session.ledger()); }

    /** The newest decisions that opened a vote on a contradicted claim (at most two windows of them), oldest first. */
    public List<TurnDecision> votesOpened() { return List.copyOf(recent.votesOpened()); }

    /**
     * The decisions about the messages the snapshot shows, oldest first, as the API shows them: those from the first
     * decision made from the oldest message shown on, read back from the history on disk beyond the few in memory.
     */
    public List<JsonNode> decisionsOfShownMessages() {
        if (messageCount == 0) {
            return List.of();
        }
        long shownFrom = shownFrom();
        long first = recent.firstDecisionFrom(shownFrom);
        int count = (int) Math.min(Integer.MAX_VALUE, session.decisionCount() - first + 1);
        List<JsonNode> out = new ArrayList<>(decisionsAfter(first - 1, count));
        out.removeIf(d -> d.path("message_seq").asLong(0) < shownFrom);
        return out;
    }

    /** Messages taken in all. */
    public long messageCount() { return messageCount; }

    /** How many messages memory holds as they are (the newest few): the others are read back from the history. */
    public int messagesInMemory() { return messages.size(); }

    /** Decisions made in all. */
    public long decisionCount() { return session.decisionCount(); }

    /** The number of the oldest message the snapshot shows (its window of the newest). */
    private long shownFrom() {
        return Math.max(1, messageCount - window + 1);
    }

    /** The number of the oldest message in memory (one more than the count when none is). */
    private long firstInMemory() {
        return messageCount - messages.size() + 1;
    }

    /**
     * The message of the history numbered {@code seq}, or null: found where its number says (messages are numbered
     * 1, 2, ... in the order they were taken), read back from the history on disk when it is older than memory holds.
     */
    public ConversationMessage message(long seq) {
        if (seq < 1 || seq > messageCount) {
            return null;
        }
        long first = firstInMemory();
        if (seq >= first) {
            return messages.get((int) (seq - first));
        }
        List<ConversationMessage> old = messagesAfter(seq - 1, 1);
        return old.isEmpty() ? null : old.get(0);
    }

    /**
     * Up to {@code limit} messages numbered after {@code after}, oldest first: a page of the history, from memory when
     * it holds them, else from the history on disk.
     */
    public List<ConversationMessage> messagesAfter(long after, int limit) {
        long from = Math.max(after, 0);
        long first = firstInMemory();
        List<ConversationMessage> out = new ArrayList<>();
        if (from + 1 < first) {
            try {
                out.addAll(history.messages(from, (int) Math.min(limit, first - 1 - from)));
            } catch (java.io.IOException e) {
                throw new CommandException(CommandException.Kind.UNAVAILABLE, "history_unreadable",
                        "the history of conversation '" + spec.conversationId() + "' could not be read: " + e.getMessage());
            }
            from += out.size();
            if (from + 1 < first) {
                return out; // the page ends before memory begins
            }
        }
        for (long seq = Math.max(from + 1, first); seq <= messageCount && out.size() < limit; seq++) {
            out.add(messages.get((int) (seq - first)));
        }
        return out;
    }

    /**
     * Up to {@code limit} decisions numbered after {@code after}, oldest first, as the API shows them: from memory when
     * it holds them, else from the history on disk.
     */
    public List<JsonNode> decisionsAfter(long after, int limit) {
        List<TurnDecision> kept = session.ledger();
        long first = session.decisionCount() - kept.size() + 1;
        long from = Math.max(after, 0);
        List<JsonNode> out = new ArrayList<>();
        if (from + 1 < first) {
            try {
                out.addAll(history.decisions(from, (int) Math.min(limit, first - 1 - from)));
            } catch (java.io.IOException e) {
                throw new CommandException(CommandException.Kind.UNAVAILABLE, "history_unreadable",
                        "the history of conversation '" + spec.conversationId() + "' could not be read: " + e.getMessage());
            }
            from += out.size();
            if (from + 1 < first) {
                return out;
            }
        }
        for (long seq = Math.max(from + 1, first); seq <= session.decisionCount() && out.size() < limit; seq++) {
            out.add(io.conclave.model.Json.MAPPER.valueToTree(kept.get((int) (seq - first))));
        }
        return out;
    }

    /** The shared context entry for {@code key}, or null. */
    public ConversationSnapshot.ContextView context(String key) {
        return session.context().stream().filter(e -> e.getKey().equals(key)).findFirst().map(ConversationView::view)
                .orElse(null);
    }

    /** The conversation without its history: cheap whatever its length. */
    public ConversationSnapshot.Summary summary() {
        Conversation c = session.conversation();
        int present = (int) session.outputs(Outputs.MEMBERS).stream()
                .filter(Member::isPresent).count();
        return new ConversationSnapshot.Summary(spec.conversationId(), spec.projectId(), spec.policy().turnStrategy(),
                c.isTerminated() ? "terminated" : "active", c.getTerminationReason(), createdAt, present, messageCount,
                c.getTotalTurns());
    }

    /** What the policy's query gives for {@code output} (its memory's facts, for the memory views). */
    public <T> List<T> outputs(Outputs<T> output) {
        return session.outputs(output);
    }

    /** The project the conversation belongs to, or null. */
    public String projectId() { return spec.projectId(); }

    /** True while the conversation takes messages. */
    public boolean active() { return !session.conversation().isTerminated(); }

    /** Every member's agent id, present or not, in join order: what reading rights are checked against. */
    public List<String> memberIds() {
        return session.members().stream().map(Member::getAgentId).toList();
    }

    /** One member as {@link #snapshot()} shows it (present or not), or null. */
    public ConversationSnapshot.AgentView agent(String agentId) {
        Member m = session.member(agentId);
        return m == null ? null : agentView(m);
    }

    /** True when {@code agentId} posted a message after the one numbered {@code seq}. */
    public boolean postedAfter(long seq, String agentId) {
        long indexed = recent.firstIndexed();
        for (long s = messageCount; s > seq && s >= indexed; s--) {
            if (recent.senderOf(s).equals(agentId)) {
                return true;
            }
        }
        // older than the senders memory keeps: the messages between it and those, read back a page at a time
        long after = Math.max(seq, 0);
        while (after + 1 < indexed) {
            List<ConversationMessage> page = messagesAfter(after, (int) Math.min(1000, indexed - 1 - after));
            if (page.isEmpty()) {
                break;
            }
            for (ConversationMessage m : page) {
                if (m.sender().equals(agentId)) {
                    return true;
                }
            }
            after = page.get(page.size() - 1).seq();
        }
        return false;
    }

    private static ConversationSnapshot.AgentView agentView(Member m) {
        return new ConversationSnapshot.AgentView(m.getAgentId(), m.getRole(), m.getJoinOrder(), m.isPresent(),
                m.getTurns(), m.getLastTurn(), m.getState());
    }

    public ConversationSnapshot snapshot() {
        Conversation c = session.conversation();
        List<ConversationSnapshot.AgentView> agents = session.members().stream().map(ConversationView::agentView)
                .toList();
        Map<String, ConversationSnapshot.ContextView> context = new LinkedHashMap<>();
        for (ContextEntry e : session.context()) {
            context.put(e.getKey(), view(e));
        }
        long shownFrom = shownFrom();
        List<ConversationSnapshot.Turn> shownTurns = recent.turns().stream().filter(t -> t.messageSeq() >= shownFrom).toList();
        List<Contradiction> contradictions = session.contradictions();
        List<ConversationSnapshot.RoundView> rounds = new ArrayList<>();
        for (Round r : session.rounds()) {
            rounds.add(new ConversationSnapshot.RoundView(r.getNumber(), r.getMessageSeq(), r.getResponders(),
                    List.copyOf(r.getResponses()), r.isOpen(), contradictions.stream()
                    .filter(k -> k.getRound() == r.getNumber())
                    .map(k -> new ConversationSnapshot.ContradictionView(k.getClaim(), k.getRanking(), k.isVoteOpened()))
                    .toList()));
        }
        return new ConversationSnapshot(spec.conversationId(), spec.projectId(), spec.policy(),
                c.isTerminated() ? "terminated" : "active", c.getTerminationReason(), createdAt, c.getTotalTurns(),
                c.getTurnHolders(), c.getPrimary(), agents, context,
                messagesAfter(shownFrom - 1, window), shownTurns, rounds,
                messageCount, session.decisionCount(), metrics());
    }

    private static ConversationSnapshot.ContextView view(ContextEntry e) {
        return new ConversationSnapshot.ContextView(e.getValue(), e.getVersion(), e.getUpdatedBy(),
                Instant.ofEpochMilli(e.getUpdatedAt()));
    }
}
