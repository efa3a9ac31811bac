package io.conclave.model.rollout;

import jakarta.validation.constraints.Size;

/** A running roll-out stopped by hand: {@code reason} (optional) is journaled with each canary project's move back. */
public record AbortRollout(@Size(max = 500, message = "is {max} characters at most") String reason) {
}
