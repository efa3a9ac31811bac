package io.conclave.model.command;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/** An agent opens its working memory with a capacity (the short-term items it holds), or changes it. */
public record OpenWorkingMemory(@SafeId(optional = true) String agentId,
                                @NotNull(message = "is required") @Min(value = 1, message = "must be at least {value}")
                                @Max(value = 100_000, message = "is {value} at most") Integer capacity)
        implements MemoryCommand {
    public static final String TYPE = "memory_open";

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
        return MemoryRequest.open(owner, agentId, capacity);
    }
}
