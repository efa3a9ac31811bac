package io.conclave.api.inbox;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.inbox.AgentInbox;
import io.conclave.app.access.Caller;
import io.conclave.app.project.ProjectService;
import io.conclave.model.inbox.InboxItem;
import io.smallrye.mutiny.Multi;
import io.conclave.api.ApiError;
import io.conclave.api.ApiException;
import io.conclave.api.events.SseStreams;

/**
 * An agent's inbox across all projects, meetings and conversations: what waits for it (JSON), the same as a
 * stream (Server-Sent Events), and the acknowledgement of an item it handled. Read by the agent's own token
 * or an operator's.
 */
@Path("/api/agents/{agent_id}/inbox")
@Tag(name = "Agents")
public class InboxResource {
    /** What an item's id may hold: a valid URL path segment (the ids this service gives, and those of earlier versions, numbers). */
    private static final java.util.regex.Pattern ITEM_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]{1,400}");
    private static final String PROJECT = "Only the items of this project (its tasks, and its meetings and "
            + "conversations); without it, the items of every project the token is for";
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
    @Operation(operationId = "getInbox", summary = "What waits for the agent, oldest first: items not acknowledged and still open, each with "
            + "item_id, kind, where it comes from, what the agent needs (payload) and how to answer (answers, ack)")
    @APIResponse(responseCode = "403", description = "Another agent's inbox (not_yourself)")
    @APIResponse(responseCode = "404", description = "No project, meeting or conversation has this agent")
    public List<InboxItem> pending(@PathParam("agent_id") String agentId, @Parameter(description = PROJECT)
                                   @QueryParam("project_id") String projectId) {
        ProjectService.checkId(agentId, "agent_id");
        return inbox.pending(caller.get(), agentId, project(projectId));
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The agent's open items (JSON), or its items as they arise (Server-Sent Events)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = InboxItem.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING))})
    @Operation(operationId = "getInbox", summary = "Stream the agent's inbox (SSE)", description = "Each event is an item: named by its kind, "
            + "its id the item_id, its data the item as JSON. First the open items (after the item named by "
            + "Last-Event-ID when the client reconnects with one, on any node of a cluster), then each new item as it arises; headers at once, a comment line every "
            + "conclave.events.heartbeat-millis.")
    public Multi<OutboundSseEvent> stream(@PathParam("agent_id") String agentId,
                                          @Parameter(description = PROJECT) @QueryParam("project_id") String projectId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        ProjectService.checkId(agentId, "agent_id");
        String project = project(projectId);
        String after = lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip();
        Caller who = caller.get();
        inbox.pending(who, agentId, project); // 403 and 404 before the stream opens
        return streams.stream(SseStreams.INBOX, sse, who.tokenId(), emit -> inbox.subscribe(who, agentId, project, after,
                i -> emit.accept(SseStreams.event(sse, i.itemId(), i.kind(), i))));
    }

    @POST
    @Path("/{item_id}/ack")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ackInboxItem", summary = "Acknowledge an item the agent handled: it is not delivered again, even after a restart")
    @APIResponse(responseCode = "200", description = "{ item_id, acked: true } (false when it was acknowledged before)")
    @APIResponse(responseCode = "403", description = "Another agent's inbox (not_yourself), or an item of another "
            + "agent (not_your_item)")
    @APIResponse(responseCode = "404", description = "Unknown agent (agent_not_found) or item (item_not_found)")
    @APIResponse(responseCode = "503", description = "In a cluster: the acknowledgement was not kept by Kafka "
            + "(inbox_ack_not_shared); send it again")
    public Map<String, Object> ack(@PathParam("agent_id") String agentId, @PathParam("item_id") String itemId) {
        ProjectService.checkId(agentId, "agent_id");
        if (!ITEM_ID.matcher(itemId).matches()) {
            throw ApiException.badRequest("invalid_request", "an item id is the item_id of an item of the inbox",
                    List.of(ApiError.Detail.at("item_id", "was '" + itemId.substring(0, Math.min(itemId.length(), 80))
                            + "': 1-400 letters, digits, '.', '_', '-' or '~'")));
        }
        return Map.of("item_id", itemId, "acked", inbox.ack(caller.get(), agentId, itemId));
    }

    /** The project filter: null when none is given, 400 when it is not an id. */
    private static String project(String projectId) {
        if (projectId == null) {
            return null;
        }
        ProjectService.checkId(projectId, "project_id");
        return projectId;
    }
}
