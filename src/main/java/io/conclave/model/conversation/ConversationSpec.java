package io.conclave.model.conversation;

/** A validated request to open a conversation; journaled as its first entry. */
public record ConversationSpec(String conversationId, String projectId, ConversationPolicy policy) {
}
