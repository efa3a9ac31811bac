package io.conclave.model.conversation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.conclave.model.Problem;
import io.conclave.model.command.Checked;
import io.conclave.model.command.SafeId;
import io.conclave.model.command.Text;
import io.conclave.model.meeting.Threshold;

/**
 * The body of a request to open a conversation, as the client writes it; {@link #toSpec} makes it the
 * {@link ConversationSpec} the create command journals (the same spec the conversation API always journaled, so
 * journals written before replay unchanged). Limits are whole numbers of at least 1; an absent
 * max_turns_per_agent is {@value #DEFAULT_MAX_TURNS_PER_AGENT}, an absent loop_limit
 * {@value ConversationPolicy#DEFAULT_LOOP_LIMIT}.
 */
public record NewConversation(@SafeId(optional = true) String conversationId,
                              @SafeId(optional = true) String projectId,
                              @NotNull(message = "is required: \\{ turn_strategy, allowed_roles, max_turns_per_agent?, ... \\}")
                              @Valid PolicyBody policy) implements Checked {
    public static final int DEFAULT_MAX_TURNS_PER_AGENT = 10;

    /**
     * The turn policy ({@link ConversationPolicy}). The fields are declared in the order their problems are
     * reported. {@code timeout} is {@code timeout_seconds} under the name the conversation design gives it.
     */
    public record PolicyBody(@Text(max = 64, required = true)
                             @ConversationTerm(value = ConversationTerm.Of.STRATEGY, max = 64, required = true)
                             String turnStrategy,
                             @NotNull(message = "is required") List<String> allowedRoles,
                             @WholeNumber(min = 1, max = 1_000_000) BigInteger maxTurnsPerAgent,
                             @Timeout Double timeoutSeconds,
                             @Timeout Double timeout,
                             @WholeNumber(min = 1, max = 100_000_000) BigInteger maxTotalTurns,
                             @SafeId(optional = true) String primaryAgent,
                             @WholeNumber(min = 1, max = 100_000) BigInteger collaborativeLimit,
                             @WholeNumber(min = 1, max = 1000) BigInteger loopLimit,
                             @Text(max = 64) @ConversationTerm(value = ConversationTerm.Of.CONSENSUS, max = 64)
                             String consensus) {
        ConversationPolicy toPolicy() {
            return new ConversationPolicy(TurnStrategy.parse(turnStrategy),
                    maxTurnsPerAgent == null ? DEFAULT_MAX_TURNS_PER_AGENT : maxTurnsPerAgent.intValue(), allowedRoles,
                    timeoutSeconds != null ? timeoutSeconds : timeout,
                    maxTotalTurns == null ? null : maxTotalTurns.intValue(), primaryAgent,
                    collaborativeLimit == null ? null : collaborativeLimit.intValue(),
                    loopLimit == null ? ConversationPolicy.DEFAULT_LOOP_LIMIT : loopLimit.intValue(),
                    consensus == null ? null : Threshold.parse(consensus));
        }
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        if (policy != null) {
            Names.check(policy.allowedRoles(), "$.policy.allowed_roles", 128, problems);
            if (policy.allowedRoles() != null && policy.allowedRoles().isEmpty()) {
                problems.add(new Problem("$.policy.allowed_roles", "must name at least one role: members of other roles"
                        + " are never granted a turn"));
            }
            if (policy.timeout() != null && policy.timeoutSeconds() != null) {
                problems.add(new Problem("$.policy.timeout", "give the timeout once: timeout_seconds, or timeout (its"
                        + " other name)"));
            }
        }
        return problems;
    }

    /** The spec a valid request makes: its id, or {@code newId}'s when it names none. */
    public ConversationSpec toSpec(Supplier<String> newId) {
        return new ConversationSpec(conversationId != null ? conversationId : newId.get(), projectId, policy.toPolicy());
    }
}
