package io.conclave.api.conversation;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.ContextWrite;
import io.conclave.model.conversation.Join;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import io.conclave.api.security.CurrentCaller;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.CommandLane;
import io.conclave.app.access.Caller;
import io.conclave.app.conversation.ConversationService;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnOutcome;
import io.conclave.api.Examples;
import io.conclave.api.RequestShapes;
import io.conclave.api.project.LedgerResource;

/**
 * Conversations: agents join with roles, send messages, and the rules of
 * {@code rules/turns*.drl} say who answers each one and why. The acting agent is in every body (the
 * sender of a message, the agent_id of a join or a context write) or in the path. The commands (a join, a leave, a
 * state, a message, a context write) are checked where the request came in and run on the {@link CommandLane}, one
 * at a time for each conversation; the reads run on a request worker.
 */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations")
public class ConversationResource {
    private final CurrentCaller caller;
    private final ConversationService service;
    private final CommandLane lane;

    public ConversationResource(ConversationService service, CurrentCaller caller, CommandLane lane) {
        this.caller = caller;
        this.service = service;
        this.lane = lane;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openConversation", summary = "Open a conversation: { conversation_id?, project_id?, policy: { turn_strategy, allowed_roles[], "
            + "max_turns_per_agent?, timeout_seconds?, max_total_turns?, primary_agent?, collaborative_limit?, "
            + "loop_limit?, consensus? } }")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConversationSpec.class),
            examples = @ExampleObject(name = "consent_design", summary = "a round-robin design conversation of healthcare_blockchain_compressed", value = Examples.CONVERSATION)))
    @APIResponse(responseCode = "201", description = "The conversation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConversationSnapshot.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "409", description = "A conversation with this id exists")
    public Response create(JsonNode body) {
        ConversationSnapshot s = service.create(caller.get(), body);
        return Response.created(URI.create("/api/conversations/" + s.conversationId())).entity(s).build();
    }

    @GET
    @Operation(operationId = "listConversations", summary = "Every conversation (a summary: strategy, status, agents, messages, turns), optionally of one project")
    public List<ConversationSnapshot.Summary> list(@QueryParam("project_id") String projectId) {
        return service.list(caller.get(), projectId);
    }

    @GET
    @Path("/{conversation_id}")
    @Operation(operationId = "getConversation", summary = "A conversation: policy, agents with their turns, its newest messages"
            + " (a window: history) and their turns, context, rounds, status, and message_count and decision_count for the"
            + " whole conversation (its pages: the messages and decisions endpoints)")
    @APIResponse(responseCode = "404", description = "No such conversation")
    @APIResponseSchema(value = ConversationSnapshot.class, responseCode = "200", responseDescription = "OK")
    public ConversationSnapshot get(@PathParam("conversation_id") String id) {
        return service.get(caller.get(), id);
    }

    @POST
    @Path("/{conversation_id}/agents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "joinConversation", summary = "An agent joins: { agent_id, role: { name, description?, capabilities[]?, priority? } }")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Join.class),
            examples = @ExampleObject(name = "architect", summary = "cto joins as the architect", value = Examples.CONVERSATION_JOIN)))
    @APIResponse(responseCode = "201", description = "The agent as a member",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConversationSnapshot.AgentView.class)))
    @APIResponse(responseCode = "409", description = "Already a member, or the conversation is over")
    public CompletionStage<Response> join(@PathParam("conversation_id") String id, JsonNode body, @Context UriInfo uri) {
        Caller who = caller.get();
        UriBuilder location = uri.getBaseUriBuilder().path("api/conversations/{id}/agents/{agent}"); // off the request later
        return lane.run("conversation", id, () -> {
            ConversationSnapshot.AgentView a = service.join(who, id, body);
            return Response.created(location.build(id, a.agentId())).entity(a).build();
        });
    }

    @DELETE
    @Path("/{conversation_id}/agents/{agent_id}")
    @Operation(operationId = "leaveConversation", summary = "The agent leaves; its turns still count if it joins again")
    @APIResponse(responseCode = "204", description = "Left")
    @APIResponse(responseCode = "404", description = "Not a member")
    public CompletionStage<Response> leave(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId) {
        Caller who = caller.get();
        return lane.run("conversation", id, () -> {
            service.leave(who, id, agentId);
            return Response.noContent().build();
        });
    }

    @PUT
    @Path("/{conversation_id}/agents/{agent_id}/state")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "The agent's state: any JSON object"),
            examples = @ExampleObject(name = "draft", summary = "cto keeps its draft", value = Examples.AGENT_STATE)))
    @Operation(operationId = "saveAgentState", summary = "The agent saves its own state (a JSON object), shown with the agent")
    public CompletionStage<ConversationSnapshot.AgentView> saveState(@PathParam("conversation_id") String id,
                                                                     @PathParam("agent_id") String agentId, JsonNode state) {
        Caller who = caller.get();
        return lane.run("conversation", id, () -> service.saveState(who, id, agentId, state));
    }

    @POST
    @Path("/{conversation_id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sendMessage", summary = "Send a message: { sender, content, topics[]?, suggested_next?, handoff_to?, stance?, final? }")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestShapes.NewMessage.class),
            examples = @ExampleObject(name = "message", summary = "cto answers", value = Examples.MESSAGE)))
    @APIResponse(responseCode = "200", description = "{ message_seq, responders[], reason: { rule, via, text, details }, "
            + "rejected_suggestion?, terminated, termination_reason? }")
    @APIResponse(responseCode = "400", description = "The message is malformed (the bad field is named)")
    @APIResponse(responseCode = "404", description = "No such conversation, or the sender is not a member")
    @APIResponse(responseCode = "409", description = "The conversation has ended")
    public CompletionStage<TurnOutcome> post(@PathParam("conversation_id") String id, JsonNode body) {
        Caller who = caller.get();
        return lane.run("conversation", id, () -> service.post(who, id, body));
    }

    @GET
    @Path("/{conversation_id}/context/{key}")
    @Operation(operationId = "getContextKey", summary = "One key of the shared context: { value, version, updated_by, updated_at }")
    @APIResponse(responseCode = "404", description = "The key was never written")
    @APIResponseSchema(value = ConversationSnapshot.ContextView.class, responseCode = "200", responseDescription = "OK")
    public ConversationSnapshot.ContextView context(@PathParam("conversation_id") String id, @PathParam("key") String key) {
        return service.context(caller.get(), id, key);
    }

    @PUT
    @Path("/{conversation_id}/context/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "writeContextKey", summary = "Compare-and-set a key: { agent_id, value, expected_version } (0 creates the key)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContextWrite.class),
            examples = @ExampleObject(name = "create", summary = "cto creates the key (expected version 0)", value = Examples.CONTEXT)))
    @APIResponse(responseCode = "200", description = "The key at its new version")
    @APIResponse(responseCode = "409", description = "The key is at another version: read it again")
    public CompletionStage<ConversationSnapshot.ContextView> writeContext(@PathParam("conversation_id") String id,
                                                                          @PathParam("key") String key, JsonNode body) {
        Caller who = caller.get();
        return lane.run("conversation", id, () -> service.writeContext(who, id, key, body));
    }

    @GET
    @Path("/{conversation_id}/messages")
    @Operation(operationId = "listConversationMessages", summary = "The conversation's messages in the order they were taken,"
            + " each with the agents that answered it; paged by seq: the messages numbered after `after`, at most `limit`"
            + " (the next page: after = the last seq of this one)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = io.conclave.model.conversation.ConversationMessage.class)))
    @APIResponse(responseCode = "400", description = "after or limit is not a whole number in range")
    @APIResponse(responseCode = "404", description = "No such conversation")
    public List<io.conclave.model.conversation.ConversationMessage> messages(@PathParam("conversation_id") String id,
            @QueryParam("after") @DefaultValue("0") String afterText,
            @QueryParam("limit") @DefaultValue("1000") String limitText) {
        long after = LedgerResource.number(afterText, "after", 0, Long.MAX_VALUE);
        int limit = (int) LedgerResource.number(limitText, "limit", 1, 10_000);
        return service.messages(caller.get(), id, after, limit);
    }

    @GET
    @Path("/{conversation_id}/decisions")
    @Operation(operationId = "listConversationDecisions", summary = "The conversation's decision ledger: every turn, rejected"
            + " suggestion, termination... with its rule; paged by seq: the decisions numbered after `after`, at most"
            + " `limit` (the next page: after = the last seq of this one)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = TurnDecision.class)))
    @APIResponse(responseCode = "400", description = "after or limit is not a whole number in range")
    @APIResponse(responseCode = "404", description = "No such conversation")
    public List<JsonNode> decisions(@PathParam("conversation_id") String id,
            @QueryParam("after") @DefaultValue("0") String afterText,
            @QueryParam("limit") @DefaultValue("1000") String limitText) {
        long after = LedgerResource.number(afterText, "after", 0, Long.MAX_VALUE);
        int limit = (int) LedgerResource.number(limitText, "limit", 1, 10_000);
        return service.decisions(caller.get(), id, after, limit);
    }
}
