package io.conclave.engine.project;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.model.run.RunState;

/**
 * What drives a simulated run of a project between safe points: the engine journals and replays a run's
 * steps, and a driver (the simulator, in {@code io.conclave.sim}) says what happens in them, by posting
 * simulated agents' reports to the project's rules.
 */
public interface RunDriver {

    /** Starts drivers of runs on a project session. */
    interface Factory {
        /** Starts run {@code runId} on the session (its {@link RunState} is inserted for the rules). */
        RunDriver start(ProjectSession session, String runId, RunRequest request);
    }

    /**
     * Advances the run by at most {@code maxEvents} simulated events, or until the wall clock passes
     * {@code deadlineNanos} ({@link System#nanoTime()}; {@code Long.MAX_VALUE} for none) or the rules stop
     * it. Returns the number of events handled, which a replay of the step is given.
     */
    int step(int maxEvents, long deadlineNanos);

    /** The run as the rules see it (status, why it stopped, checkpoints reached). */
    RunState state();

    RunRequest request();

    /** Simulated events handled so far, and the simulated time reached. */
    RunReport.Progress progress();

    /** The report of the run so far ({@code interrupts}: interrupts applied while it was open). */
    RunReport report(int interrupts);

    /** Runs in memory without a wall-clock budget until the run stops, and reports it. */
    static RunReport toEnd(RunDriver driver) {
        while (driver.state().isRunning()) {
            driver.step(Integer.MAX_VALUE, Long.MAX_VALUE);
        }
        return driver.report(0);
    }
}
