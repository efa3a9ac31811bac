package io.conclave.app.project;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.conclave.model.CommandException;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.RunRequest;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;
import io.conclave.model.run.Checkpoint;

/**
 * Asynchronous simulated runs: checks a run request, starts the run, and advances every RUNNING run in
 * the background, one journaled step at a time, so commands (interrupts) get in between steps. A run
 * paused by the rules is picked up again when it resumes (RUN_RESUMED), is restored (RUN_RESTORED), or
 * at start-up, when a replayed run is still RUNNING.
 */
@ApplicationScoped
public class RunService {
    private static final Logger LOG = Logger.getLogger(RunService.class);
    /** Steps one turn of a project's run takes before other projects' runs get the thread. */
    private static final int STEPS_PER_TURN = 20;

    private final ProjectRegistry registry;
    private final Access access;
    private final EventHub hub;
    private final long stepNanos;
    private final ExecutorService workers;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    public RunService(Engine engine, Access access, EventHub hub, ConclaveConfig config) {
        this.registry = engine.projects();
        this.access = access;
        this.hub = hub;
        this.stepNanos = TimeUnit.MILLISECONDS.toNanos(config.runStepMillis());
        // Own pool (conclave.run-threads): a simulated run takes seconds to minutes, never a request thread.
        this.workers = Executors.newFixedThreadPool(config.runThreads(), r -> {
            Thread t = new Thread(r, "conclave-runs");
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes @Priority(25) StartupEvent event) {
        hub.subscribe(0, e -> e.projectId() != null && (e.type().equals("RUN_STARTED")
                || e.type().equals("RUN_RESUMED") || e.type().equals("RUN_RESTORED")), e -> schedule(e.projectId()));
        for (ProjectRuntime rt : registry.all()) {
            if (rt.wantsSteps()) {
                LOG.infof("project %s: continuing its run after the restart", rt.projectId());
                schedule(rt.projectId());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    /**
     * Starts a run of the project: the request's blanks are filled from the project (its
     * {@code execution_mode}, calendar timeline when it names a scheduling mode) and checked, each
     * problem with its JSON path. Returns the run id; the run proceeds in the background.
     */
    public String start(Caller caller, String projectId, RunRequest request) {
        caller.mustOperate("start runs");
        String actor = caller.name();
        ProjectRuntime rt = registry.get(projectId);
        RunRequest r = complete(request == null ? new RunRequest(null, null, null, null, null, null) : request,
                rt.read(s -> s.spec()));
        return rt.startRun(r, actor);
    }

    /**
     * The request with defaults filled in, or a 400 listing its problems (JSON paths of the request body).
     * The command-line mode ({@code io.conclave.cli}) checks its options with it too, so both agree.
     */
    /**
     * Restores project {@code projectId} to checkpoint {@code checkpointId} (operators): the project as it was
     * there, its run paused. Answers with that run as the restore left it.
     */
    public ProjectViews.RunView restore(Caller caller, String projectId, String checkpointId) {
        ProjectRuntime rt = access.project(caller, projectId);
        caller.mustOperate("restore checkpoints");
        Checkpoint cp = rt.restore(checkpointId, caller.name());
        return ProjectViews.RunView.of(projectId, rt.run(cp.runId()), rt.checkpoints());
    }

    public static RunRequest complete(RunRequest r, ProjectSpec spec) {
        List<Problem> problems = new java.util.ArrayList<>();
        String mode = r.mode() != null ? r.mode()
                : spec.executionMode() != null && RunRequest.MODES.contains(spec.executionMode()) ? spec.executionMode()
                : RunRequest.FULLY_AUTOMATED;
        if (!RunRequest.MODES.contains(mode)) {
            problems.add(new Problem("$.mode", "must be one of " + RunRequest.MODES + ", was '" + mode + "'"));
        }
        if (r.failureRate() != null && !(r.failureRate() >= 0 && r.failureRate() <= 1)) {
            problems.add(new Problem("$.failure_rate", "must be between 0 and 1, was " + r.failureRate()));
        }
        if (r.timeline() != null && !RunRequest.TIMELINES.contains(r.timeline())) {
            problems.add(new Problem("$.timeline", "must be one of " + RunRequest.TIMELINES + ", was '"
                    + r.timeline() + "'"));
        }
        String frequency = r.checkpointFrequency();
        if (frequency != null && !RunRequest.INCREMENTAL.equals(mode)) {
            problems.add(new Problem("$.checkpoint_frequency", "applies to incremental runs only; this run is " + mode));
        } else if (frequency != null && !RunRequest.CHECKPOINT_FREQUENCIES.contains(frequency)) {
            problems.add(new Problem("$.checkpoint_frequency", "must be one of " + RunRequest.CHECKPOINT_FREQUENCIES
                    + ", was '" + frequency + "'"));
        }
        if (r.spawnAdditionalMeetings() != null && !RunRequest.SIMULATION.equals(mode)) {
            problems.add(new Problem("$.spawn_additional_meetings", "applies to simulation runs only; this run is "
                    + mode));
        }
        if (r.agents() != null && !RunRequest.AGENTS.contains(r.agents())) {
            problems.add(new Problem("$.agents", "must be one of " + RunRequest.AGENTS + ", was '" + r.agents() + "'"));
        }
        boolean real = r.realAgents();
        if (real) {
            // real agents work in real time: nothing is drawn, failed or laid on a calendar for them
            String why = "applies to simulated runs only; real agents work this run";
            if (r.seed() != null) {
                problems.add(new Problem("$.seed", why));
            }
            if (r.failureRate() != null) {
                problems.add(new Problem("$.failure_rate", why));
            }
            if (r.timeline() != null) {
                problems.add(new Problem("$.timeline", why));
            }
            if (RunRequest.SIMULATION.equals(mode)) {
                problems.add(new Problem("$.mode", "simulation mode simulates the project: use fully_automated or "
                        + "incremental with real agents"));
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandException(CommandException.Kind.INVALID, "invalid_request", "the run request is invalid",
                    problems);
        }
        boolean scheduled = spec.scheduling() != null && spec.scheduling().effectiveMode() != null;
        String timeline = r.timeline() != null ? r.timeline() : scheduled ? RunRequest.CALENDAR : RunRequest.CONTINUOUS;
        if (RunRequest.INCREMENTAL.equals(mode) && frequency == null) {
            frequency = "after_each_meeting"; // the original orchestrator's default
        }
        Boolean spawn = RunRequest.SIMULATION.equals(mode)
                ? !Boolean.FALSE.equals(r.spawnAdditionalMeetings()) : null;
        if (real) {
            return new RunRequest(mode, null, null, null, frequency, null, RunRequest.REAL);
        }
        return new RunRequest(mode, r.seedOrDefault(), r.failureRateOrDefault(), timeline, frequency, spawn);
    }

    /** Makes sure a worker advances the project's run while it is RUNNING. */
    void schedule(String projectId) {
        if (scheduled.add(projectId)) {
            workers.execute(() -> advance(projectId));
        }
    }

    private void advance(String projectId) {
        boolean more = false;
        try {
            ProjectRuntime rt = registry.get(projectId);
            for (int i = 0; i < STEPS_PER_TURN; i++) {
                more = rt.step(stepNanos);
                if (!more) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "the run of project %s could not advance", projectId);
            more = false;
        }
        if (more) {
            workers.execute(() -> advance(projectId)); // other projects' runs get their turn in between
            return;
        }
        scheduled.remove(projectId);
        // a resume may have come between the last step and the line above: look again
        try {
            if (registry.exists(projectId) && registry.get(projectId).wantsSteps()) {
                schedule(projectId);
            }
        } catch (RuntimeException e) {
            LOG.debugf("project %s is gone: %s", projectId, e.getMessage());
        }
    }
}
