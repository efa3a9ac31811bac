package io.conclave.model.inbox;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request for an agent's action, as its inbox holds it: what it is ({@code kind}), where it comes from
 * (a project and task, a meeting or a conversation), what the agent needs to act ({@code payload}) and how
 * to answer ({@code answers}: each a method, a path of this service and the body to send, with the values
 * the agent chooses left as placeholders). {@code itemId} names the item by what made it, the same on every
 * node and after every restart: the owner's kind and id, the journal entry whose publication made it (its seq and
 * the event's place among that entry's events) and the agent ({@code project~p1~12~0~cto}); it is opaque to
 * clients, a valid URL path segment, and the id of the item's Server-Sent Event, so a client that reconnects with
 * {@code Last-Event-ID} resumes after it. {@code source} names the event of the service's stream that asked for
 * it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxItem(String itemId, String agentId, String kind, Instant at, String projectId, String taskId,
                        String meetingId, String conversationId, String summary, JsonNode payload,
                        List<Answer> answers, String ack, Source source) {

    /** An item before the inbox numbered it. */
    public static InboxItem of(String agentId, String kind, Instant at, String projectId, String taskId,
                               String meetingId, String conversationId, String summary, JsonNode payload,
                               List<Answer> answers, Source source) {
        return new InboxItem(null, agentId, kind, at, projectId, taskId, meetingId, conversationId, summary, payload,
                List.copyOf(answers), null, source);
    }

    /** The same item named {@code id}, with the path that acknowledges it. */
    public InboxItem named(String id) {
        return new InboxItem(id, agentId, kind, at, projectId, taskId, meetingId, conversationId, summary, payload,
                answers, "/api/agents/" + agentId + "/inbox/" + id + "/ack", source);
    }

    /**
     * One way to answer: {@code action} in words (start, bid, join, vote...), the HTTP method and path, and
     * the JSON body to send; a value in angle brackets ({@code "<cost>"}) is the agent's to fill in.
     */
    public record Answer(String action, String method, String path, JsonNode body) {
    }

    /** The event of the service's stream the item was made from: its type and its id in that stream. */
    public record Source(String event, long eventId) {
    }
}
