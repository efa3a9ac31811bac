package io.conclave.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conclave.model.conversation.ContextEntry;
import io.conclave.model.conversation.Contradiction;
import io.conclave.model.conversation.Conversation;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.Member;
import io.conclave.model.conversation.Round;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;

/** A read-only look at one conversation, given to readers under its lock. */
public final class ConversationView {
    private final ConversationSpec spec;
    private final Instant createdAt;
    private final ConversationSession session;
    private final List<ConversationMessage> messages;

    ConversationView(ConversationSpec spec, Instant createdAt, ConversationSession session,
                     List<ConversationMessage> messages) {
        this.spec = spec;
        this.createdAt = createdAt;
        this.session = session;
        this.messages = messages;
    }

    public ConversationSpec spec() { return spec; }
    public Conversation conversation() { return session.conversation(); }
    public List<TurnDecision> ledger() { return List.copyOf(session.ledger()); }
    public int messageCount() { return messages.size(); }

    /**
     * The message of the history numbered {@code seq}, or null: found where its number says (messages are numbered
     * 1, 2, ... in the order they were taken), without copying the history as {@link #snapshot()} does.
     */
    public ConversationMessage message(long seq) {
        int at = (int) Math.min(Math.max(seq - 1, 0), messages.size() - 1L);
        if (at >= 0 && messages.get(at).seq() == seq) {
            return messages.get(at);
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).seq() == seq) {
                return messages.get(i);
            }
        }
        return null;
    }

    /** The shared context entry for {@code key}, or null. */
    public ConversationSnapshot.ContextView context(String key) {
        return session.context().stream().filter(e -> e.getKey().equals(key)).findFirst().map(ConversationView::view)
                .orElse(null);
    }

    /** The conversation without its history: cheap whatever its length. */
    public ConversationSnapshot.Summary summary() {
        Conversation c = session.conversation();
        int present = (int) session.facts(Member.class).stream()
                .filter(Member::isPresent).count();
        return new ConversationSnapshot.Summary(spec.conversationId(), spec.projectId(), spec.policy().turnStrategy(),
                c.isTerminated() ? "terminated" : "active", c.getTerminationReason(), createdAt, present, messages.size(),
                c.getTotalTurns());
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
        for (int i = messages.size() - 1; i >= 0 && messages.get(i).seq() > seq; i--) {
            if (messages.get(i).sender().equals(agentId)) {
                return true;
            }
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
        List<ConversationSnapshot.Turn> turns = new ArrayList<>();
        for (TurnDecision d : session.ledger()) {
            if (d.getKind() == TurnDecisionKind.TURN_GRANTED) {
                for (String agent : d.getResponders()) {
                    turns.add(new ConversationSnapshot.Turn(turns.size() + 1, d.getMessageSeq(), agent, d.getVia(),
                            d.getRule()));
                }
            }
        }
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
                c.getTurnHolders(), c.getPrimary(), agents, context, List.copyOf(messages), turns, rounds);
    }

    private static ConversationSnapshot.ContextView view(ContextEntry e) {
        return new ConversationSnapshot.ContextView(e.getValue(), e.getVersion(), e.getUpdatedBy(),
                Instant.ofEpochMilli(e.getUpdatedAt()));
    }
}
