package io.conclave.engine.project;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import org.jboss.logging.Logger;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.model.CommandException;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.RestoreCheckpoint;
import io.conclave.model.command.StartRun;
import io.conclave.model.command.StepRun;
import io.conclave.model.command.StopRun;
import io.conclave.model.run.Checkpoint;
import io.conclave.model.run.RunRequest;

/**
 * A project's runs driven from outside the journal: starting one, stepping a simulated one (the run pool), waiting
 * for one to stop, restoring a checkpoint, and what the pool asks (is a run open? does it want steps?). Each holds
 * the project's write lock, so a check and the command it guards see the same state; the commands go down the
 * project's one command path ({@link Owner}).
 */
final class RunControl {
    /** The project's log category: what its runs log, the project logs. */
    private static final Logger LOG = Logger.getLogger(ProjectRuntime.class);

    /** What the runs use of their project that only its runtime may touch: its waking, its state, its command path. */
    interface Owner {
        /** Takes the write lock, rebuilding the session if the project sleeps. */
        void holdAwake();

        /** 404 (or 503 when moving) once the project is closed here. */
        void checkOpen();

        boolean closed();

        /** Runs {@code command} as {@code actor}, with nothing to check first. */
        void execute(ProjectCommand command, String actor);

        /** The run {@code runId}, read as any reader reads it (404 if none). */
        ProjectRun run(String runId);
    }

    private final String id;
    private final ProjectState state;
    /** The project's write lock, and the condition signalled after each of its journaled entries. */
    private final Lock lock;
    private final Condition changed;
    private final Owner owner;

    RunControl(String id, ProjectState state, Lock lock, Condition changed, Owner owner) {
        this.id = id;
        this.state = state;
        this.lock = lock;
        this.changed = changed;
        this.owner = owner;
    }

    /** Starts a run (journaled as {@code run_start}): 409 while another run is open. Returns the new run's id. */
    String startRun(RunRequest request, String actor) {
        owner.holdAwake();
        try {
            owner.checkOpen();
            ProjectRun open = state.runs.latest();
            if (open != null && open.open()) {
                throw new CommandException(CommandException.Kind.CONFLICT, "run_in_progress", "run " + open.runId()
                        + " of project " + id + " is " + open.status() + ": resume it to its end first");
            }
            String runId = state.runs.nextRunId();
            owner.execute(new StartRun(runId, request), actor);
            return runId;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Advances the open run by one step if it is RUNNING: simulated events until the rules stop it or
     * {@code budgetNanos} of wall time passed, journaled as {@code run_step} with the number of events
     * handled. A step the policy fails in is rolled back and the run stopped, journaled as {@code run_stop}.
     * Returns true while the run wants more steps.
     */
    boolean step(long budgetNanos) {
        lock.lock();
        try {
            ProjectRun run = state.runs.latest();
            if (owner.closed() || run == null || !run.running() || run.live()) {
                return false;
            }
            state.stepDeadline = System.nanoTime() + budgetNanos;
            try {
                owner.execute(new StepRun(run.runId(), StepRun.LIVE), JournaledRuntime.SERVICE_ACTOR);
            } catch (CommandException e) {
                if (e.kind() == CommandException.Kind.UNAVAILABLE) {
                    throw e;
                }
                LOG.errorf("run %s of project %s stopped: %s", run.runId(), id, e.getMessage());
                owner.execute(new StopRun(run.runId(), e.getMessage()), JournaledRuntime.SERVICE_ACTOR);
            } finally {
                state.stepDeadline = Long.MAX_VALUE;
            }
            ProjectRun now = state.runs.latest();
            return now != null && now.running();
        } finally {
            lock.unlock();
        }
    }

    /** True when the latest run is a simulated one and open (running or paused). */
    boolean hasOpenRun() {
        lock.lock();
        try {
            ProjectRun run = state.runs.latest();
            return run != null && run.open() && !run.live();
        } finally {
            lock.unlock();
        }
    }

    /** True when the latest run is a simulated one and RUNNING. */
    boolean wantsSteps() {
        lock.lock();
        try {
            ProjectRun run = state.runs.latest();
            return !owner.closed() && run != null && run.running() && !run.live();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutMillis} for run {@code runId} to stop RUNNING, then returns it. */
    ProjectRun awaitStop(String runId, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            ProjectRun run = owner.run(runId);
            while (run.running() && left > 0 && !owner.closed()) {
                left = changed.awaitNanos(left);
                run = owner.run(runId);
            }
            return run;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Restores the project to a saved state: journaled as {@code restore}, applied by rebuilding the
     * state from the journal up to the checkpoint's entry. Refused while a run is RUNNING (pause it first)
     * and for a checkpoint no longer kept.
     */
    Checkpoint restore(String checkpointId, String actor) {
        owner.holdAwake();
        try {
            owner.checkOpen();
            Checkpoint target = state.runs.checkpoint(checkpointId, state.session);
            ProjectRun run = state.runs.latest();
            if (run != null && run.running()) {
                throw new CommandException(CommandException.Kind.CONFLICT, "run_in_progress", "run " + run.runId()
                        + " is RUNNING: pause it before restoring a checkpoint");
            }
            owner.execute(new RestoreCheckpoint(checkpointId, target.seq()), actor);
            return target;
        } finally {
            lock.unlock();
        }
    }
}
