package io.conclave.model.command;

/** The project follows the active policy again: it moves to it right after this command. */
public record UnpinPolicy() implements ProjectCommand {
    public static final String TYPE = "policy_unpin";

    @Override
    public String type() {
        return TYPE;
    }
}
