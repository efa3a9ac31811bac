package io.conclave.model.command;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Problem;
import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/** An agent writes a key of the owner's shared memory, strongly or eventually (default eventual, as the chapter's). */
public record WriteSharedMemory(@SafeId String agentId,
                                @Pattern(regexp = MemoryKeys.PATTERN, message = MemoryKeys.MESSAGE) String key,
                                JsonNode value,
                                @Pattern(regexp = "strong|eventual", message = "must be \"strong\" or \"eventual\"")
                                String consistency) implements MemoryCommand, Checked {
    public static final String TYPE = "shared_memory_write";

    public WriteSharedMemory {
        consistency = consistency == null ? "eventual" : consistency;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        MemoryValues.check(value, "$.value", true, "any", problems);
        return problems;
    }

    @Override
    public MemoryRequest toRequest(MemoryOwner owner, List<String> agents) {
        return MemoryRequest.writeShared(owner, agentId, key, MemoryValues.text(value), consistency, agents);
    }
}
