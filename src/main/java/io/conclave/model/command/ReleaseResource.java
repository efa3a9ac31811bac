package io.conclave.model.command;

import io.conclave.model.resource.ResourceCommand;

/**
 * An agent lets go of a shared resource: the one it holds alone, its request still waiting (withdrawn), or its
 * window before it ends. The rules say which, or refuse it (rules/coordination/resource*.drl).
 */
public record ReleaseResource(@SafeId(optional = true) String resource, @SafeId String agentId) implements ProjectCommand {
    public static final String TYPE = "resource_release";

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
        return ResourceCommand.release(resource, agentId);
    }
}
