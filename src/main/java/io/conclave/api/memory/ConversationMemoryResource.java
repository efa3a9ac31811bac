package io.conclave.api.memory;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.Examples;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.Checks;
import io.conclave.app.memory.MemoryService;
import io.conclave.model.Problem;
import io.conclave.model.command.CheckpointAgent;
import io.conclave.model.command.OpenWorkingMemory;
import io.conclave.model.command.RestoreAgent;
import io.conclave.model.command.RetrieveMemory;
import io.conclave.model.command.SaveAgentMind;
import io.conclave.model.command.StoreMemory;
import io.conclave.model.command.WriteSharedMemory;
import io.conclave.model.memory.MemoryViews;

/**
 * A conversation's memory (the coordination-patterns chapter's agent working memory, distributed shared memory and
 * agent state manager, for its members): every write is a command of the conversation, journaled like its others and
 * decided by rules/memory/. The same endpoints serve a project's ({@link ProjectMemoryResource}).
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/conversations/{conversation_id}/memory")
@Tag(name = "Memory")
public class ConversationMemoryResource {
    private final MemoryService service;
    private final CurrentCaller caller;
    private final MemoryService.Owner owner;

    public ConversationMemoryResource(MemoryService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
        this.owner = MemoryService.Owner.CONVERSATION;
    }

    @GET
    @Path("/agents/{agent_id}")
    @Operation(operationId = "getConversationAgentMemory",
            summary = "An agent's memory: its working memory (capacity, short-term and long-term items), its state "
            + "and its kept checkpoints")
    @APIResponse(responseCode = "200", description = "The agent's memory (capacity null before it is opened)")
    public MemoryViews.AgentMemoryView agent(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId) {
        return service.agentMemory(caller.get(), owner, id, agentId);
    }

    @PUT
    @Path("/agents/{agent_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenWorkingMemory.class),
            examples = @ExampleObject(name = "open", summary = "cto opens its working memory", value = Examples.MEMORY_OPEN)))
    @Operation(operationId = "openConversationWorkingMemory",
            summary = "The agent opens its working memory: { capacity } (short-term items before a store moves "
            + "the least important to long-term memory), or changes it")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    public MemoryViews.AgentMemoryView open(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                            OpenWorkingMemory body) {
        return service.open(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoreMemory.class),
            examples = @ExampleObject(name = "store", summary = "cto stores a schema it worked out", value = Examples.MEMORY_STORE)))
    @Operation(operationId = "storeConversationMemoryItem",
            summary = "The agent stores an item: { key, value, importance? (1.0) }; a store past the capacity "
            + "moves the least important fifth to long-term memory")
    @APIResponse(responseCode = "200", description = "The item, what the store moved to long-term memory, the memory after")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    public MemoryService.Stored store(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                      StoreMemory body) {
        return service.store(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/items/{key}/retrieve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetrieveMemory.class),
            examples = @ExampleObject(name = "retrieve", summary = "cto retrieves it", value = Examples.MEMORY_RETRIEVE)))
    @Operation(operationId = "retrieveConversationMemoryItem",
            summary = "The agent retrieves an item (an access, journaled): from short-term memory, or from "
            + "long-term memory, which it leaves once accessed more than five times")
    @APIResponse(responseCode = "404", description = "The agent holds no such item (not_in_memory)")
    public MemoryService.Retrieved retrieve(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                            @PathParam("key") String key, RetrieveMemory body) {
        return service.retrieve(caller.get(), owner, id, agentId, key, body);
    }

    @PUT
    @Path("/agents/{agent_id}/state")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SaveAgentMind.class),
            examples = @ExampleObject(name = "state", summary = "cto saves its beliefs, goals and metrics", value = Examples.AGENT_MIND)))
    @Operation(operationId = "saveConversationAgentState",
            summary = "The agent saves its state: { beliefs? (object), goals? (array), metrics? (object) }")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    public MemoryViews.AgentMemoryView saveState(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                                 SaveAgentMind body) {
        return service.saveState(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/checkpoints")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckpointAgent.class),
            examples = @ExampleObject(name = "checkpoint", summary = "cto checkpoints with its new metrics", value = Examples.AGENT_CHECKPOINT)))
    @Operation(operationId = "checkpointConversationAgentState",
            summary = "The agent checkpoints its state and working memory (saving { beliefs?, goals?, metrics? } "
            + "first when given); the last five checkpoints are kept")
    public MemoryViews.AgentMemoryView checkpoint(@PathParam("conversation_id") String id,
                                                  @PathParam("agent_id") String agentId, CheckpointAgent body) {
        return service.checkpoint(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/checkpoints/{checkpoint}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreAgent.class),
            examples = @ExampleObject(name = "restore", summary = "cto goes back to a checkpoint", value = Examples.MEMORY_RETRIEVE)))
    @Operation(operationId = "restoreConversationAgentState",
            summary = "The agent goes back to a kept checkpoint: its state and its working memory")
    @APIResponse(responseCode = "404", description = "The checkpoint is not kept (checkpoint_not_kept)")
    public MemoryViews.AgentMemoryView restore(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                               @PathParam("checkpoint") int checkpoint, RestoreAgent body) {
        return service.restore(caller.get(), owner, id, agentId, checkpoint, body);
    }

    @GET
    @Path("/shared")
    @Operation(operationId = "listConversationSharedMemory",
            summary = "Every key of the shared memory: its home copy, each agent's copy, the eventual writes on "
            + "their way")
    public List<MemoryViews.SharedView> shared(@PathParam("conversation_id") String id) {
        return service.shared(caller.get(), owner, id);
    }

    @PUT
    @Path("/shared/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WriteSharedMemory.class),
            examples = @ExampleObject(name = "write", summary = "cto writes a key strongly", value = Examples.SHARED_WRITE)))
    @Operation(operationId = "writeConversationSharedMemory",
            summary = "An agent writes a key of the shared memory: { agent_id, value, consistency? (\"eventual\" "
            + "or \"strong\") }")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    public MemoryViews.SharedView write(@PathParam("conversation_id") String id, @PathParam("key") String key,
                                        WriteSharedMemory body) {
        return service.write(caller.get(), owner, id, key, body);
    }

    @GET
    @Path("/shared/{key}")
    @Operation(operationId = "readConversationSharedMemory",
            summary = "A read of a shared key: as agent_id reads it (its own copy first, else the home copy), or "
            + "the home copy with consistency=strong or without an agent")
    @APIResponse(responseCode = "404", description = "No such key (shared_key_not_found)")
    public MemoryViews.ReadView read(@PathParam("conversation_id") String id, @PathParam("key") String key,
                                     @QueryParam("agent_id") String agentId, @QueryParam("consistency") String consistency) {
        if (consistency != null && !consistency.equals("strong") && !consistency.equals("eventual")) {
            throw Checks.invalid(List.of(new Problem("consistency", "must be \"strong\" or \"eventual\", was \""
                    + consistency + "\"")));
        }
        return service.read(caller.get(), owner, id, key, agentId, "strong".equals(consistency));
    }
}
