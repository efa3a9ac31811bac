package io.conclave.model.command;

/** The owner moves to another policy version (an activation, a rollback); decisions from here on are its. */
public record SwitchPolicy(String version) implements ProjectCommand, MeetingCommand, ConversationCommand {
    public static final String TYPE = "policy_switch";

    @Override
    public String type() {
        return TYPE;
    }
}
