package io.conclave.engine.project;

import io.conclave.model.run.Checkpoint;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Announcement;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.JournalStamped;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Refusal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.Announce;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.Delegate;
import io.conclave.model.command.LegacyRun;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ProposeAssignee;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.command.RetireAgent;
import io.conclave.model.command.UpdateAgent;
import io.conclave.model.ProjectFacts;
import io.conclave.model.members.MembershipRequest;
import io.conclave.model.command.ProposeConflictOption;
import io.conclave.model.command.RecordMeetingOutcome;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.ResolveConflict;
import io.conclave.model.command.RestoreCheckpoint;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.command.StartRun;
import io.conclave.model.command.StepRun;
import io.conclave.model.command.StopRun;
import io.conclave.model.command.RepairJournal;
import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.Tick;
import io.conclave.model.command.UnpinPolicy;
import io.conclave.model.run.InterruptLog;
import io.conclave.model.run.InterruptRecord;
import io.conclave.model.run.KeptCheckpoints;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.model.run.RunStatus;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.MemoryJournal;
import io.conclave.engine.owner.OwnerSession;
import io.conclave.engine.policy.Policy;

/**
 * One project: its session, its journal and its runs. Commands run one at a time; each is applied,
 * journaled and forced to disk, then acknowledged ({@link JournaledRuntime}). Simulated runs advance in
 * journaled steps between which other commands (interrupts, reports) get in; checkpoints the rules reach
 * become saved states the project can be restored to.
 */
public final class ProjectRuntime extends JournaledRuntime<ProjectCommand, Object> {
    private static final Logger LOG = Logger.getLogger(ProjectRuntime.class);
    /**
     * The decisions of a simulated run that are published one by one: where it stopped. Its assignments,
     * starts and completions are simulated agents' business: real agents (their inboxes, the meeting-task
     * worker) must not act on them; RUN_PROGRESS reports them in bulk.
     */
    private static final Set<DecisionKind> RUN_DECISIONS = EnumSet.of(DecisionKind.CHECKPOINT,
            DecisionKind.RUN_PAUSED, DecisionKind.RUN_RESUMED);

    private final RunDriver.Factory drivers;
    private ProjectSession session;
    /** The report of a run journaled by an earlier version as one synchronous {@code run} entry. */
    private RunReport legacyRun;
    /** Simulated runs in the order they started; the last one may be open. */
    private final Map<String, ProjectRun> runs = new LinkedHashMap<>();
    /** The kept checkpoints, oldest first. */
    private final Deque<Checkpoint> checkpoints = new ArrayDeque<>();
    private int checkpointCount;
    /** Every journal entry so far, in order: a restore rebuilds the state from a prefix of it. */
    private List<JournalEntry<ProjectCommand>> history = new ArrayList<>();
    /** What real agents reported, on the service's clock: the reports of runs of real agents and of the project. */
    private final WorkLog work = new WorkLog();
    /** Wall-clock deadline ({@link System#nanoTime()}) of the live run step being applied. */
    private long stepDeadline = Long.MAX_VALUE;
    /** Wall-clock deadline of a replayed run step: a dry run's bound; none for a project's own replay. */
    private long replayDeadline = Long.MAX_VALUE;
    /** The pin the project keeps deciding under, or null when it follows the active policy. */
    private PinPolicy pin;

