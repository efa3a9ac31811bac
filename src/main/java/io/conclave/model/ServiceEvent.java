package io.conclave.model;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something that happened in the service, for the one event stream ({@code GET /api/events}):
 * meeting events, task events of projects, turn events of conversations and policy events. {@code id}
 * is given by the stream, in order.
 *
 * <p>Immutable. Its {@code data} may be given as a supplier ({@link #lazyTask}): it is then built the first
 * time someone reads it, once, and never when nobody does (a project created with 10,000 tasks publishes
 * 20,000 decision events; turning each decision into a JSON tree cost more than a tenth of the creation
 * when no one listened). The supplier must describe something that no longer changes.
 */
@JsonPropertyOrder({"id", "type", "at", "meeting_id", "conversation_id", "project_id", "task_id", "agent_id", "data"})
public final class ServiceEvent {
    private final long id;
    private final String type;
    private final Instant at;
    private final String meetingId;
    private final String conversationId;
    private final String projectId;
    private final String taskId;
    private final String agentId;
    /** The data, or null until a lazy one was built. */
    private volatile JsonNode data;
    /** What builds the data on first read; null once built (or when the data was given). */
    private volatile Supplier<JsonNode> lazyData;
    /** Received from another node (its owner is served there), not published by an owner of this one. */
    private final boolean fromOtherNode;
    /**
     * What the event describes, as the owner that published it holds it (a conversation's message, answer or
     * decision), for readers in this process that need a few of its fields and not the JSON; null for other events,
     * and for every event received from elsewhere. Immutable, as the data is; not part of the event's JSON nor of its equality.
     */
    private final Object subject;

    @JsonCreator
    public ServiceEvent(@JsonProperty("id") long id, @JsonProperty("type") String type, @JsonProperty("at") Instant at,
                        @JsonProperty("meeting_id") String meetingId,
                        @JsonProperty("conversation_id") String conversationId,
                        @JsonProperty("project_id") String projectId, @JsonProperty("task_id") String taskId,
                        @JsonProperty("agent_id") String agentId, @JsonProperty("data") JsonNode data) {
        this(id, type, at, meetingId, conversationId, projectId, taskId, agentId, data, null);
    }

    private ServiceEvent(long id, String type, Instant at, String meetingId, String conversationId, String projectId,
                         String taskId, String agentId, JsonNode data, Supplier<JsonNode> lazyData) {
        this(id, type, at, meetingId, conversationId, projectId, taskId, agentId, data, lazyData, false, null);
    }

    private ServiceEvent(long id, String type, Instant at, String meetingId, String conversationId, String projectId,
                         String taskId, String agentId, JsonNode data, Supplier<JsonNode> lazyData,
                         boolean fromOtherNode, Object subject) {
        this.fromOtherNode = fromOtherNode;
        this.subject = subject;
        this.id = id;
        this.type = type;
        this.at = at;
        this.meetingId = meetingId;
        this.conversationId = conversationId;
        this.projectId = projectId;
        this.taskId = taskId;
        this.agentId = agentId;
        this.data = data;
        this.lazyData = lazyData;
    }

    public static ServiceEvent meeting(String type, Instant at, String meetingId, String projectId, String taskId,
                                       String agentId, JsonNode data) {
        return new ServiceEvent(0, type, at, meetingId, null, projectId, taskId, agentId, data);
    }

    public static ServiceEvent task(String type, Instant at, String projectId, String taskId, String agentId,
                                    JsonNode data) {
        return new ServiceEvent(0, type, at, null, null, projectId, taskId, agentId, data);
    }

    /**
     * A task event whose data is built by {@code data} the first time it is read: the supplier describes something
     * immutable and never returns null.
     */
    public static ServiceEvent lazyTask(String type, Instant at, String projectId, String taskId, String agentId,
                                        Supplier<JsonNode> data) {
        return new ServiceEvent(0, type, at, null, null, projectId, taskId, agentId, null,
                Objects.requireNonNull(data, "data"));
    }

    public static ServiceEvent conversation(String type, Instant at, String conversationId, String projectId,
                                            String agentId, JsonNode data) {
        return new ServiceEvent(0, type, at, null, conversationId, projectId, null, agentId, data);
    }

    /**
     * A conversation event whose data is built by {@code data} the first time it is read (see {@link #lazyTask}): a
     * message's event and most decision events are read by no one when no stream is open. {@code subject} is what the
     * data is built from (the message, the answer, the decision), so that a reader in this process that needs a few
     * of its fields does not build the data for them ({@link #subject()}).
     */
    public static ServiceEvent lazyConversation(String type, Instant at, String conversationId, String projectId,
                                                String agentId, Object subject, Supplier<JsonNode> data) {
        return new ServiceEvent(0, type, at, null, conversationId, projectId, null, agentId, null,
                Objects.requireNonNull(data, "data"), false, Objects.requireNonNull(subject, "subject"));
    }

    /**
     * A policy event (POLICY_ACTIVATED, POLICY_REFUSED): about the service, so no meeting, conversation, project
     * or agent (an agent's inbox does not receive it); who acted is in {@code data}.
     */
    public static ServiceEvent policy(String type, Instant at, JsonNode data) {
        return new ServiceEvent(0, type, at, null, null, null, null, null, data);
    }

    /**
     * An event received from elsewhere (another node's, off the events topic) whose data, if it has any, is built by
     * {@code data} the first time it is read: most of them are read by no stream. {@code data} null: no data.
     */
    public static ServiceEvent received(long id, String type, Instant at, String meetingId, String conversationId,
                                        String projectId, String taskId, String agentId, Supplier<JsonNode> data) {
        return new ServiceEvent(id, type, at, meetingId, conversationId, projectId, taskId, agentId, null, data, true,
                null);
    }

    /** The same event with its position in the stream (its data still built at most once, when first read). */
    public ServiceEvent numbered(long seq) {
        Supplier<JsonNode> lazy = lazyData;
        return lazy == null
                ? new ServiceEvent(seq, type, at, meetingId, conversationId, projectId, taskId, agentId, data(), null,
                        fromOtherNode, subject)
                : new ServiceEvent(seq, type, at, meetingId, conversationId, projectId, taskId, agentId, null,
                        this::data, fromOtherNode, subject);
    }

    /**
     * True for an event another node sent (its owner is served there): a node's meters count only its own, and in a
     * cluster another node's event arrives only when some node needs it (see {@code EventHub#subscribe}).
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean fromOtherNode() {
        return fromOtherNode;
    }

    /** What the event describes, as its publisher holds it (a conversation's message, answer or decision), or null. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Object subject() {
        return subject;
    }

    @JsonProperty("id")
    public long id() {
        return id;
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }

    @JsonProperty("at")
    public Instant at() {
        return at;
    }

    @JsonProperty("meeting_id")
    public String meetingId() {
        return meetingId;
    }

    @JsonProperty("conversation_id")
    public String conversationId() {
        return conversationId;
    }

    @JsonProperty("project_id")
    public String projectId() {
        return projectId;
    }

    @JsonProperty("task_id")
    public String taskId() {
        return taskId;
    }

    @JsonProperty("agent_id")
    public String agentId() {
        return agentId;
    }

    /** The event's data (built now if it was given lazily and nobody read it before). */
    @JsonProperty("data")
    public JsonNode data() {
        Supplier<JsonNode> lazy = lazyData;
        if (lazy == null) {
            return data;
        }
        synchronized (this) {
            if (lazyData != null) {
                data = lazyData.get();
                lazyData = null;
            }
            return data;
        }
    }

    /**
     * True when the event has data, without building lazy data (a {@link #lazyTask} supplier gives data, never
     * null): a reader that only asks whether there is data does not pay for it.
     */
    public boolean hasData() {
        return lazyData != null || data != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceEvent e && id == e.id && Objects.equals(type, e.type) && Objects.equals(at, e.at)
                && Objects.equals(meetingId, e.meetingId) && Objects.equals(conversationId, e.conversationId)
                && Objects.equals(projectId, e.projectId) && Objects.equals(taskId, e.taskId)
                && Objects.equals(agentId, e.agentId) && Objects.equals(data(), e.data());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, at, meetingId, conversationId, projectId, taskId, agentId, data());
    }

    @Override
    public String toString() {
        return "ServiceEvent[id=" + id + ", type=" + type + ", at=" + at + ", meetingId=" + meetingId
                + ", conversationId=" + conversationId + ", projectId=" + projectId + ", taskId=" + taskId
                + ", agentId=" + agentId + ", data=" + data() + "]";
    }
}
