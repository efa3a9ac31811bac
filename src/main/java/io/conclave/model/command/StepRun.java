package io.conclave.model.command;

/**
 * A simulated run advances: live, {@code events} is {@link #LIVE} and the step runs until the rules stop
 * it or its wall-time budget is spent; it is journaled with the number of events it handled, so that a
 * replay handles exactly as many.
 */
public record StepRun(String runId, int events) implements ProjectCommand {
    public static final String TYPE = "run_step";
    /** A live step: as many events as its time budget allows. */
    public static final int LIVE = -1;

    @Override
    public String type() {
        return TYPE;
    }

    public boolean live() {
        return events < 0;
    }

    /** The step as it is journaled once it handled {@code handled} events. */
    public StepRun handled(int handled) {
        return new StepRun(runId, handled);
    }
}
