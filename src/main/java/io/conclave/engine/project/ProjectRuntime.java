package io.conclave.engine.project;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Agent;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.StepRun;
import io.conclave.model.command.TakeSnapshot;
import io.conclave.model.command.UnpinPolicy;
import io.conclave.model.run.Checkpoint;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.MemoryJournal;
import io.conclave.engine.owner.OwnerSession;

/**
 * One project: its session, its journal and its runs. Commands run one at a time; each is applied,
 * journaled and forced to disk, then acknowledged ({@link JournaledRuntime}). Simulated runs advance in
 * journaled steps between which other commands (interrupts, reports) get in; checkpoints the rules reach
 * become saved states the project can be restored to.
 * <p>
 * This class is the project's door to its lock and journal: reads, commands and the policy pin. What the journal
 * builds and how an entry changes it is {@link ProjectState} (with its runs, {@link ProjectRuns}, and the facts
 * commands are posted as, {@link CommandFacts}); what an entry publishes, {@link ProjectEvents}; starting,
 * stepping and restoring runs, {@link RunControl}; the journal a dry run copies, {@link JournalCopy}.
 */
public final class ProjectRuntime extends JournaledRuntime<ProjectCommand, Object> {

    private final RunDriver.Factory drivers;
    /** The session, the runs, the work log and the pin: rebuilt by every replay. */
    private final ProjectState state;
    private final ProjectEvents published;
    /** Starts, steps and restores runs under this project's lock, through the port given below. */
    private final RunControl runControl;
    /** Every journal entry so far, in order: a restore rebuilds the state from a prefix of it. */
    private List<JournalEntry<ProjectCommand>> history = new ArrayList<>();
    /**
     * The project's agents as of its latest journaled entry (null until this process applied one), for the checks at
     * the door, which must not wait for the project's lock; with the list of agents they were read from, which the
     * session gives again, the same list, until an agent is added or removed.
     */
    private volatile List<String> agentIds;
    private List<Agent> agentsRead;

    private ProjectRuntime(String projectId, Journal<ProjectCommand> journal, Setting setting,
                           RunDriver.Factory drivers) {
        super("project", projectId, journal, setting);
        this.drivers = drivers;
        this.state = new ProjectState(projectId, setting, drivers, this::rebuildTo);
        this.published = new ProjectEvents(projectId, this::events);
        this.runControl = new RunControl(projectId, state, lock, changed, new RunControl.Owner() {
            @Override
            public void holdAwake() {
                ProjectRuntime.this.holdAwake();
            }

            @Override
            public void checkOpen() {
                ProjectRuntime.this.checkOpen();
            }

            @Override
            public boolean closed() {
                return closed;
            }

            @Override
            public void execute(ProjectCommand command, String actor) {
                ProjectRuntime.this.execute(command, actor, () -> { });
            }

            @Override
            public ProjectRun run(String runId) {
                return ProjectRuntime.this.run(runId);
            }
        });
    }

    /** Creates a new project from its (validated) definition and journals the creation. */
    static ProjectRuntime create(ProjectSpec spec, String actor, Journal<ProjectCommand> journal, Setting setting,
                                 RunDriver.Factory drivers) {
        ProjectRuntime rt = new ProjectRuntime(spec.projectId(), journal, setting, drivers);
        rt.create(CreateProject.of(spec), actor);
        return rt;
    }

    /** Rebuilds a project by replaying its journal under the policy versions it recorded. */
    static ProjectRuntime recover(String projectId, Journal<ProjectCommand> journal, Setting setting,
                                  RunDriver.Factory drivers) throws IOException {
        ProjectRuntime rt = new ProjectRuntime(projectId, journal, setting, drivers);
        rt.replay();
        return rt;
    }

    public String projectId() {
        return id;
    }

    // ------------------------------------------------------------------ scratch copies (dry runs)

