package io.conclave.app.local;

import java.util.List;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.model.run.RunState;
import io.conclave.model.run.RunStatus;
import io.conclave.sim.Simulator;

/**
 * A simulated run of a project file in this process, without the service (the command line's {@code run}): the
 * project's session under a compiled rules folder, driven one simulated event per step, each step a command of its
 * own as the service's {@code run_step} entries are. Whether the run pauses is the rules' decision; resuming is
 * the caller's ({@link #resume}). Nothing is journaled.
 */
public final class LocalRun implements AutoCloseable {
    /** The id the service gives a project's first run, so the JSON report is the same. */
    public static final String RUN_ID = "run-1";

    private final ProjectSession session;
    private Simulator sim;
    /** Command number of the next step: the project's creation was command 1, as in a journal. */
    private long seq = 2;

    private LocalRun(ProjectSession session) {
        this.session = session;
    }

    /** The project's session under {@code policy}, its first rules fired; the run starts with {@link #start}. */
    public static LocalRun open(ProjectSpec spec, LocalPolicy.Compiled policy, int maxFirings) {
        return new LocalRun(ProjectSession.start(spec, policy.policy(), maxFirings, 1));
    }

    /** Starts the simulated run the request asks for. */
    public void start(RunRequest request) {
        session.beginCommand(seq++);
        sim = Simulator.start(session, RUN_ID, request);
    }

    /** Simulates one event (a command of its own). */
    public void step() {
        session.beginCommand(seq++);
        sim.step(1, Long.MAX_VALUE);
    }

    public RunState state() {
        return sim.state();
    }

    public RunReport.Progress progress() {
        return sim.progress();
    }

    /** Ends the run as failed (the policy failed in a step), saying why. */
    public void fail(String why) {
        sim.state().fail(why);
    }

    /** Resumes a run the rules paused (the operator's decision), as a command of its own. */
    public void resume() {
        session.beginCommand(seq++);
        RunState state = sim.state();
        state.resume();
        session.updateFact(state);
    }

    public RunReport report() {
        return sim.report(0);
    }

    /** The ids of the tasks in progress, sorted. */
    public List<String> inProgress() {
        return session.tasks().stream().filter(t -> t.getStatus() == TaskStatus.IN_PROGRESS).map(Task::getTaskId)
                .sorted().toList();
    }

    /** How the run stands: open while it is running or paused. */
    public RunStatus status() {
        return sim.state().getStatus();
    }

    @Override
    public void close() {
        session.close();
    }
}
