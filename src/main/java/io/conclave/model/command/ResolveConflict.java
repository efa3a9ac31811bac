package io.conclave.model.command;

import io.conclave.model.conflict.ConflictCommand;

/** A party asks the rules to resolve a goal conflict now. */
public record ResolveConflict(@SafeId(optional = true) String conflictId, @SafeId String agentId) implements ProjectCommand {
    public static final String TYPE = "conflict_resolve";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    /** The fact the goal-conflict rules decide on. */
    public ConflictCommand toFact() {
        return ConflictCommand.resolve(conflictId, agentId);
    }
}