    private ProjectRuntime(String projectId, Journal<ProjectCommand> journal, Setting setting,
                           RunDriver.Factory drivers) {
        super("project", projectId, journal, setting);
        this.drivers = drivers;
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

    /**
     * A copy of this project's journal as it is now, and whether a run was open then. {@code startState}: when
     * the entries start with a snapshot marker rather than the creation, the state that marker holds (else null).
     */
    record Snapshot(List<JournalEntry<ProjectCommand>> entries, boolean runOpen, String startState) {
    }

    /**
     * The journal so far, taken under the lock: a dry run replays it while the project goes on. A project
     * replayed from a stored snapshot holds only the entries from the snapshot's marker on; the journal is read
     * again from its creation then (a journal file keeps every entry), so a dry run decides the whole history
     * under the other policy. Only when the journal no longer has its beginning (a cluster's partition forgets
     * the entries before a snapshot; a damaged entry before the marker) do the entries start at the marker,
     * with the snapshot's state to start from.
     */
    Snapshot snapshot() {
        return locked(() -> {
            ProjectRun run = latestRun();
            boolean open = run != null && run.open();
            if (history.isEmpty() || !(history.get(0).command() instanceof io.conclave.model.command.TakeSnapshot)) {
                return new Snapshot(List.copyOf(history), open, null);
            }
            try {
                List<JournalEntry<ProjectCommand>> all = journal.read().entries();
                if (!all.isEmpty() && all.get(0).command() instanceof CreateProject
                        && all.get(all.size() - 1).seq() == history.get(history.size() - 1).seq()) {
                    return new Snapshot(List.copyOf(all), open, null);
                }
            } catch (IOException e) {
                LOG.warnf("project %s: the journal before its snapshot does not read (%s): the dry run starts at"
                        + " the snapshot", id, e.getMessage());
            }
            return new Snapshot(List.copyOf(history), open, startState);
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
        this.replayDeadline = deadlineNanos;
    }

    /**
     * Runs a simulated run of a scratch copy to its end (or {@code deadlineNanos}), in steps of at most
     * {@code eventsPerStep} simulated events, each step with the firing cap of a command; nothing is journaled.
     * Returns the run's report (so far, when the deadline stopped it).
     */
    RunReport simulate(RunRequest request, int eventsPerStep, long deadlineNanos) {
        lock.lock();
        try {
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
        return locked(() -> reader.apply(session));
    }

    /**
     * The journal entries this project holds (from its creation, or from the snapshot marker it was replayed from)
     * and its ledger, read together under the lock, so each decision's entry is among them.
     */
    public <T> T history(java.util.function.BiFunction<List<JournalEntry<ProjectCommand>>, ProjectSession, T> reader) {
        return locked(() -> reader.apply(List.copyOf(history), session));
    }

    /** The report of the project's latest run (so far, if it is open); null if it never ran. */
    public RunReport lastRun() {
        return locked(() -> {
            ProjectRun last = latestRun();
            return last != null ? last.report() : legacyRun;
        });
    }

    /**
     * The report of the project now: its latest run's (so far, if it is open), else the project as real agents
     * worked it since its creation, in the same shape.
     */
    public RunReport report() {
        return locked(() -> {
            RunReport run = lastRun();
            return run != null ? run : LiveReports.ofProject(session, work).build(null, null,
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
        execute(command, actor, () -> guard.accept(session));
    }

    /**
     * As {@link #command(ProjectCommand, String, Consumer)}, then reads the project under the same hold
     * of the lock, so {@code answer} sees the command's own outcome and nothing later.
     */
    public <T> T command(ProjectCommand command, String actor, Consumer<ProjectSession> guard,
                         Function<ProjectSession, T> answer) {
        holdAwake();
        try {
            execute(command, actor, () -> guard.accept(session));
            return answer.apply(session);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a simulated run (journaled as {@code run_start}); the run then advances by {@link #step}s.
     * Refused with 409 while another run is open. Returns the new run's id.
     */
    public String startRun(RunRequest request, String actor) {
        holdAwake();
        try {
            checkOpen();
            ProjectRun open = latestRun();
            if (open != null && open.open()) {
                throw new CommandException(CommandException.Kind.CONFLICT, "run_in_progress", "run " + open.runId()
                        + " of project " + id + " is " + open.status() + ": resume it to its end first");
            }
            String runId = "run-" + (runs.size() + 1);
            execute(new StartRun(runId, request), actor, () -> { });
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
    public boolean step(long budgetNanos) {
        lock.lock();
        try {
            ProjectRun run = latestRun();
            if (closed || run == null || !run.running() || run.live()) {
                return false;
            }
            stepDeadline = System.nanoTime() + budgetNanos;
            try {
                execute(new StepRun(run.runId(), StepRun.LIVE), SERVICE_ACTOR, () -> { });
            } catch (CommandException e) {
                if (e.kind() == CommandException.Kind.UNAVAILABLE) {
                    throw e;
                }
                LOG.errorf("run %s of project %s stopped: %s", run.runId(), id, e.getMessage());
                execute(new StopRun(run.runId(), e.getMessage()), SERVICE_ACTOR, () -> { });
            } finally {
                stepDeadline = Long.MAX_VALUE;
            }
            ProjectRun now = latestRun();
            return now != null && now.running();
        } finally {
            lock.unlock();
        }
    }

    /** True when the project's latest run is a simulated one and open (running or paused): simulated agents hold its tasks. */
    public boolean hasOpenRun() {
        lock.lock();
        try {
            ProjectRun run = latestRun();
            return run != null && run.open() && !run.live();
        } finally {
            lock.unlock();
        }
    }

    /** True when the project's latest run is RUNNING (it wants {@link #step}s). */
    public boolean wantsSteps() {
        lock.lock();
        try {
            ProjectRun run = latestRun();
            return !closed && run != null && run.running() && !run.live();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for run {@code runId} to stop RUNNING (paused, at a checkpoint,
     * completed or failed), then returns it.
     */
    public ProjectRun awaitStop(String runId, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            ProjectRun run = run(runId);
            while (run.running() && left > 0 && !closed) {
                left = changed.awaitNanos(left);
                run = run(runId);
            }
            return run;
        } finally {
            lock.unlock();
        }
    }

    /** A run of this project, 404 if there is none with this id. */
    public ProjectRun run(String runId) {
        return locked(() -> {
            ProjectRun run = runs.get(runId);
            if (run == null) {
                throw new CommandException(CommandException.Kind.NOT_FOUND, "run_not_found",
                        "project " + id + " has no run " + runId);
            }
            return run;
        });
    }

    /** The project's runs, oldest first. */
    public List<ProjectRun> runs() {
        return locked(() -> List.copyOf(runs.values()));
    }

    /** The saved states the project can be restored to: the kept checkpoints, oldest first. */
    public List<Checkpoint> checkpoints() {
        return locked(() -> List.copyOf(checkpoints));
    }

    /**
     * Restores the project to a saved state: journaled as {@code restore}, applied by rebuilding the
     * state from the journal up to the checkpoint's entry. Refused while a run is RUNNING (pause it first)
     * and for a checkpoint no longer kept.
     */
    public Checkpoint restore(String checkpointId, String actor) {
        holdAwake();
        try {
            checkOpen();
            Checkpoint target = checkpoints.stream().filter(c -> c.checkpointId().equals(checkpointId))
                    .findFirst().orElseThrow(() -> new CommandException(CommandException.Kind.NOT_FOUND,
                            "checkpoint_not_found", "project " + id + " keeps no checkpoint " + checkpointId
                            + " (" + keptCheckpointsWords() + ")"));
            ProjectRun run = latestRun();
            if (run != null && run.running()) {
                throw new CommandException(CommandException.Kind.CONFLICT, "run_in_progress", "run " + run.runId()
                        + " is RUNNING: pause it before restoring a checkpoint");
            }
            execute(new RestoreCheckpoint(checkpointId, target.seq()), actor, () -> { });
            return target;
        } finally {
            lock.unlock();
        }
    }

    private ProjectRun latestRun() {
        ProjectRun last = null;
        for (ProjectRun r : runs.values()) {
            last = r;
        }
        return last;
    }

    // ------------------------------------------------------------------ JournaledRuntime

    @Override
    protected Object apply(JournalEntry<ProjectCommand> e) {
        ProjectCommand c = e.command();
        if (c instanceof io.conclave.model.command.TakeSnapshot snapshot) {
            applySnapshot(e, snapshot);
            return null;
        }
        if (c instanceof CreateProject create) {
            session = ProjectSession.start(create.spec(), policyOf(e), setting.maxFirings(), e.seq(),
                    e.recordedAt().toEpochMilli());
            return null;
        }
        if (c instanceof RestoreCheckpoint restore) {
            // the interrupt audit trail is history: the records after the restored point stay, marked undone
            List<InterruptRecord> trail = session.facts(InterruptLog.class).stream()
                    .flatMap(l -> l.getRecords().stream()).toList();
            rebuildTo(restore.seq());
            session.facts(InterruptLog.class).forEach(l -> l.carryOver(trail, restore.seq(),
                    "restore of " + restore.checkpointId()));
        }
        if (!session.policy().version().equals(e.policyVersion())) {
            session.beginCommand(e.seq());
            session.switchTo(policyOf(e));
        }
        session.beginCommand(e.seq());
        // the rules' clock is the entry's journal time, so a replay meets every deadline as the live command did
        ProjectRun open = latestRun();
        LiveRun live = open != null && open.live() && open.open() ? (LiveRun) open.driver() : null;
        session.setTime(e.recordedAt().toEpochMilli());
        if (live != null && !(c instanceof Tick)) {
            live.enterDay(e.recordedAt()); // a tick that changes nothing is not journaled: days begin with commands
        }
        if (c instanceof ReportTask report) {
            Object outcome = live == null ? null : live.outcome(report, e.recordedAt());
            refuseIf(outcome == null ? session.post(report.toFact())
                    : session.post(report.toFact(), report.toFact().toString(), outcome));
            worked(report, e);
        } else if (c instanceof LegacyRun legacy) {
            legacyRun = RunDriver.toEnd(drivers.start(session, "run", legacy.request()));
            return legacyRun;
        } else if (c instanceof StartRun start) {
            runs.put(start.runId(), new ProjectRun(start.runId(), e.seq(), start.request().realAgents()
                    ? LiveRun.start(session, start.runId(), start.request(), work, e.recordedAt())
                    : drivers.start(session, start.runId(), start.request())));
        } else if (c instanceof StepRun step) {
            ProjectRun run = runs.get(step.runId());
            int handled = run.driver().step(step.live() ? Integer.MAX_VALUE : step.events(),
                    step.live() ? stepDeadline : replayDeadline);
            afterStep(run, e);
            return step.handled(handled); // what a replay must do again
        } else if (c instanceof StopRun stop) {
            ProjectRun run = runs.get(stop.runId());
            run.driver().state().fail(stop.error());
            session.updateFact(run.driver().state());
            run.settle();
        } else if (c instanceof PinPolicy p) {
            pin = p;
            if (!session.policy().version().equals(p.version())) {
                session.switchTo(setting.policies().byVersion(p.version()));
            }
        } else if (c instanceof UnpinPolicy) {
            pin = null;
        } else if (!(c instanceof Tick || c instanceof SwitchPolicy || c instanceof RepairJournal || c instanceof RestoreCheckpoint)) {
            Object fact = fact(c, e.actor());
            if (fact instanceof JournalStamped stamped) {
                stamped.stamp(e.seq(), e.actor(), e.recordedAt());
            }
            refuseIf(session.post(fact, fact.toString()));
            ProjectRun run = latestRun();
            if (c instanceof SendInterrupt && run != null && run.open()) {
                run.interrupted();
            }
        }
        ProjectRun last = latestRun();
        if (last != null && last.live()) {
            afterStep(last, e); // a checkpoint a report reached becomes a saved state; an ended run keeps its report
        }
        return null;
    }

    /** Logs an accepted report on the service's clock, with whoever holds the task. */
    private void worked(ReportTask report, JournalEntry<ProjectCommand> e) {
        Task t = session.task(report.taskId());
        List<String> holders = t == null ? List.of(report.agentId()) : t.getAssignee() != null
                ? List.of(t.getAssignee()) : t.isMeetingRequired() ? t.getAttendees() : List.of(report.agentId());
        switch (report.kind()) {
            case START -> work.started(report.taskId(), e.recordedAt(), holders);
            case COMPLETE -> work.ended(report.taskId(), e.recordedAt(), "completed", holders);
            case FAIL -> work.ended(report.taskId(), e.recordedAt(), "failed", holders);
        }
    }

    /** The fact the rules decide a coordination command on. */
    private Object fact(ProjectCommand c, String actor) {
        if (c instanceof RegisterAgent r) {
            int order = session.agents().stream().mapToInt(io.conclave.model.Agent::getLoadOrder).max().orElse(-1) + 1;
            return new MembershipRequest(MembershipRequest.REGISTER, r.definition().agentId(),
                    ProjectFacts.agentOf(r.definition(), order), null, actor);
        } else if (c instanceof UpdateAgent u) {
            // the agent keeps its place in the roster; an unknown one is the rules' to refuse
            int order = session.agents().stream().filter(a -> a.getAgentId().equals(u.agentId()))
                    .mapToInt(io.conclave.model.Agent::getLoadOrder).findFirst().orElse(Integer.MAX_VALUE);
            return new MembershipRequest(MembershipRequest.UPDATE, u.agentId(), ProjectFacts.agentOf(u.definition(), order),
                    null, actor);
        } else if (c instanceof RetireAgent r) {
            return new MembershipRequest(MembershipRequest.RETIRE, r.agentId(), null, r.reason(), actor);
        } else if (c instanceof ProposeAssignee p) {
            return p.toFact();
        } else if (c instanceof SendInterrupt i) {
            return i.toFact();
        } else if (c instanceof RecordMeetingOutcome o) {
            return o.toFact();
        } else if (c instanceof ProposeConflictOption p) {
            return p.toFact();
        } else if (c instanceof ResolveConflict r) {
            return r.toFact();
        } else if (c instanceof PlaceBid b) {
            return b.toFact();
        } else if (c instanceof Announce a) {
            return a.toFact();
        } else if (c instanceof Delegate d) {
            return d.toFact();
        }
        throw new IllegalStateException("no fact for project command " + c.type());
    }

    @Override
    protected ProjectCommand resolved(JournalEntry<ProjectCommand> entry, Object applied) {
        return applied instanceof StepRun step ? step : entry.command();
    }

    private void refuseIf(Refusal refusal) {
        if (refusal != null) {
            throw CommandException.refused(refusal, !session.changedThisCommand());
        }
    }

    /** After a step: a checkpoint the rules just reached becomes a saved state; a run that ended keeps its report. */
    private void afterStep(ProjectRun run, JournalEntry<ProjectCommand> e) {
        if (run.status() == RunStatus.PAUSED_AT_CHECKPOINT && run.newCheckpoint()) {
            List<String> inProgress = session.tasks().stream().filter(t -> t.getStatus() == TaskStatus.IN_PROGRESS)
                    .map(Task::getTaskId).toList();
            RunReport snapshot = run.report();
            checkpoints.addLast(new Checkpoint("cp-" + (++checkpointCount), run.runId(), e.seq(),
                    run.reason(), snapshot.progress().simulatedTime(), snapshot.taskSummary(), inProgress));
            while (checkpoints.size() > keptCheckpoints()) {
                checkpoints.removeFirst();
            }
        }
        run.settle();
    }

    /** How many checkpoints are kept as saved states: the policy's setting (rules/execution/checkpoints.drl), none without it. */
    private int keptCheckpoints() {
        return session.facts(KeptCheckpoints.class).stream().mapToInt(KeptCheckpoints::getCount).min().orElse(0);
    }

    private String keptCheckpointsWords() {
        return session.facts(KeptCheckpoints.class).stream().findFirst()
                .map(k -> "the last " + k.getCount() + " are kept, by " + k.origin())
                .orElse("policy " + session.policy().version() + " keeps none");
    }

    /**
     * Rebuilds the state as it was right after journal entry {@code seq}, by applying the journal up to
     * it again (a saved state is a prefix of the journal). The entries after it stay in the journal.
     */
    private void rebuildTo(long seq) {
        List<JournalEntry<ProjectCommand>> prefix = history.stream().filter(x -> x.seq() <= seq).toList();
        int numbered = checkpointCount; // checkpoint ids go on from here: an id is never given twice
        reset();
        for (JournalEntry<ProjectCommand> x : prefix) {
            apply(x);
        }
        checkpointCount = Math.max(checkpointCount, numbered);
    }

    /**
     * The project as a snapshot: its session ({@link ProjectSession#snapshot}) and the checkpoint numbering. None
     * while a simulated run was ever started or a checkpoint is kept: a restore rebuilds from the journal, and a
     * run's simulated agents live outside the session. Before the first entry of a journal replayed from a
     * snapshot, the snapshot it starts from.
     */
    @Override
    protected String snapshotState() {
        if (session == null) {
            return startState;
        }
        if (!runs.isEmpty() || !checkpoints.isEmpty() || legacyRun != null) {
            return null;
        }
        ObjectNode state = session.snapshot(problem -> LOG.warnf("project %s: no snapshot: %s", id, problem));
        if (state == null) {
            return null;
        }
        state.put("checkpoint_count", checkpointCount);
        if (!followUpKeys().isEmpty()) { // the follow-ups applied before the snapshot are still refused after it
            followUpKeys().forEach(state.putArray("follow_up_keys")::add);
        }
        return state.toString();
    }

    @Override
    protected void restoreSnapshot(String state, JournalEntry<ProjectCommand> marker) {
        try {
            com.fasterxml.jackson.databind.JsonNode s = Json.JOURNAL.readTree(state);
            Policy policy = policyOf(marker);
            reset();
            session = ProjectSession.restore(s, policy, setting.maxFirings(), marker.seq());
            checkpointCount = s.path("checkpoint_count").asInt();
            List<String> keys = new java.util.ArrayList<>();
            s.path("follow_up_keys").forEach(k -> keys.add(k.asText()));
            rememberFollowUps(keys);
        } catch (IOException e) {
            throw new IllegalStateException("project " + id + ": snapshot at entry " + marker.seq()
                    + " does not read: " + e.getMessage(), e);
        }
    }

    @Override
    protected void reset() {
        if (session != null) {
            session.close();
        }
        session = null;
        legacyRun = null;
        work.clear();
        runs.clear();
        checkpoints.clear();
        checkpointCount = 0;
        pin = null;
    }

    @Override
    protected void replayed(List<JournalEntry<ProjectCommand>> entries) {
        history = new ArrayList<>(entries);
    }

    @Override
    protected void written(JournalEntry<ProjectCommand> entry, Object applied) {
        history.add(entry);
    }

    /** A project sleeps unless a simulated run is open (its driver steps it, its simulated agents live outside). */
    @Override
    protected boolean canSleep() {
        ProjectRun run = latestRun();
        return run == null || !run.open();
    }

    @Override
    protected Object listing() {
        return ProjectListing.of(session, pin, runs.values().stream().map(ProjectRun::status).toList());
    }

    /** What lists show of the project, without rebuilding it when it sleeps. */
    public ProjectListing summary() {
        return (ProjectListing) listedNow();
    }

    @Override
    protected void slept() {
        history = new ArrayList<>(); // a replay reads it again
    }

    @Override
    protected String pinnedVersion() {
        return pin == null ? null : pin.version();
    }

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
        execute(new UnpinPolicy(), actor, () -> {
            if (pin == null) {
                throw new CommandException(CommandException.Kind.CONFLICT, "project_not_pinned",
                        "project " + id + " is not pinned: it follows the active policy");
            }
        });
        catchUpWithActivePolicy();
    }

    @Override
    protected OwnerSession session() {
        return session;
    }

    /** The earliest bid deadline of an open call for proposals. */
    @Override
    protected Long wakeAt() {
        return session.facts(Announcement.class).stream().filter(Announcement::isOpen)
                .map(Announcement::getDeadline).min(Long::compare).orElse(null);
    }

    /**
     * Publishes what a journaled command did: the report itself, then its decisions as task events. A
     * simulated run is one event with its totals rather than thousands.
     */
    @Override
    protected void publish(JournalEntry<ProjectCommand> entry, Object applied) {
        ProjectCommand c = entry.command();
        publishRun(entry);
        if (c instanceof CreateProject) {
            events(ServiceEvent.task("PROJECT_CREATED", entry.recordedAt(), id, null, entry.actor(), null));
        } else if (c instanceof PinPolicy || c instanceof UnpinPolicy) {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("policy_version", session.policy().version());
            if (c instanceof PinPolicy p) {
                body.put("reason", p.reason());
            }
            events(ServiceEvent.task(c instanceof PinPolicy ? "POLICY_PINNED" : "POLICY_UNPINNED", entry.recordedAt(),
                    id, null, entry.actor(), body));
        } else if (c instanceof ReportTask report) {
            String type = switch (report.kind()) {
                case START -> "TASK_STARTED";
                case COMPLETE -> "TASK_COMPLETED";
                case FAIL -> "TASK_FAILED";
            };
            events(ServiceEvent.task(type, entry.recordedAt(), id, report.taskId(), entry.actor(),
                    Json.MAPPER.valueToTree(report)));
        }
        List<Decision> ledger = session.ledger();
        int from = ledger.size();
        while (from > 0 && ledger.get(from - 1).getCommandSeq() == entry.seq()) {
            from--;
        }
        boolean simulated = (c instanceof StartRun start && !start.request().realAgents()) || c instanceof StepRun
                || c instanceof StopRun || c instanceof RestoreCheckpoint;
        for (Decision d : ledger.subList(from, ledger.size())) {
            if (simulated && !RUN_DECISIONS.contains(d.getKind())) {
                continue;
            }
            String type = d.getKind().eventType();
            if (type != null) {
                // a call for proposals addresses every invited agent (its agent_ids), not the first one
                boolean one = !d.getAgentIds().isEmpty() && d.getKind() != DecisionKind.ANNOUNCED;
                // the decision's JSON is built only when someone reads the event (decisions do not change)
                events(ServiceEvent.lazyTask(type, entry.recordedAt(), id, d.getTaskId(),
                        one ? d.getAgentIds().get(0) : null, () -> Json.MAPPER.valueToTree(d)));
            }
        }
    }

    /** Run events: RUN_STARTED, RUN_PROGRESS after every step, RUN_COMPLETED or RUN_FAILED at the end, RUN_RESTORED. */
    private void publishRun(JournalEntry<ProjectCommand> entry) {
        ProjectCommand c = entry.command();
        if (c instanceof StartRun) {
            events(ServiceEvent.task("RUN_STARTED", entry.recordedAt(), id, null, entry.actor(),
                    Json.MAPPER.valueToTree(c)));
        } else if (c instanceof StepRun || c instanceof StopRun) {
            String runId = c instanceof StepRun s ? s.runId() : ((StopRun) c).runId();
            ProjectRun run = runs.get(runId);
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("run_id", runId)
                    .put("status", run.status().name()).put("reason", run.reason());
            body.set("progress", Json.MAPPER.valueToTree(run.progress()));
            events(ServiceEvent.task("RUN_PROGRESS", entry.recordedAt(), id, null, entry.actor(), body));
            if (!run.open()) {
                body.set("task_summary", Json.MAPPER.valueToTree(run.report().taskSummary()));
                events(ServiceEvent.task("RUN_" + run.status().name(), entry.recordedAt(), id, null, entry.actor(),
                        body));
            }
        } else if (c instanceof RestoreCheckpoint) {
            events(ServiceEvent.task("RUN_RESTORED", entry.recordedAt(), id, null, entry.actor(),
                    Json.MAPPER.valueToTree(c)));
        }
    }
}
