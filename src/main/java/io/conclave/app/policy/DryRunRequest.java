package io.conclave.app.policy;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.conclave.model.run.RunRequest;

/**
 * A dry run: the policy version to replay the project's journal under (a candidate or any archived version),
 * and optionally a simulated run to run on both sides afterwards (the fields of {@code POST .../run}: mode,
 * seed, failure_rate, timeline; a dry run simulates to the end, so not incrementally).
 */
public record DryRunRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = "[0-9a-f]{1,64}", message = "must be a policy version (hex digits, as GET /api/policies lists them)")
        String version,
        RunRequest simulate) {
}
