package io.conclave.engine;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.ProjectJournal;
import io.conclave.model.Announcement;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Refusal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.InterruptLog;
import io.conclave.model.run.InterruptRecord;
import io.conclave.model.run.RunStatus;
import io.conclave.sim.RunReport;
import io.conclave.sim.RunRequest;
import io.conclave.sim.Simulator;

/**
 * One project: its session, its journal and its lock. Commands run one at a time (single writer);
 * each is applied, then journaled and forced to disk, then acknowledged. A command that fails half
 * way (a rule loop, a policy that ignores it, a disk error) leaves nothing behind: the session is
 * rebuilt from the journal, which never saw it.
 */
public final class ProjectRuntime extends JournaledRuntime<Object> {
    private static final Logger LOG = Logger.getLogger(ProjectRuntime.class);
    /** Journal entries of simulated runs. */
    private static final java.util.Set<String> RUN_ENTRIES = java.util.Set.of(JournalEntry.RUN_START,
            JournalEntry.RUN_STEP, JournalEntry.RUN_STOP, JournalEntry.RESTORE);
    /**
     * The decisions of a simulated run that are published one by one: where it stopped. Its assignments,
     * starts and completions are simulated agents' business: real agents (their inboxes, the meeting-task
     * worker) must not act on them; RUN_PROGRESS reports them in bulk.
     */
    private static final java.util.Set<DecisionKind> RUN_DECISIONS = java.util.EnumSet.of(DecisionKind.CHECKPOINT,
            DecisionKind.RUN_PAUSED, DecisionKind.RUN_RESUMED);
    /** Checkpoints kept as saved states. */
    public static final int KEPT_CHECKPOINTS = 5;

    private final String projectId;
    private final ProjectJournal journal;
    private ProjectSession session;
    /** The report of a run journaled by an earlier version as one synchronous {@code run} entry. */
    private RunReport legacyRun;
    /** Simulated runs in the order they started; the last one may be open. */
    private final Map<String, ProjectRun> runs = new LinkedHashMap<>();
    /** The last {@link #KEPT_CHECKPOINTS} checkpoints, oldest first. */
    private final Deque<ProjectRun.Checkpoint> checkpoints = new ArrayDeque<>();
    private int checkpointCount;
    /** Every journal entry so far, in order: a restore rebuilds the state from a prefix of it. */
    private List<JournalEntry> history = new ArrayList<>();
    /** Wall-clock deadline ({@link System#nanoTime()}) of the live run step being applied. */
    private long stepDeadline = Long.MAX_VALUE;
    /** Signalled after every command, so a waiter sees a run stop. */
    private final Condition changed = lock.newCondition();
    /** The create entry, until {@link #announceCreation} published it. */
    private JournalEntry created;

    private ProjectRuntime(String projectId, ProjectJournal journal, PolicySource policies, int maxFirings,
                           Clock wallClock, Consumer<ServiceEvent> events) {
        super("project " + projectId, policies, maxFirings, wallClock, events);
        this.projectId = projectId;
        this.journal = journal;
    }

