package io.conclave.model.command;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Problem;
import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/** An agent stores a value (any JSON) under a key in its working memory, with an importance (default 1.0). */
public record StoreMemory(@SafeId(optional = true) String agentId,
                          @NotNull(message = "is required")
                          @Pattern(regexp = MemoryKeys.PATTERN, message = MemoryKeys.MESSAGE) String key,
                          JsonNode value,
                          @DecimalMin(value = "0", message = "must be at least {value}")
                          @DecimalMax(value = "1000000", message = "is {value} at most") Double importance)
        implements MemoryCommand, Checked {
    public static final String TYPE = "memory_store";

    public StoreMemory {
        importance = importance == null ? 1.0 : importance;
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
        return MemoryRequest.store(owner, agentId, key, MemoryValues.text(value), importance);
    }
}
