package io.conclave.model.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.conclave.model.conversation.ConversationSpec;

/** A conversation is opened; journaled as its validated spec. */
public record CreateConversation(@JsonValue ConversationSpec spec) implements ConversationCommand {
    public static final String TYPE = "create";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CreateConversation of(ConversationSpec spec) {
        return new CreateConversation(spec);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
