package io.conclave.model.command;

import jakarta.validation.constraints.Size;

/**
 * The project follows the active policy again: it moves to it right after this command. {@code reason}: why, when
 * the service says (a canary roll-out that ended); null when an admin unpins it (entries journaled before the field
 * existed read as null too).
 */
public record UnpinPolicy(@Size(max = 1000, message = "is {max} characters at most") String reason)
        implements ProjectCommand {
    public static final String TYPE = "policy_unpin";

    @Override
    public String type() {
        return TYPE;
    }
}
