package io.conclave.model.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.conclave.model.run.RunRequest;

/**
 * A simulated run applied to its end in one command, as versions before asynchronous runs journaled it.
 * Only read back from old journals; new runs are {@link StartRun} and {@link StepRun}.
 */
public record LegacyRun(@JsonValue RunRequest request) implements ProjectCommand {
    public static final String TYPE = "run";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LegacyRun of(RunRequest request) {
        return new LegacyRun(request);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
