package io.conclave.engine;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
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
import io.conclave.model.TaskEvent;
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

    private final String projectId;
    private final ProjectJournal journal;
    private ProjectSession session;
    private RunReport lastRun;
    /** A policy version this project could not move to (it looped here); not retried until another one comes. */
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

    public RunReport lastRun() {
        lock.lock();
        try {
            checkOpen();
            return lastRun;
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

    /** Drives the project with simulated agents; returns the report. */
    public RunReport run(RunRequest request, String actor) {
        return execute(JournalEntry.RUN, actor, Json.MAPPER.valueToTree(request), s -> { });
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
        publish(entry);
    }

    @Override
    protected String runningVersion() {
        return session.policy().version();
    }

    /** Applies one entry; the same code serves live commands and replay, so both end in the same state. */
    @Override
    protected Object apply(JournalEntry e) {
        if (JournalEntry.CREATE.equals(e.type())) {
            ProjectSpec spec = Json.MAPPER.convertValue(e.body(), ProjectSpec.class);
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
                lastRun = new Simulator(session).run(Json.MAPPER.convertValue(e.body(), RunRequest.class));
                return lastRun;
            }
            case JournalEntry.POLICY_SWITCH, JournalEntry.TICK -> {
                return null;
            }
            default -> {
                ProjectCommands.Command command = ProjectCommands.decode(e);
                Refusal refusal = session.post(command.fact(), command.description());
                if (refusal != null) {
                    throw EngineException.refused(refusal, !session.changedThisCommand());
                }
                return null;
            }
        }
    }

    /**
     * Publishes what a journaled command did: the report itself, then its decisions as task events. A
     * simulated run is one event with its totals rather than thousands.
     */
    private void publish(JournalEntry entry) {
        if (JournalEntry.RUN.equals(entry.type())) {
            events.accept(ServiceEvent.task("PROJECT_RUN_COMPLETED", entry.recordedAt(), projectId, null,
                    entry.actor(), Json.MAPPER.valueToTree(lastRun.taskSummary())));
            return;
        }
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
        for (Decision d : ledger.subList(from, ledger.size())) {
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

    @Override
    protected void replay() throws IOException {
        List<JournalEntry> entries = entries(journal);
        if (session != null) {
            session.close();
        }
        session = null;
        lastRun = null;
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
