package io.conclave.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.conclave.app.Caller;
import io.conclave.api.security.CurrentCaller;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;


import io.conclave.app.AgentInbox;
import io.conclave.app.ProjectService;
import io.smallrye.mutiny.Multi;

/** An agent's inbox across all projects: what waits for it (JSON), and what is addressed to it (Server-Sent Events). */
@Path("/api/agents/{agent_id}/inbox")
@Tag(name = "Agents")
public class InboxResource {
    private final CurrentCaller caller;
    private final AgentInbox inbox;
    private final SseStreams streams;

    public InboxResource(AgentInbox inbox, SseStreams streams, CurrentCaller caller) {
        this.caller = caller;
        this.inbox = inbox;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getInbox", summary = "Pending items: open calls for proposals the agent has not answered, then tasks assigned or "
            + "awarded to it and not started; each with project_id, kind, task_id and payload")
    public List<AgentInbox.Item> pending(@PathParam("agent_id") String agentId) {
        ProjectService.checkId(agentId, "agent_id");
        caller.get().readsFor(agentId);
        return inbox.pending(agentId);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The agent's pending items (JSON), or its events (Server-Sent Events)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = AgentInbox.Item.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING))})
    @Operation(operationId = "getInbox", summary = "Stream the events addressed to the agent (Server-Sent Events)", description = "Each event is named by its kind "
            + "(call_for_proposals, award, rejection, assignment), carries the id of the service's event stream and "
            + "its data as JSON; headers at once, a comment line every conclave.events.heartbeat-millis; a client "
            + "reconnecting with Last-Event-ID receives what it missed among the latest conclave.events.replay-size "
            + "events.")
    public Multi<OutboundSseEvent> stream(@PathParam("agent_id") String agentId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        ProjectService.checkId(agentId, "agent_id");
        long after = EventResource.parseId(lastEventId);
        Caller who = caller.get();
        who.readsFor(agentId);
        return streams.stream(SseStreams.INBOX, sse, who.tokenId(),
                emit -> inbox.subscribe(agentId, after, e -> emit.accept(SseStreams.event(sse, e.id(), e.kind(), e))));
    }
}
