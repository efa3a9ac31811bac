package io.conclave.model.command;

/** A simulated run stops for good because the policy failed during a step: its id and the error. */
public record StopRun(String runId, String error) implements ProjectCommand {
    public static final String TYPE = "run_stop";

    @Override
    public String type() {
        return TYPE;
    }
}