    /** Creates a new project from its (validated) definition and journals the creation. */
    static ProjectRuntime create(ProjectSpec spec, JsonNode definition, String actor, ProjectJournal journal,
                                 PolicySource policies, int maxFirings, Clock wallClock, Consumer<ServiceEvent> events) {
        ProjectRuntime rt = new ProjectRuntime(spec.projectId(), journal, policies, maxFirings, wallClock, events);
        Policy policy = activeOrUnavailable(policies);
        JournalEntry entry = rt.entry(JournalEntry.CREATE, actor, policy.version(), definition);
        rt.apply(entry);
        try {
            journal.append(entry);
        } catch (IOException e) {
            rt.session.close();
            journal.discardEmpty();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "journal_write_failed",
                    "could not write the journal of project " + spec.projectId() + ": " + e.getMessage());
        }
        rt.nextSeq++;
        rt.lastAt = entry.recordedAt();
        rt.history.add(entry);
        rt.created = entry;
        return rt;
    }

    /**
     * Publishes the creation and its first decisions. Called by the registry once the project can be
     * found there: a listener reacting to these events (the meeting-task worker) must see it.
     */
    void announceCreation() {
        lock.lock();
        try {
            if (created != null && !closed) {
                publish(created);
                created = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Rebuilds a project by replaying its journal under the policy versions it recorded. */
    static ProjectRuntime recover(String projectId, ProjectJournal journal, PolicySource policies, int maxFirings,
                                  Clock wallClock, Consumer<ServiceEvent> events) throws IOException {
        ProjectRuntime rt = new ProjectRuntime(projectId, journal, policies, maxFirings, wallClock, events);
        rt.replay();
        return rt;
    }

    public String projectId() {
        return projectId;
    }

    /** Reads the project under its lock, so a reader never sees half of a command. */
    public <T> T read(Function<ProjectSession, T> reader) {
        lock.lock();
        try {
            checkOpen();
            return reader.apply(session);
        } finally {
            lock.unlock();
        }
    }

    /** The report of the project's latest run (so far, if it is open); null if it never ran. */
    public RunReport lastRun() {
        lock.lock();
        try {
            checkOpen();
            ProjectRun last = latestRun();
            return last != null ? last.report() : legacyRun;
        } finally {
            lock.unlock();
        }
    }

    /**
     * An agent reports on a task. {@code guard} checks the command against the current state first,
     * under the project's lock, and throws to refuse it.
     */
    public void report(TaskEvent.Kind kind, String taskId, String agentId, Consumer<ProjectSession> guard) {
        report(kind, taskId, agentId, null, guard);
    }

    /** An agent reports on a task with what it produced ({@code result}, any JSON; null for none). */
    public void report(TaskEvent.Kind kind, String taskId, String agentId, JsonNode result,
                       Consumer<ProjectSession> guard) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("kind", kind.name()).put("task_id", taskId).put("agent_id", agentId);
        if (result != null && !result.isNull()) {
            body.set("result", result);
        }
        execute(JournalEntry.TASK_EVENT, agentId, body, guard);
    }

    /**
     * A coordination command of an agent (a bid, a delegation, a proposal...): journaled as
     * {@code type} with {@code body}, turned into a fact by {@link ProjectCommands} and posted to the
     * rules, which accept it or refuse it with a reason. {@code guard} checks it first, under the lock.
     */
    public void command(String type, String actor, JsonNode body, Consumer<ProjectSession> guard) {
        execute(type, actor, body, guard);
    }

    /**
     * As {@link #command(String, String, JsonNode, Consumer)}, then reads the project under the same
     * hold of the lock, so {@code answer} sees the command's own outcome and nothing later.
     */
    public <T> T command(String type, String actor, JsonNode body, Consumer<ProjectSession> guard,
                         Function<ProjectSession, T> answer) {
        lock.lock();
        try {
            execute(type, actor, body, guard);
            return answer.apply(session);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the rules act on passed bid deadlines: journals a tick (at the wall clock's time) only when a
     * call for proposals is open and its deadline has passed. Returns true when it did. Called periodically.
     */
    public boolean tickIfDue() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            long wall = now().toEpochMilli();
            boolean due = session.facts(Announcement.class).stream().anyMatch(a -> a.isOpen() && a.getDeadline() <= wall);
            if (due) {
                execute(JournalEntry.TICK, "conclave", JsonNodeFactory.instance.objectNode(), s -> { });
            }
            return due;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a simulated run (journaled as {@code run_start}); the run then advances by {@link #step}s.
     * Refused with 409 while another run is open. Returns the new run's id.
     */
    public String startRun(RunRequest request, String actor) {
        lock.lock();
        try {
            checkOpen();
            ProjectRun open = latestRun();
            if (open != null && open.open()) {
                throw new EngineException(EngineException.Kind.CONFLICT, "run_in_progress", "run " + open.runId()
                        + " of project " + projectId + " is " + open.status() + ": resume it to its end first");
            }
            String runId = "run-" + (runs.size() + 1);
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("run_id", runId);
            body.set("request", Json.MAPPER.valueToTree(request));
            execute(JournalEntry.RUN_START, actor, body, s -> { });
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
            if (closed || run == null || !run.running()) {
                return false;
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("run_id", run.runId()).put("events", -1);
            stepDeadline = System.nanoTime() + budgetNanos;
            try {
                execute(JournalEntry.RUN_STEP, "conclave", body, s -> { });
            } catch (EngineException e) {
                if (e.kind() == EngineException.Kind.UNAVAILABLE) {
                    throw e;
                }
                LOG.errorf("run %s of project %s stopped: %s", run.runId(), projectId, e.getMessage());
                execute(JournalEntry.RUN_STOP, "conclave", JsonNodeFactory.instance.objectNode()
                        .put("run_id", run.runId()).put("error", e.getMessage()), s -> { });
            } finally {
                stepDeadline = Long.MAX_VALUE;
            }
            ProjectRun now = latestRun();
            return now != null && now.running();
        } finally {
            lock.unlock();
        }
    }

    /** True when the project's latest run is open (running or paused): simulated agents hold its tasks. */
    public boolean hasOpenRun() {
        lock.lock();
        try {
            ProjectRun run = latestRun();
            return run != null && run.open();
        } finally {
            lock.unlock();
        }
    }

    /** True when the project's latest run is RUNNING (it wants {@link #step}s). */
    public boolean wantsSteps() {
        lock.lock();
        try {
            ProjectRun run = latestRun();
            return !closed && run != null && run.running();
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
        lock.lock();
        try {
            checkOpen();
            ProjectRun run = runs.get(runId);
            if (run == null) {
                throw new EngineException(EngineException.Kind.NOT_FOUND, "run_not_found",
                        "project " + projectId + " has no run " + runId);
            }
            return run;
        } finally {
            lock.unlock();
        }
    }

    /** The project's runs, oldest first. */
    public List<ProjectRun> runs() {
        lock.lock();
        try {
            checkOpen();
            return List.copyOf(runs.values());
        } finally {
            lock.unlock();
        }
    }

    /** The saved states the project can be restored to: the last {@link #KEPT_CHECKPOINTS} checkpoints, oldest first. */
    public List<ProjectRun.Checkpoint> checkpoints() {
        lock.lock();
        try {
            checkOpen();
            return List.copyOf(checkpoints);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Restores the project to a saved state: journaled as {@code restore}, applied by rebuilding the
     * state from the journal up to the checkpoint's entry. Refused while a run is RUNNING (pause it first)
     * and for a checkpoint no longer kept.
     */
    public ProjectRun.Checkpoint restore(String checkpointId, String actor) {
        lock.lock();
        try {
            checkOpen();
            ProjectRun.Checkpoint target = checkpoints.stream().filter(c -> c.checkpointId().equals(checkpointId))
                    .findFirst().orElseThrow(() -> new EngineException(EngineException.Kind.NOT_FOUND,
                            "checkpoint_not_found", "project " + projectId + " keeps no checkpoint " + checkpointId
                            + " (the last " + KEPT_CHECKPOINTS + " are kept)"));
            ProjectRun run = latestRun();
            if (run != null && run.running()) {
                throw new EngineException(EngineException.Kind.CONFLICT, "run_in_progress", "run " + run.runId()
                        + " is RUNNING: pause it before restoring a checkpoint");
            }
            execute(JournalEntry.RESTORE, actor, JsonNodeFactory.instance.objectNode()
                    .put("checkpoint_id", checkpointId).put("seq", target.seq()), s -> { });
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

    /**
     * Moves the project to the active policy if it runs another one, journaled like any command. A
     * version under which this project loops is logged and not tried again; the project stays on its
     * previous version until another one is activated.
     */
    public void catchUpWithActivePolicy() {
        lock.lock();
        try {
            if (!closed) {
                switchIfBehind();
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        checkOpen("project_not_found", "project '" + projectId + "' was deleted");
    }

    private <T> T execute(String type, String actor, JsonNode body, Consumer<ProjectSession> guard) {
        lock.lock();
        try {
            checkOpen();
            // every command runs under the active policy: catch up first if an activation got here before us
            switchIfBehind();
            guard.accept(session);
            JournalEntry entry = entry(type, actor, session.policy().version(), body);
            Object result = applyOrRollBack(entry);
            commit(entry, result);
            @SuppressWarnings("unchecked")
            T typed = (T) result;
            return typed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void commit(JournalEntry entry, Object applied) {
        try {
            journal.append(entry);
        } catch (IOException e) {
            rollBack();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "journal_write_failed",
                    "could not write the journal of project " + projectId + ": " + e.getMessage());
        }
        nextSeq++;
        lastAt = entry.recordedAt();
        history.add(entry);
        publish(entry);
        changed.signalAll();
    }

    @Override
    protected String runningVersion() {
        return session.policy().version();
    }

    /** Applies one entry; the same code serves live commands and replay, so both end in the same state. */
    @Override
    protected Object apply(JournalEntry e) {
        if (JournalEntry.RESTORE.equals(e.type())) {
            List<InterruptRecord> trail = session.facts(InterruptLog.class).stream().flatMap(l -> l.getRecords().stream()).toList();
            rebuildTo(e.body().get("seq").asLong());
            session.facts(InterruptLog.class).forEach(l -> l.carryOver(trail, e.body().get("seq").asLong(),
                    "restore of " + e.body().path("checkpoint_id").asText()));
        }
        if (JournalEntry.CREATE.equals(e.type())) {
            ProjectSpec spec = Json.JOURNAL.convertValue(e.body(), ProjectSpec.class);
            session = ProjectSession.start(spec, policies.byVersion(e.policyVersion()), maxFirings, e.seq(),
                    e.recordedAt().toEpochMilli());
            return null;
        }
        if (!session.policy().version().equals(e.policyVersion())) {
            session.beginCommand(e.seq());
            session.switchTo(policies.byVersion(e.policyVersion()));
        }
        session.beginCommand(e.seq());
        // the rules' clock is the entry's journal time, so a replay meets every deadline as the live command did
        session.setTime(e.recordedAt().toEpochMilli());
        switch (e.type()) {
            case JournalEntry.TASK_EVENT -> {
                TaskEvent event = new TaskEvent(TaskEvent.Kind.valueOf(e.body().get("kind").asText()),
                        e.body().get("task_id").asText(), e.body().get("agent_id").asText(), e.body().get("result"));
                Refusal refusal = session.post(event);
                if (refusal != null) {
                    throw EngineException.refused(refusal, !session.changedThisCommand());
                }
                return null;
            }
            case JournalEntry.RUN -> {
                legacyRun = Simulator.runToEnd(session, Json.JOURNAL.convertValue(e.body(), RunRequest.class));
                return legacyRun;
            }
            case JournalEntry.RUN_START -> {
                String runId = e.body().get("run_id").asText();
                RunRequest request = Json.JOURNAL.convertValue(e.body().get("request"), RunRequest.class);
                runs.put(runId, new ProjectRun(runId, e.seq(), Simulator.start(session, runId, request)));
                return null;
            }
            case JournalEntry.RUN_STEP -> {
                ProjectRun run = runs.get(e.body().get("run_id").asText());
                int events = e.body().get("events").asInt();
                boolean live = events < 0;
                int handled = run.simulator().step(live ? Integer.MAX_VALUE : events,
                        live ? stepDeadline : Long.MAX_VALUE);
                ((ObjectNode) e.body()).put("events", handled); // what replay must do again
                afterStep(run, e);
                return null;
            }
            case JournalEntry.RUN_STOP -> {
                ProjectRun run = runs.get(e.body().get("run_id").asText());
                run.simulator().state().fail(e.body().get("error").asText());
                session.updateFact(run.simulator().state());
                run.settle();
                return null;
            }
            case JournalEntry.POLICY_SWITCH, JournalEntry.TICK, JournalEntry.RESTORE -> {
                return null;
            }
            default -> {
                ProjectCommands.Command command = ProjectCommands.decode(e);
                Refusal refusal = session.post(command.fact(), command.description());
                if (refusal != null) {
                    throw EngineException.refused(refusal, !session.changedThisCommand());
                }
                ProjectRun run = latestRun();
                if (JournalEntry.INTERRUPT.equals(e.type()) && run != null && run.open()) {
                    run.interrupted();
                }
                return null;
            }
        }
    }

    /** After a step: a checkpoint the rules just reached becomes a saved state; a run that ended keeps its report. */
    private void afterStep(ProjectRun run, JournalEntry e) {
        if (run.status() == RunStatus.PAUSED_AT_CHECKPOINT && run.newCheckpoint()) {
            List<String> inProgress = session.tasks().stream().filter(t -> t.getStatus() == TaskStatus.IN_PROGRESS)
                    .map(Task::getTaskId).toList();
            RunReport snapshot = run.report();
            checkpoints.addLast(new ProjectRun.Checkpoint("cp-" + (++checkpointCount), run.runId(), e.seq(),
                    run.reason(), snapshot.progress().simulatedTime(), snapshot.taskSummary(), inProgress));
            while (checkpoints.size() > KEPT_CHECKPOINTS) {
                checkpoints.removeFirst();
            }
        }
        run.settle();
    }

    /**
     * Rebuilds the state as it was right after journal entry {@code seq}, by applying the journal up to
     * it again (a saved state is a prefix of the journal). The entries after it stay in the journal.
     */
    private void rebuildTo(long seq) {
        List<JournalEntry> prefix = history.stream().filter(x -> x.seq() <= seq).toList();
        int numbered = checkpointCount; // checkpoint ids go on from here: an id is never given twice
        resetState();
        for (JournalEntry x : prefix) {
            apply(x);
        }
        checkpointCount = Math.max(checkpointCount, numbered);
    }

    private void resetState() {
        if (session != null) {
            session.close();
        }
        session = null;
        legacyRun = null;
        runs.clear();
        checkpoints.clear();
        checkpointCount = 0;
    }

    /**
     * Publishes what a journaled command did: the report itself, then its decisions as task events. A
     * simulated run is one event with its totals rather than thousands.
     */
    private void publish(JournalEntry entry) {
        publishRun(entry);
        if (JournalEntry.CREATE.equals(entry.type())) {
            events.accept(ServiceEvent.task("PROJECT_CREATED", entry.recordedAt(), projectId, null, entry.actor(), null));
        } else if (JournalEntry.TASK_EVENT.equals(entry.type())) {
            String kind = entry.body().get("kind").asText();
            String type = switch (kind) {
                case "START" -> "TASK_STARTED";
                case "COMPLETE" -> "TASK_COMPLETED";
                default -> "TASK_FAILED";
            };
            events.accept(ServiceEvent.task(type, entry.recordedAt(), projectId, entry.body().get("task_id").asText(),
                    entry.actor(), entry.body()));
        }
        List<Decision> ledger = session.ledger();
        int from = ledger.size();
        while (from > 0 && ledger.get(from - 1).getCommandSeq() == entry.seq()) {
            from--;
        }
        boolean simulated = RUN_ENTRIES.contains(entry.type());
        for (Decision d : ledger.subList(from, ledger.size())) {
            if (simulated && !RUN_DECISIONS.contains(d.getKind())) {
                continue;
            }
            String type = switch (d.getKind()) {
                case ASSIGNED -> "TASK_ASSIGNED";
                case MEETING_CONVENED -> "MEETING_TASK_CONVENED";
                case WAITING -> "TASK_WAITING";
                case UNASSIGNABLE -> "TASK_UNASSIGNABLE";
                case STATUS_CHANGED -> "TASK_STATUS_CHANGED";
                case FOLLOW_UP_RELEASED -> "FOLLOW_UP_RELEASED";
                case CAPACITY_RELEASED -> null;
                case ANNOUNCED -> "CALL_FOR_PROPOSALS";
                case BID_RECEIVED -> "BID_RECEIVED";
                case AWARDED -> "CONTRACT_AWARDED";
                case DELEGATED -> "TASK_DELEGATED";
                case DECOMPOSED -> "TASK_DECOMPOSED";
                case RETRIED -> "TASK_RETRIED";
                case CONFLICT_DETECTED -> "CONFLICT_DETECTED";
                case CONFLICT_RESOLVED -> "CONFLICT_RESOLVED";
                case LEARNED -> "AGENT_LEARNED";
                case START_PLANNED -> null;
                case START_SHIFTED -> "TASK_START_SHIFTED";
                case RUNNING_LATE -> "TASK_RUNNING_LATE";
                case CHECKPOINT -> "RUN_CHECKPOINT";
                case RUN_PAUSED -> "RUN_PAUSED";
                case RUN_RESUMED -> "RUN_RESUMED";
                case RUN_FAILED -> "RUN_FAILED";
                case REVIEW_POINT -> "RUN_REVIEW_POINT";
                case TASK_SKIPPED -> "TASK_SKIPPED";
                case REPRIORITISED -> "TASK_REPRIORITISED";
                case TASK_ADDED -> "TASK_ADDED";
                case STATUS_REPORTED -> "STATUS_REPORTED";
                case SPAWNED -> "TASK_SPAWNED";
                case SPAWN_STOPPED -> "SPAWN_STOPPED";
            };
            if (type != null) {
                // a call for proposals addresses every invited agent (its agent_ids), not the first one
                boolean one = !d.getAgentIds().isEmpty() && d.getKind() != DecisionKind.ANNOUNCED;
                events.accept(ServiceEvent.task(type, entry.recordedAt(), projectId, d.getTaskId(),
                        one ? d.getAgentIds().get(0) : null, Json.MAPPER.valueToTree(d)));
            }
        }
    }

    /** Run events: RUN_STARTED, RUN_PROGRESS after every step, RUN_COMPLETED or RUN_FAILED at the end, RUN_RESTORED. */
    private void publishRun(JournalEntry entry) {
        String runId = entry.body().path("run_id").asText(null);
        ProjectRun run = runId == null ? null : runs.get(runId);
        switch (entry.type()) {
            case JournalEntry.RUN_START -> events.accept(ServiceEvent.task("RUN_STARTED", entry.recordedAt(),
                    projectId, null, entry.actor(), entry.body()));
            case JournalEntry.RUN_STEP, JournalEntry.RUN_STOP -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode().put("run_id", runId)
                        .put("status", run.status().name()).put("reason", run.reason());
                body.set("progress", Json.MAPPER.valueToTree(run.progress()));
                events.accept(ServiceEvent.task("RUN_PROGRESS", entry.recordedAt(), projectId, null, entry.actor(),
                        body));
                if (!run.open()) {
                    body.set("task_summary", Json.MAPPER.valueToTree(run.report().taskSummary()));
                    events.accept(ServiceEvent.task("RUN_" + run.status().name(), entry.recordedAt(), projectId,
                            null, entry.actor(), body));
                }
            }
            case JournalEntry.RESTORE -> events.accept(ServiceEvent.task("RUN_RESTORED", entry.recordedAt(),
                    projectId, null, entry.actor(), entry.body()));
            default -> { }
        }
    }

    @Override
    protected void replay() throws IOException {
        List<JournalEntry> entries = entries(journal);
        resetState();
        history = new ArrayList<>(entries);
        for (JournalEntry e : entries) {
            apply(e);
        }
        nextSeq = entries.get(entries.size() - 1).seq() + 1;
        lastAt = entries.get(entries.size() - 1).recordedAt();
    }

    private JournalEntry entry(String type, String actor, String version, JsonNode body) {
        return new JournalEntry(nextSeq, type, actor, version, now(), body);
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            if (session != null) {
                session.close();
            }
            journal.close();
        } finally {
            lock.unlock();
        }
    }
}
