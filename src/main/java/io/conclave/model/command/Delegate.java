package io.conclave.model.command;

import io.conclave.model.DelegationRequest;

/** The holder of an assigned task hands it to an agent below it; the delegation rules accept or refuse. */
public record Delegate(@SafeId(optional = true) String taskId, @SafeId String agentId, @SafeId String to) implements ProjectCommand {
    public static final String TYPE = "delegate";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    /** The fact the delegation rules decide on. */
    public DelegationRequest toFact() {
        return new DelegationRequest(taskId, agentId, to);
    }
}
