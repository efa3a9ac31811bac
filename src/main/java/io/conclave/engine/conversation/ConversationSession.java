package io.conclave.engine.conversation;

import java.util.Comparator;
import java.util.List;

import io.conclave.model.conversation.ContextEntry;
import io.conclave.model.conversation.Contradiction;
import io.conclave.model.conversation.Conversation;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.Member;
import io.conclave.model.conversation.Round;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.engine.owner.ClockedSession;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.SessionKind;
import io.conclave.engine.policy.Outputs;

/**
 * The Drools session of one conversation: the conversation, its members, shared context, rounds and
 * contradictions as facts, on the clock of its commands. Messages ({@link io.conclave.model.conversation.TurnRequest})
 * and commands are decided by rules/conversations/conversations.drl, turns.drl, turn_suggestions.drl,
 * conversation_end.drl and conversation_rounds.drl. Not thread-safe: {@link ConversationRuntime}
 * serialises every call.
 */
public final class ConversationSession extends ClockedSession<TurnDecision> {

    /** The one conversation fact: the same object across policy switches, which re-insert it. */
    private Conversation conversation;

    private ConversationSession(Policy policy, int maxFirings) {
        super(policy, SessionKind.CONVERSATION, maxFirings, TurnDecision.class);
    }

    /** A new session holding the conversation, started at {@code createdAt} (epoch millis). */
    public static ConversationSession start(ConversationSpec spec, Policy policy, int maxFirings, long createdAt,
                                            long seq) {
        ConversationSession s = new ConversationSession(policy, maxFirings);
        s.conversation = new Conversation(spec, createdAt);
        s.begin(List.of(s.conversation), createdAt, seq);
        return s;
    }

    public Conversation conversation() {
        return conversation;
    }

    /** Members, present or not, in join order. */
    public List<Member> members() {
        List<Member> out = outputs(Outputs.MEMBERS);
        out.sort(Comparator.comparingInt(Member::getJoinOrder));
        return out;
    }

    /** The member with this id (present or not), or null. */
    public Member member(String agentId) {
        return members().stream().filter(m -> m.getAgentId().equals(agentId)).findFirst().orElse(null);
    }

    /** The shared context by key. */
    public List<ContextEntry> context() {
        List<ContextEntry> out = outputs(Outputs.CONTEXT_ENTRIES);
        out.sort(Comparator.comparing(ContextEntry::getKey));
        return out;
    }

    /** Collaborative rounds, oldest first. */
    public List<Round> rounds() {
        List<Round> out = outputs(Outputs.ROUNDS);
        out.sort(Comparator.comparingInt(Round::getNumber));
        return out;
    }

    /** Contradictions found, by round then claim. */
    public List<Contradiction> contradictions() {
        List<Contradiction> out = outputs(Outputs.CONTRADICTIONS);
        out.sort(Comparator.comparing(Contradiction::factKey));
        return out;
    }
}
