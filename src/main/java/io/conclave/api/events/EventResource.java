package io.conclave.api.events;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.conclave.app.access.Caller;
import io.conclave.app.EventAccess;
import io.conclave.api.security.CurrentCaller;
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
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.conclave.app.EventHub;
import io.smallrye.mutiny.Multi;

/**
 * The Server-Sent Events stream of every project, task, run, meeting, conversation and policy event
 * (how a stream behaves: {@link SseStreams}).
 */
@Path("/api/events")
@Tag(name = "Events")
public class EventResource {
    private final CurrentCaller caller;
    private final EventAccess access;
    private final EventHub hub;
    private final SseStreams streams;

    @Inject
    public EventResource(EventHub hub, SseStreams streams, EventAccess access, CurrentCaller caller) {
        this.access = access;
        this.caller = caller;
        this.hub = hub;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Server-Sent Events: each a JSON object named by its type",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @Operation(operationId = "streamEvents", summary = "Stream events (Server-Sent Events)", description = "Each event is named by its type (PROJECT_CREATED, "
            + "PROJECT_DELETED, TASK_ASSIGNED, TASK_COMPLETED, RUN_STARTED, RUN_COMPLETED, MEETING_CREATED, "
            + "PROPOSAL_DECIDED, MEETING_CLOSED, CONVERSATION_CREATED, TURN_GRANTED, CONVERSATION_TERMINATED, "
            + "POLICY_ACTIVATED...), carries its id, and its data is the event as JSON. The headers and a comment "
            + "line are sent at once, then a comment line every conclave.events.heartbeat-millis (15 s). A client "
            + "reconnecting with Last-Event-ID receives the events it missed among the latest "
            + "conclave.events.replay-size (1000). Filter by meeting_id, conversation_id and/or project_id.")
    public Multi<OutboundSseEvent> stream(@QueryParam("meeting_id") String meetingId,
                                          @QueryParam("conversation_id") String conversationId,
                                          @QueryParam("project_id") String projectId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        // Without Last-Event-ID the stream starts at this request: RESTEasy subscribes to it only once the headers
        // are written, so a client that has them and then acts would otherwise miss the events its own act made
        // until the subscription (the events kept for reconnections cover the time between)
        long resumed = parseId(lastEventId);
        long after = resumed > 0 ? resumed : hub.lastId();
        Caller who = caller.get();
        java.util.function.Predicate<io.conclave.model.ServiceEvent> visible = access.filterFor(who);
        return streams.stream(SseStreams.EVENTS, sse, who.tokenId(), emit -> hub.stream(after,
                e -> visible.test(e) && (meetingId == null || meetingId.equals(e.meetingId()))
                        && (conversationId == null || conversationId.equals(e.conversationId()))
                        && (projectId == null || projectId.equals(e.projectId())),
                e -> emit.accept(SseStreams.event(sse, e.id(), e.type(), e))));
    }

    /** The id of the last event a reconnecting client saw; 0 (none) when absent or not a number. */
    static long parseId(String header) {
        try {
            return header == null ? 0 : Math.max(0, Long.parseLong(Objects.requireNonNull(header).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
