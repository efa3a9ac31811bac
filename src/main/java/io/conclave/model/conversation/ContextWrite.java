package io.conclave.model.conversation;

import java.math.BigInteger;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.command.SafeId;

/**
 * The body of a context write: the acting agent, the new value (any JSON value, null included) and the version it
 * expects the key to be at (0 creates the key).
 */
public record ContextWrite(@SafeId String agentId,
                           @NotNull(message = "is required (any JSON value)") JsonNode value,
                           @NotNull(message = "is required: the version you read (0 to create the key), so a concurrent"
                                   + " write is never overwritten silently")
                           @WholeNumber(min = 0, max = Integer.MAX_VALUE) BigInteger expectedVersion) {
}
