package io.conclave.model.command;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The project keeps deciding under policy {@code version} (one that went live) until it is unpinned, whatever
 * is activated meanwhile; it moves to that version at once. {@code reason}: why, shown with the pin (optional).
 */
public record PinPolicy(
        @NotNull(message = "is required")
        @Pattern(regexp = "[0-9a-f]{1,64}", message = "must be a policy version (hex digits, as GET /api/policies lists them)")
        String version,
        @Size(max = 500, message = "is {max} characters at most") String reason) implements ProjectCommand {
    public static final String TYPE = "policy_pin";

    @Override
    public String type() {
        return TYPE;
    }
}
