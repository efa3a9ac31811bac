package io.conclave.model.command;

import java.util.List;

import jakarta.validation.constraints.Pattern;

import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/**
 * An agent retrieves an item of its working memory: a command, since a retrieval counts as an access (and an item
 * often accessed comes back from long-term memory).
 */
public record RetrieveMemory(@SafeId(optional = true) String agentId,
                             @Pattern(regexp = MemoryKeys.PATTERN, message = MemoryKeys.MESSAGE) String key)
        implements MemoryCommand {
    public static final String TYPE = "memory_retrieve";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    @Override
    public MemoryRequest toRequest(MemoryOwner owner, List<String> agents) {
        return MemoryRequest.retrieve(owner, agentId, key);
    }
}
