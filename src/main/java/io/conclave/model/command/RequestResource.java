package io.conclave.model.command;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;

import io.conclave.model.resource.ResourceCommand;

/**
 * An agent asks for a shared resource of its project, for a task it holds ({@code taskId}, optional): without
 * {@code hours} to use it alone until it lets go, with {@code hours} for that many hours in time-sliced windows.
 * The rules grant it, rank the requests that wait, or refuse it (rules/coordination/resource*.drl).
 */
public record RequestResource(
        @SafeId(optional = true) String resource,
        @SafeId String agentId,
        @SafeId(optional = true) String taskId,
        @Positive(message = "must be a number of hours above 0 and at most 10000")
        @DecimalMax(value = "10000", message = "must be a number of hours above 0 and at most 10000") Double hours)
        implements ProjectCommand {
    public static final String TYPE = "resource_request";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    /** The fact the resource rules decide on. */
    public ResourceCommand toFact() {
        return ResourceCommand.request(resource, agentId, taskId, hours);
    }
}
