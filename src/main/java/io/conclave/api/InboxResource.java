package io.conclave.api;

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

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.app.AgentInbox;
import io.conclave.app.ProjectService;
import io.conclave.model.Json;
import io.smallrye.mutiny.Multi;

/** An agent's inbox across all projects: what waits for it (JSON), and what is addressed to it (Server-Sent Events). */
@Path("/api/agents/{agentId}/inbox")
@Tag(name = "Agents")
public class InboxResource {
    private final AgentInbox inbox;

    public InboxResource(AgentInbox inbox) {
        this.inbox = inbox;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pending items: open calls for proposals the agent has not answered, then tasks assigned or "
            + "awarded to it and not started; each with project_id, kind, task_id and payload")
    public List<AgentInbox.Item> pending(@PathParam("agentId") String agentId) {
        ProjectService.checkId(agentId, "agent_id");
        return inbox.pending(agentId);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream the events addressed to the agent (SSE)", description = "Each event is named by its kind "
            + "(call_for_proposals, award, rejection, assignment) and carries the id of the service's event stream; "
            + "a client reconnecting with Last-Event-ID receives what it missed among the last 1000 events.")
    public Multi<OutboundSseEvent> stream(@PathParam("agentId") String agentId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        ProjectService.checkId(agentId, "agent_id");
        long after = parseId(lastEventId);
        return Multi.createFrom().emitter(emitter -> {
            Runnable cancel = inbox.subscribe(agentId, after, e -> emitter.emit(toSse(sse, e)));
            emitter.onTermination(cancel);
        });
    }

    private static OutboundSseEvent toSse(Sse sse, AgentInbox.Event e) {
        try {
            return sse.newEventBuilder().id(Long.toString(e.id())).name(e.kind())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, Json.MAPPER.writeValueAsString(e)).build();
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("inbox event " + e.id() + " cannot be written as JSON", x);
        }
    }

    private static long parseId(String header) {
        try {
            return header == null ? 0 : Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
