package io.conclave.api.memory;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.memory.MemoryService;

/** A project's memory: its agents' working memory and state, and its shared memory ({@link MemoryEndpoints}). */
@Path("/api/projects/{owner_id}/memory")
@Tag(name = "Memory")
public class ProjectMemoryResource extends MemoryEndpoints {
    public ProjectMemoryResource(MemoryService service, CurrentCaller caller) {
        super(service, caller, MemoryService.Owner.PROJECT);
    }
}
