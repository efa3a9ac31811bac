package io.conclave.api;

import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.app.EventHub;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.smallrye.mutiny.Multi;

/** The Server-Sent Events stream of every meeting, task and conversation event. */
@Path("/api/events")
@Tag(name = "Events")
public class EventResource {
    private final EventHub hub;

    @Inject
    public EventResource(EventHub hub) {
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream events (SSE)", description = "Each event is named by its type (MEETING_CREATED, "
            + "AGENT_JOINED_MEETING, NEW_MESSAGE_IN_MEETING, PROPOSAL_ADDED, VOTING_STARTED, PROPOSAL_DECIDED, "
            + "MEETING_CLOSED, MEETING_ARCHIVED, TASK_ASSIGNED, TASK_COMPLETED...) and carries its id; a client "
            + "reconnecting with Last-Event-ID receives the events it missed (the last 1000 are kept). Filter by "
            + "meeting_id, conversation_id and/or project_id. Conversations add TURN_GRANTED, NO_RESPONDER, "
            + "SUGGESTION_REJECTED, CONVERSATION_TERMINATED, CONTRADICTION_DETECTED and the like.")
    public Multi<OutboundSseEvent> stream(@QueryParam("meeting_id") String meetingId,
                                          @QueryParam("conversation_id") String conversationId,
                                          @QueryParam("project_id") String projectId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        long after = parseId(lastEventId);
        return Multi.createFrom().emitter(emitter -> {
            Runnable cancel = hub.subscribe(after,
                    e -> (meetingId == null || meetingId.equals(e.meetingId()))
                            && (conversationId == null || conversationId.equals(e.conversationId()))
                            && (projectId == null || projectId.equals(e.projectId())),
                    e -> emitter.emit(toSse(sse, e)));
            emitter.onTermination(cancel);
        });
    }

    private static OutboundSseEvent toSse(Sse sse, ServiceEvent e) {
        try {
            return sse.newEventBuilder().id(Long.toString(e.id())).name(e.type())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, Json.MAPPER.writeValueAsString(e)).build();
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("event " + e.id() + " cannot be written as JSON", x);
        }
    }

    private static long parseId(String header) {
        try {
            return header == null ? 0 : Math.max(0, Long.parseLong(Objects.requireNonNull(header).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
