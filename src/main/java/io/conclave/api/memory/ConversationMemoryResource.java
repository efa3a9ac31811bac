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
import io.conclave.app.memory.MemoryService;
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
 * decided by rules/memory/. The same endpoints serve a project's ({@link ProjectMemoryResource}), with the same
 * words ({@link MemoryDocs}) and the same application service.
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
    @Operation(operationId = "getConversationAgentMemory", summary = MemoryDocs.AGENT)
    @APIResponse(responseCode = "200", description = MemoryDocs.AGENT_200)
    public MemoryViews.AgentMemoryView agent(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId) {
        return service.agentMemory(caller.get(), owner, id, agentId);
    }

    @PUT
    @Path("/agents/{agent_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenWorkingMemory.class),
            examples = @ExampleObject(name = "open", summary = "cto opens its working memory", value = Examples.MEMORY_OPEN)))
    @Operation(operationId = "openConversationWorkingMemory", summary = MemoryDocs.OPEN)
    @APIResponse(responseCode = "400", description = MemoryDocs.INVALID_400)
    public MemoryViews.AgentMemoryView open(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                            OpenWorkingMemory body) {
        return service.open(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoreMemory.class),
            examples = @ExampleObject(name = "store", summary = "cto stores a schema it worked out", value = Examples.MEMORY_STORE)))
    @Operation(operationId = "storeConversationMemoryItem", summary = MemoryDocs.STORE)
    @APIResponse(responseCode = "200", description = MemoryDocs.STORE_200)
    @APIResponse(responseCode = "400", description = MemoryDocs.INVALID_400)
    public MemoryService.Stored store(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                      StoreMemory body) {
        return service.store(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/items/{key}/retrieve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetrieveMemory.class),
            examples = @ExampleObject(name = "retrieve", summary = "cto retrieves it", value = Examples.MEMORY_RETRIEVE)))
    @Operation(operationId = "retrieveConversationMemoryItem", summary = MemoryDocs.RETRIEVE)
    @APIResponse(responseCode = "404", description = MemoryDocs.RETRIEVE_404)
    public MemoryService.Retrieved retrieve(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                            @PathParam("key") String key, RetrieveMemory body) {
        return service.retrieve(caller.get(), owner, id, agentId, key, body);
    }

    @PUT
    @Path("/agents/{agent_id}/state")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SaveAgentMind.class),
            examples = @ExampleObject(name = "state", summary = "cto saves its beliefs, goals and metrics", value = Examples.AGENT_MIND)))
    @Operation(operationId = "saveConversationAgentState", summary = MemoryDocs.SAVE_STATE)
    @APIResponse(responseCode = "400", description = MemoryDocs.INVALID_400)
    public MemoryViews.AgentMemoryView saveState(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                                 SaveAgentMind body) {
        return service.saveState(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/checkpoints")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckpointAgent.class),
            examples = @ExampleObject(name = "checkpoint", summary = "cto checkpoints with its new metrics", value = Examples.AGENT_CHECKPOINT)))
    @Operation(operationId = "checkpointConversationAgentState", summary = MemoryDocs.CHECKPOINT)
    public MemoryViews.AgentMemoryView checkpoint(@PathParam("conversation_id") String id,
                                                  @PathParam("agent_id") String agentId, CheckpointAgent body) {
        return service.checkpoint(caller.get(), owner, id, agentId, body);
    }

    @POST
    @Path("/agents/{agent_id}/checkpoints/{checkpoint}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreAgent.class),
            examples = @ExampleObject(name = "restore", summary = "cto goes back to a checkpoint", value = Examples.MEMORY_RETRIEVE)))
    @Operation(operationId = "restoreConversationAgentState", summary = MemoryDocs.RESTORE)
    @APIResponse(responseCode = "404", description = MemoryDocs.RESTORE_404)
    public MemoryViews.AgentMemoryView restore(@PathParam("conversation_id") String id, @PathParam("agent_id") String agentId,
                                               @PathParam("checkpoint") int checkpoint, RestoreAgent body) {
        return service.restore(caller.get(), owner, id, agentId, checkpoint, body);
    }

    @GET
    @Path("/shared")
    @Operation(operationId = "listConversationSharedMemory", summary = MemoryDocs.SHARED)
    public List<MemoryViews.SharedView> shared(@PathParam("conversation_id") String id) {
        return service.shared(caller.get(), owner, id);
    }

    @PUT
    @Path("/shared/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WriteSharedMemory.class),
            examples = @ExampleObject(name = "write", summary = "cto writes a key strongly", value = Examples.SHARED_WRITE)))
    @Operation(operationId = "writeConversationSharedMemory", summary = MemoryDocs.WRITE)
    @APIResponse(responseCode = "400", description = MemoryDocs.INVALID_400)
    public MemoryViews.SharedView write(@PathParam("conversation_id") String id, @PathParam("key") String key,
                                        WriteSharedMemory body) {
        return service.write(caller.get(), owner, id, key, body);
    }

    @GET
    @Path("/shared/{key}")
    @Operation(operationId = "readConversationSharedMemory", summary = MemoryDocs.READ)
    @APIResponse(responseCode = "404", description = MemoryDocs.READ_404)
    public MemoryViews.ReadView read(@PathParam("conversation_id") String id, @PathParam("key") String key,
                                     @QueryParam("agent_id") String agentId, @QueryParam("consistency") String consistency) {
        boolean strong = MemoryService.strong(consistency);
        return service.read(caller.get(), owner, id, key, agentId, strong);
    }
}
