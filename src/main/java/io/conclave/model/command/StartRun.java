package io.conclave.model.command;

import io.conclave.model.run.RunRequest;

/** A simulated run starts: its id and what was asked of it. */
public record StartRun(String runId, RunRequest request) implements ProjectCommand {
    public static final String TYPE = "run_start";

    @Override
    public String type() {
        return TYPE;
    }
}
