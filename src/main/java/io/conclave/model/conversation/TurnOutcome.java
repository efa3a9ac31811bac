package io.conclave.model.conversation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a message: who answers it and why (the rule and its details), the suggestion the
 * rules rejected if any, and whether the conversation ended. Built from the decisions the message caused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnOutcome(long messageSeq, List<String> responders, Reason reason, RejectedSuggestion rejectedSuggestion,
                          boolean terminated, String terminationReason, List<TurnDecision> decisions) {

    /** The rule that decided who answers (or that nobody does), with its explanation. */
    public record Reason(String rule, String via, String text, Map<String, Object> details) {
    }

    /** The agent a message named that did not get the turn: why, and the rule that said so. */
    public record RejectedSuggestion(String agentId, String kind, String code, String reason, String rule) {
    }

    /** The outcome of message {@code seq} from the decisions it caused, in ledger order. */
    public static TurnOutcome of(long seq, List<TurnDecision> decisions, Conversation after) {
        List<String> responders = List.of();
        Reason reason = null;
        RejectedSuggestion rejected = null;
        String termination = null;
        for (TurnDecision d : decisions) {
            switch (d.getKind()) {
                case TURN_GRANTED, NO_RESPONDER, RESPONSE_RECORDED -> {
                    responders = d.getResponders();
                    reason = new Reason(d.getRule(), d.getVia(), d.getReason(), d.getDetails());
                }
                case SUGGESTION_REJECTED -> rejected = new RejectedSuggestion(d.getAgentId(), d.getVia(), d.getCode(),
                        d.getReason(), d.getRule());
                case CONVERSATION_TERMINATED -> {
                    termination = d.getCode();
                    if (reason == null) {
                        reason = new Reason(d.getRule(), null, d.getReason(), d.getDetails());
                    }
                }
                default -> { }
            }
        }
        boolean over = after.isTerminated();
        return new TurnOutcome(seq, responders, reason, rejected, over, over ? after.getTerminationReason() : termination,
                List.copyOf(decisions));
    }
}
