package io.conclave.api.memory;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.memory.MemoryService;

/** A conversation's memory: its members' working memory and state, and its shared memory ({@link MemoryEndpoints}). */
@Path("/api/conversations/{owner_id}/memory")
@Tag(name = "Memory")
public class ConversationMemoryResource extends MemoryEndpoints {
    public ConversationMemoryResource(MemoryService service, CurrentCaller caller) {
        super(service, caller, MemoryService.Owner.CONVERSATION);
    }
}
