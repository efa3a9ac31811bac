package io.conclave.examples.agent;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * A chat model that answers from a script, in order: for tests, demonstrations and runs without an LLM. It keeps
 * every user message it was sent, so a test can check what the AI service asked. Nothing is downloaded.
 */
public final class ScriptedChatModel implements ChatModel {
    private final Deque<String> answers;
    private final List<String> asked = new ArrayList<>();

    public ScriptedChatModel(List<String> answers) {
        this.answers = new ArrayDeque<>(answers);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u) {
                asked.add(u.singleText());
            }
        }
        String answer = answers.isEmpty() ? "(no scripted answer left)" : answers.removeFirst();
        return ChatResponse.builder().aiMessage(AiMessage.from(answer)).build();
    }

    /** The user messages the model was sent, in order. */
    public synchronized List<String> asked() {
        return List.copyOf(asked);
    }
}