    /** The journal so far, taken under the lock: a dry run replays it while the project goes on ({@link JournalCopy#of}). */
    JournalCopy snapshot() {
        return locked(() -> {
            ProjectRun run = state.runs.latest();
            return JournalCopy.of(id, history, journal, run != null && run.open(), startState);
        });
    }

    /** An empty project over a journal in memory, publishing nothing: the scratch a dry run replays into. */
    static ProjectRuntime scratch(String projectId, Setting setting, RunDriver.Factory drivers) {
        return new ProjectRuntime(projectId, new MemoryJournal<>(), setting, drivers);
    }

    /** A scratch copy whose replay starts at a snapshot marker: the state that marker holds. */
    static ProjectRuntime scratch(String projectId, Setting setting, RunDriver.Factory drivers, String startState) {
        ProjectRuntime rt = scratch(projectId, setting, drivers);
        rt.startState = startState;
        return rt;
    }

    RunDriver.Factory drivers() {
        return drivers;
    }

    /** Bounds every replayed run step by this wall-clock deadline ({@link System#nanoTime()}). */
    void replayDeadline(long deadlineNanos) {
        state.replayDeadline = deadlineNanos;
    }

    /**
     * Runs a simulated run of a scratch copy to its end (or {@code deadlineNanos}), in steps of at most
     * {@code eventsPerStep} simulated events, each step with the firing cap of a command; nothing is journaled.
     * Returns the run's report (so far, when the deadline stopped it).
     */
    RunReport simulate(RunRequest request, int eventsPerStep, long deadlineNanos) {
        lock.lock();
        try {
            ProjectSession session = state.session;
            session.beginCommand(nextSeq);
            RunDriver driver = drivers.start(session, "dry-run", request);
            while (driver.state().isRunning() && System.nanoTime() < deadlineNanos) {
                session.beginCommand(nextSeq);
                driver.step(eventsPerStep, deadlineNanos);
            }
            return driver.report(0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A project's reads share its read lock: they change nothing (the session's facts, the ledger, the runs are
     * only looked at; a ledger restored from a snapshot parses its decisions under a lock of its own).
     */
    @Override
    protected boolean readsShare() {
        return true;
    }

    /** Reads the project under its read lock, so a reader never sees half of a command. */
    public <T> T read(Function<ProjectSession, T> reader) {
        return locked(() -> reader.apply(state.session));
    }

    /**
     * The journal entries this project holds (from its creation, or from the snapshot marker it was replayed from)
     * and its ledger, read together under the lock, so each decision's entry is among them.
     */
    public <T> T history(java.util.function.BiFunction<List<JournalEntry<ProjectCommand>>, ProjectSession, T> reader) {
        return locked(() -> reader.apply(List.copyOf(history), state.session));
    }

    /**
     * The journal's lines as stored and the ledger, read together under the lock (each decision's entry is among the
     * lines): what an evidence export carries. The lines start with the creation, or, when the journal no longer
     * holds what came before its snapshot (a cluster's partition), with the snapshot's marker: {@code startState}
     * is then that snapshot's state.
     */
    public Stored stored() throws IOException {
        try {
            return locked(() -> {
                try {
                    Journal.Stored held = journal.stored();
                    return new Stored(held.lines(), held.snapshot() == null ? null : held.snapshot().state(),
                            List.copyOf(state.session.ledger()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** What {@link #stored()} answers. */
    public record Stored(List<String> lines, String startState, List<Decision> ledger) {
    }

    /** The report of the project's latest run (so far, if it is open); null if it never ran. */
    public RunReport lastRun() {
        return locked(state.runs::lastReport);
    }

    /**
     * The report of the project now: its latest run's (so far, if it is open), else the project as real agents
     * worked it since its creation, in the same shape.
     */
    public RunReport report() {
        return locked(() -> {
            RunReport run = lastRun();
            return run != null ? run : LiveReports.ofProject(state.session, state.work).build(null, null,
                    history.isEmpty() ? lastAt : history.get(0).recordedAt(), lastAt, 0);
        });
    }

    /** An agent reports on a task (started, completed, failed); {@code guard} checks it first, under the lock. */
    public void report(io.conclave.model.TaskEvent.Kind kind, String taskId, String agentId,
                       Consumer<ProjectSession> guard) {
        command(new ReportTask(kind, taskId, agentId, null), agentId, guard);
    }

    /**
     * A command of an agent or the operator (a report, a bid, a delegation, an interrupt...), journaled
     * as itself and posted to the rules, which accept it or refuse it with a reason. {@code guard} checks
     * it against the current state first, under the project's lock, and throws to refuse it.
     */
    public void command(ProjectCommand command, String actor, Consumer<ProjectSession> guard) {
        execute(command, actor, () -> guard.accept(state.session));
    }

    /**
     * As {@link #command(ProjectCommand, String, Consumer)}, then reads the project under the same hold
     * of the lock, so {@code answer} sees the command's own outcome and nothing later.
     */
    public <T> T command(ProjectCommand command, String actor, Consumer<ProjectSession> guard,
                         Function<ProjectSession, T> answer) {
        holdAwake();
        try {
            execute(command, actor, () -> guard.accept(state.session));
            return answer.apply(state.session);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a simulated run (journaled as {@code run_start}); the run then advances by {@link #step}s.
     * Refused with 409 while another run is open. Returns the new run's id.
     */
    public String startRun(RunRequest request, String actor) {
        return runControl.startRun(request, actor);
    }

    /** Advances the open run by one journaled step if it is RUNNING ({@link RunControl#step}); true while it wants more. */
    public boolean step(long budgetNanos) {
        return runControl.step(budgetNanos);
    }

    /** True when the project's latest run is a simulated one and open (running or paused): simulated agents hold its tasks. */
    public boolean hasOpenRun() {
        return runControl.hasOpenRun();
    }

    /** True when the project's latest run is RUNNING (it wants {@link #step}s). */
    public boolean wantsSteps() {
        return runControl.wantsSteps();
    }

    /**
     * Waits up to {@code timeoutMillis} for run {@code runId} to stop RUNNING (paused, at a checkpoint,
     * completed or failed), then returns it.
     */
    public ProjectRun awaitStop(String runId, long timeoutMillis) throws InterruptedException {
        return runControl.awaitStop(runId, timeoutMillis);
    }

    /** A run of this project, 404 if there is none with this id. */
    public ProjectRun run(String runId) {
        return locked(() -> state.runs.find(runId));
    }

    /** The project's runs, oldest first. */
    public List<ProjectRun> runs() {
        return locked(state.runs::all);
    }

    /** The saved states the project can be restored to: the kept checkpoints, oldest first. */
    public List<Checkpoint> checkpoints() {
        return locked(state.runs::kept);
    }

    /** Restores the project to a kept checkpoint, journaled as {@code restore} ({@link RunControl#restore}). */
    public Checkpoint restore(String checkpointId, String actor) {
        return runControl.restore(checkpointId, actor);
    }

    // ------------------------------------------------------------------ the policy pin

    /** The pin the project decides under (version and reason), or null when it follows the active policy. */
    public PinPolicy pin() {
        return summary().pin();
    }

    /**
     * Pins the project to {@code pin.version()} (journaled as {@code policy_pin}): it moves to that version now
     * and keeps deciding under it after newer policies are activated, until {@link #unpin}. {@code guard}
     * checks the version first (that it went live).
     */
    public void pin(PinPolicy pin, String actor, Runnable guard) {
        execute(pin, actor, guard);
    }

    /** Unpins the project (journaled as {@code policy_unpin}) and moves it to the active policy. 409 when not pinned. */
    public void unpin(String actor) {
        unpin(actor, null);
    }

    /** {@link #unpin(String)}, with the reason journaled (the end of a canary roll-out). */
    public void unpin(String actor, String reason) {
        execute(new UnpinPolicy(reason), actor, () -> {
            if (state.pin == null) {
                throw new CommandException(CommandException.Kind.CONFLICT, "project_not_pinned",
                        "project " + id + " is not pinned: it follows the active policy");
            }
        });
        catchUpWithActivePolicy();
    }

    /**
     * The project's agents, by id, as of its latest journaled entry: read without waiting for the project's lock (a
     * command in progress is not seen until it is journaled, as a reader waiting for the lock would see it after);
     * before this process applied an entry of the project, from its listing.
     */
    public List<String> agentIds() {
        List<String> ids = agentIds;
        return ids != null ? ids : summary().agentIds();
    }

    /** Under the lock, after an entry was journaled or the journal replayed: the agents the door checks against. */
    private void noteAgents() {
        if (state.session == null) {
            return; // asleep: its agents are those it had
        }
        List<Agent> now = state.session.agents();
        if (now != agentsRead) {
            agentsRead = now;
            agentIds = now.stream().map(Agent::getAgentId).toList();
        }
    }

    /** What lists show of the project, without rebuilding it when it sleeps. */
    public ProjectListing summary() {
        return (ProjectListing) listedNow();
    }

    // ------------------------------------------------------------------ JournaledRuntime

    @Override
    protected Object apply(JournalEntry<ProjectCommand> e) {
        if (e.command() instanceof TakeSnapshot snapshot) {
            applySnapshot(e, snapshot);
            return null;
        }
        return state.apply(e);
    }

    /**
     * Rebuilds the state as it was right after journal entry {@code seq}, by applying the journal up to
     * it again (a saved state is a prefix of the journal). The entries after it stay in the journal.
     */
    private void rebuildTo(long seq) {
        List<JournalEntry<ProjectCommand>> prefix = history.stream().filter(x -> x.seq() <= seq).toList();
        int numbered = state.runs.checkpointCount(); // checkpoint ids go on from here: an id is never given twice
        reset();
        for (JournalEntry<ProjectCommand> x : prefix) {
            apply(x);
        }
        state.runs.numberFrom(numbered);
    }

    @Override
    protected ProjectCommand resolved(JournalEntry<ProjectCommand> entry, Object applied) {
        return applied instanceof StepRun step ? step : entry.command();
    }

    /**
     * The project as a snapshot ({@link ProjectState#snapshot}). Before the first entry of a journal replayed from
     * a snapshot, the snapshot it starts from.
     */
    @Override
    protected String snapshotState() {
        return state.session == null ? startState : state.snapshot(followUpKeys());
    }

    @Override
    protected void restoreSnapshot(String text, JournalEntry<ProjectCommand> marker) {
        rememberFollowUps(state.restore(text, marker));
    }

    @Override
    protected void reset() {
        state.reset();
    }

    @Override
    protected void replayed(List<JournalEntry<ProjectCommand>> entries) {
        history = new ArrayList<>(entries);
        noteAgents();
    }

    @Override
    protected void written(JournalEntry<ProjectCommand> entry, Object applied) {
        history.add(entry);
        noteAgents();
    }

    /** A project sleeps unless a simulated run is open (its driver steps it, its simulated agents live outside). */
    @Override
    protected boolean canSleep() {
        ProjectRun run = state.runs.latest();
        return run == null || !run.open();
    }

    @Override
    protected Object listing() {
        return ProjectListing.of(state.session, state.pin, state.runs.statuses());
    }

    @Override
    protected void slept() {
        history = new ArrayList<>(); // a replay reads it again
    }

    @Override
    protected String pinnedVersion() {
        return state.pin == null ? null : state.pin.version();
    }

    @Override
    protected OwnerSession session() {
        return state.session;
    }

    @Override
    protected Long wakeAt() {
        return state.wakeAt();
    }

    /** Publishes what a journaled command did ({@link ProjectEvents}). */
    @Override
    protected void publish(JournalEntry<ProjectCommand> entry, Object applied) {
        published.publish(entry, state.session, state.runs);
    }
}
