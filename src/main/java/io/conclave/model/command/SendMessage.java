package io.conclave.model.command;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.Stance;

/**
 * A member's message in a conversation: content, topics, an optional suggestion of who answers
 * ({@code suggested_next}) or a handoff, a stance, and whether it is the sender's last word. The turn
 * rules decide who answers.
 */
public record SendMessage(String sender, String content, List<String> topics, String suggestedNext, String handoffTo,
                          Stance stance, @JsonProperty("final") boolean finalMessage) implements ConversationCommand {
    public static final String TYPE = "message";

    public SendMessage {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** The command that sends {@code m}'s content (its number, time and responders are the conversation's to give). */
    public static SendMessage of(ConversationMessage m) {
        return new SendMessage(m.sender(), m.content(), m.topics(), m.suggestedNext(), m.handoffTo(), m.stance(),
                m.finalMessage());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return sender;
    }
}
