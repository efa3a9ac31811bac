package io.conclave.model.command;

import java.util.List;

import jakarta.validation.constraints.Min;

import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/** An agent goes back to one of its kept checkpoints (the chapter's {@code load_state}): state and working memory. */
public record RestoreAgent(@SafeId(optional = true) String agentId,
                           @Min(value = 1, message = "must be at least {value}") Integer checkpoint)
        implements MemoryCommand {
    public static final String TYPE = "agent_state_restore";

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
        return MemoryRequest.restore(owner, agentId, checkpoint);
    }
}
