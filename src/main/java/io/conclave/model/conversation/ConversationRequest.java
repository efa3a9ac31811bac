package io.conclave.model.conversation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A command of an agent to a conversation other than a message: join, leave, write the shared
 * context (compare-and-set on the key's version) or save its own state. Rules delete it when they
 * apply it, or refuse it.
 */
public final class ConversationRequest implements ConversationInput {
    /** The kinds of command. */
    public enum Kind { JOIN, LEAVE, WRITE_CONTEXT, SAVE_STATE }

    private final Kind kind;
    private final String agentId;
    private final AgentRole role;
    private final String key;
    private final JsonNode value;
    private final long expectedVersion;
    private final java.util.List<String> agentCapabilities;

    private ConversationRequest(Kind kind, String agentId, AgentRole role, String key, JsonNode value,
                                long expectedVersion, java.util.List<String> agentCapabilities) {
        this.kind = kind;
        this.agentId = agentId;
        this.role = role;
        this.key = key;
        this.value = value;
        this.expectedVersion = expectedVersion;
        this.agentCapabilities = agentCapabilities == null ? null : java.util.List.copyOf(agentCapabilities);
    }

    private ConversationRequest(Kind kind, String agentId, AgentRole role, String key, JsonNode value,
                                long expectedVersion) {
        this(kind, agentId, role, key, value, expectedVersion, null);
    }

    public static ConversationRequest join(String agentId, AgentRole role) {
        return join(agentId, role, null);
    }

    /** A join in which the agent states its own capabilities (null: it states none). */
    public static ConversationRequest join(String agentId, AgentRole role, java.util.List<String> agentCapabilities) {
        return new ConversationRequest(Kind.JOIN, agentId, role, null, null, 0, agentCapabilities);
    }

    public static ConversationRequest leave(String agentId) {
        return new ConversationRequest(Kind.LEAVE, agentId, null, null, null, 0);
    }

    /** Writes {@code value} under {@code key} if the key is still at {@code expectedVersion} (0: the key is new). */
    public static ConversationRequest writeContext(String agentId, String key, JsonNode value, long expectedVersion) {
        return new ConversationRequest(Kind.WRITE_CONTEXT, agentId, null, key, value, expectedVersion);
    }

    public static ConversationRequest saveState(String agentId, JsonNode state) {
        return new ConversationRequest(Kind.SAVE_STATE, agentId, null, null, state, 0);
    }

    public Kind getKind() { return kind; }
    @Override
    public String getAgentId() { return agentId; }
    public AgentRole getRole() { return role; }
    public String getKey() { return key; }
    public JsonNode getValue() { return value; }
    public long getExpectedVersion() { return expectedVersion; }
    /** The joining agent's own capabilities, or null when it stated none. */
    public java.util.List<String> getAgentCapabilities() { return agentCapabilities; }

    /** False when the joining agent stated its capabilities and lacks one its role names. */
    public boolean isRoleCovered() {
        return getMissingCapabilities().isEmpty();
    }

    /** The capabilities the role names that the joining agent did not state (none when it stated none). */
    public java.util.List<String> getMissingCapabilities() {
        if (agentCapabilities == null || role == null) {
            return java.util.List.of();
        }
        return role.capabilities().stream().filter(c -> !agentCapabilities.contains(c)).toList();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " by " + agentId + (key == null ? "" : " on key " + key);
    }
}
