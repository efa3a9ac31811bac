package io.conclave.model.conversation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.conclave.model.LedgerEntry;

/**
 * A decision a conversation rule made, inserted by its consequence; the engine stamps it with the
 * rule, the policy version and the matched facts, and moves it to the conversation's ledger.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TurnDecision extends LedgerEntry {
    private final TurnDecisionKind kind;
    private final String conversationId;
    private final Long messageSeq;
    private final String agentId;
    private final List<String> responders;
    private final String via;
    private final String code;
    private final String reason;
    private final Map<String, Object> details;
    private final List<Member> members;


    private TurnDecision(TurnDecisionKind kind, Conversation c, Long messageSeq, String agentId, List<Member> members,
                         String via, String code, String reason, Map<String, Object> details) {
        this(kind, c.getConversationId(), messageSeq, agentId, members, via, code, reason, details);
    }

    private TurnDecision(TurnDecisionKind kind, String conversationId, Long messageSeq, String agentId,
                         List<Member> members, String via, String code, String reason, Map<String, ?> details) {
        this.kind = kind;
        this.conversationId = conversationId;
        this.messageSeq = messageSeq;
        this.agentId = agentId;
        this.members = members == null ? List.of() : List.copyOf(members);
        this.responders = this.members.stream().map(Member::getAgentId).toList();
        this.via = via;
        this.code = code;
        this.reason = reason;
        // a copy that no rule can change any more, kept compact: see FrozenDetails
        this.details = details == null ? Map.of() : io.conclave.model.FrozenDetails.of(details);
    }

    /**
     * Turns granted to {@code members}, in answering order, for message {@code r}; {@code via} says how
     * (strategy, suggestion, handoff, loop_guard).
     */
    public static TurnDecision granted(Conversation c, TurnRequest r, List<Member> members, String via, String reason,
                                       Map<String, Object> details) {
        return new TurnDecision(TurnDecisionKind.TURN_GRANTED, c, r.getSeq(), null, members, via, null, reason, details);
    }

    /** Nobody answers message {@code r}, and why. */
    public static TurnDecision noResponder(Conversation c, TurnRequest r, String reason, Map<String, Object> details) {
        return new TurnDecision(TurnDecisionKind.NO_RESPONDER, c, r.getSeq(), null, null, null, null, reason, details);
    }

    /** The agent message {@code r} suggested (or handed off to) does not get the turn: a code and the reason. */
    public static TurnDecision rejected(Conversation c, TurnRequest r, String code, String reason) {
        return new TurnDecision(TurnDecisionKind.SUGGESTION_REJECTED, c, r.getSeq(), r.getSuggested(), null,
                r.isHandoff() ? "handoff" : "suggestion", code, reason, null);
    }

    /** The conversation ended; {@code code} is the termination reason (final, max_total_turns, turn_limits, timeout, loop). */
    public static TurnDecision terminated(Conversation c, Long messageSeq, String code, String reason) {
        return new TurnDecision(TurnDecisionKind.CONVERSATION_TERMINATED, c, messageSeq, null, null, null, code, reason,
                null);
    }

    /** Any other decision about one agent (joined, left, primary changed, context updated, state saved, response recorded). */
    public static TurnDecision of(TurnDecisionKind kind, Conversation c, Long messageSeq, String agentId, String reason,
                                  Map<String, Object> details) {
        return new TurnDecision(kind, c, messageSeq, agentId, null, null, null, reason, details);
    }

    /** A decision of the memory rules about an agent's memory (or, without agent, the shared memory). */
    public static TurnDecision memory(TurnDecisionKind kind, String conversationId, String agentId, String reason,
                                      Map<String, ?> details) {
        return new TurnDecision(kind, conversationId, null, agentId, null, null, null, reason, details);
    }

    public TurnDecisionKind getKind() { return kind; }
    public String getConversationId() { return conversationId; }
    public Long getMessageSeq() { return messageSeq; }
    public String getAgentId() { return agentId; }
    public List<String> getResponders() { return responders; }
    /** The member facts granted the turn, for the rule that records it. */
    @JsonIgnore
    public List<Member> getMembers() { return members; }
    /** The agent that answers first, or null when nobody does. */
    @JsonIgnore
    public String getFirstResponder() { return responders.isEmpty() ? null : responders.get(0); }
    public String getVia() { return via; }
    public String getCode() { return code; }
    public String getReason() { return reason; }
    public Map<String, Object> getDetails() { return details; }



    @Override
    public String toString() {
        return kind + (messageSeq == null ? "" : " on message " + messageSeq) + (responders.isEmpty() ? "" : " to " + responders)
                + (agentId == null ? "" : " (" + agentId + ")") + ": " + reason;
    }
}
