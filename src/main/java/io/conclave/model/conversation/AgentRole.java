package io.conclave.model.conversation;

import java.util.List;

/** The role an agent takes in a conversation: its name, what it can do and how much it counts. */
public record AgentRole(String name, String description, List<String> capabilities, int priority) {
    public AgentRole {
        capabilities = List.copyOf(capabilities);
    }
}
