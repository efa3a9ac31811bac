package io.conclave.model;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something that happened in the service, for the one event stream ({@code GET /api/events}):
 * meeting events, project, task and run events, turn events of conversations, and the service's own
 * (a policy going live). {@code id} is given by the stream, in order.
 */
public record ServiceEvent(long id, String type, Instant at, String meetingId, String conversationId, String projectId,
                           String taskId, String agentId, JsonNode data) {

    public static ServiceEvent meeting(String type, Instant at, String meetingId, String projectId, String taskId,
                                       String agentId, JsonNode data) {
        return new ServiceEvent(0, type, at, meetingId, null, projectId, taskId, agentId, data);
    }

    public static ServiceEvent task(String type, Instant at, String projectId, String taskId, String agentId,
                                    JsonNode data) {
        return new ServiceEvent(0, type, at, null, null, projectId, taskId, agentId, data);
    }

    public static ServiceEvent conversation(String type, Instant at, String conversationId, String projectId,
                                            String agentId, JsonNode data) {
        return new ServiceEvent(0, type, at, null, conversationId, projectId, null, agentId, data);
    }

    /** An event of the service itself, of no project, meeting or conversation (a policy going live). */
    public static ServiceEvent service(String type, Instant at, String agentId, JsonNode data) {
        return new ServiceEvent(0, type, at, null, null, null, null, agentId, data);
    }

    /** The same event with its position in the stream. */
    public ServiceEvent numbered(long seq) {
        return new ServiceEvent(seq, type, at, meetingId, conversationId, projectId, taskId, agentId, data);
    }
}
