package io.conclave.model.conversation;

/** Something an agent asks of a conversation (a message or a command), naming the acting agent; rules consume or refuse it. */
public interface ConversationInput {
    String getAgentId();
}
