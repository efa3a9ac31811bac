package io.conclave.model.command;

import io.conclave.model.AnnounceRequest;

/** The operator asks for a contract-net task to be announced again. */
public record Announce(@SafeId(optional = true) String taskId, String actor) implements ProjectCommand {
    public static final String TYPE = "announce";

    @Override
    public String type() {
        return TYPE;
    }

    /** The fact the contract-net rules decide on. */
    public AnnounceRequest toFact() {
        return new AnnounceRequest(taskId, actor);
    }
}
