package io.conclave.model.conversation;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.conclave.model.Ids;
import io.conclave.model.Problem;
import io.conclave.model.command.Checked;
import io.conclave.model.command.SafeId;
import io.conclave.model.command.Text;

/**
 * The body of a message as a member sends it; {@link #toMessage} makes it the message the conversation numbers and
 * stamps when it accepts it. A handoff names the next agent; a suggestion may name the same one, not another.
 */
public record PostedMessage(@SafeId String sender,
                            @NotNull(message = "is required (a string, may be empty)") @Text(max = MAX_TEXT) String content,
                            List<String> topics,
                            @SafeId(optional = true) String suggestedNext,
                            @SafeId(optional = true) String handoffTo,
                            @Valid StanceBody stance,
                            @JsonProperty("final") Boolean finalMessage) implements Checked {
    /** The longest content, in characters. */
    public static final int MAX_TEXT = 100_000;

    /** A position on a claim ({@link Stance}). */
    public record StanceBody(@Text(max = 500, required = true) String claim,
                             @Text(max = 16, required = true)
                             @ConversationTerm(value = ConversationTerm.Of.POSITION, max = 16, required = true)
                             String position) {
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        Names.check(topics, "$.topics", 128, problems);
        if (Ids.isValid(suggestedNext) && Ids.isValid(handoffTo) && !suggestedNext.equals(handoffTo)) {
            problems.add(new Problem("$.handoff_to", "names " + handoffTo + " but suggested_next names " + suggestedNext
                    + ": name one next agent"));
        }
        return problems;
    }

    /** The message a valid request makes; its seq and time are set when it is accepted. */
    public ConversationMessage toMessage() {
        return new ConversationMessage(0, null, sender, content, topics == null ? List.of() : topics,
                handoffTo != null ? null : suggestedNext, handoffTo, stance == null ? null
                : new Stance(stance.claim(), stance.position()), Boolean.TRUE.equals(finalMessage), null);
    }
}
