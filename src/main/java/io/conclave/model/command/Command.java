package io.conclave.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A command as the journal of its owner holds it: typed, validated where it enters the service, written
 * as the body of a journal entry under its {@link #type()}, and read back as the same record when the
 * owner is replayed. Each kind of owner has its family ({@link ProjectCommand}, {@link MeetingCommand},
 * {@link ConversationCommand}); {@link Tick} and {@link SwitchPolicy} belong to all three.
 */
public sealed interface Command permits ProjectCommand, MeetingCommand, ConversationCommand {

    /** The journal entry type this command is written as (its type id). */
    @JsonIgnore
    String type();

    /** The agent the command is about, when it names one (the actor of an agent's command). */
    @JsonIgnore
    default String agent() {
        return null;
    }
}
