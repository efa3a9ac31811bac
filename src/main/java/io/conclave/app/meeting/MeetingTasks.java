package io.conclave.app.meeting;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.conclave.model.CommandException;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.scheduling.MeetingTaskScheduling;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.model.command.CreateMeeting;
import io.conclave.model.Ids;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.RecordMeetingOutcome;
import io.conclave.model.command.ReportTask;
import io.conclave.model.run.MeetingOutcome;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.Protocol;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.app.followup.OwnerCommands;

/**
 * Project meeting tasks held as real meetings. When the rules convene a meeting task, a meeting
 * {@code <project>.<task>} is created among its attendees, chaired by the first attendee, at a time
 * negotiated among them when they declared availability, within the window the project's policy gives
 * ({@link MeetingTaskScheduling}); when that
 * meeting closes, the chair journals its proposals and outcomes into the project ({@code meeting_outcome},
 * for spawning.drl) and reports the task started (if it was not) and completed. These steps are
 * ordinary journaled commands of their owners, run one at a time on a worker of their own (never
 * inside another owner's lock). At start-up the same steps catch up with anything a crash left
 * between the two journals.
 * <p>
 * The other way round too: a meeting task that ends without its meeting (an attendee reported it done or
 * failed, an interrupt skipped it, a simulated run held it with simulated attendees) closes its live
 * meeting, in the chair's name and saying why, so the task and its meeting agree. A meeting that never
 * voted leaves its proposals not decided (rules/meetings/meetings_votes.drl).
 */
@ApplicationScoped
public class MeetingTasks {
    private static final Logger LOG = Logger.getLogger(MeetingTasks.class);
    /** The meeting states before its end: a meeting closed for its ended task is closed only from these. */
    private static final List<String> NOT_CLOSED = java.util.Arrays.stream(MeetingState.values())
            .filter(m -> m.ordinal() < MeetingState.CLOSED.ordinal()).map(MeetingState::json).toList();

    private final ProjectRegistry projects;
    private final MeetingRegistry meetings;
    private final EventHub hub;
    private final OwnerCommands commands;
    private final Engine engine;
    private final MeetingTaskScheduling scheduling;
    // Own thread: moves run in event order, off the publishing owner's thread (which holds its lock).
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conclave-meeting-tasks");
        t.setDaemon(true);
        return t;
    });

    public MeetingTasks(Engine engine, EventHub hub, ConclaveConfig config, OwnerCommands commands) {
        this.engine = engine;
        this.projects = engine.projects();
        this.meetings = engine.meetings();
        this.hub = hub;
        this.commands = commands;
        this.scheduling = new MeetingTaskScheduling(config.maxFiringsPerCommand());
    }

    void onStart(@Observes @Priority(15) StartupEvent event) {
        hub.subscribe(0, e -> e.projectId() != null && e.taskId() != null
                        && (e.type().equals("MEETING_TASK_CONVENED") || e.type().equals("MEETING_CLOSED")),
                e -> worker.execute(() -> handle(e)));
        hub.subscribe(0, MeetingTasks::mayEndATask, e -> worker.execute(() -> closeMeetingsOfEndedTasks(e.projectId(), e.taskId())));
        if (engine.cluster() != null) { // owners arrive with partitions: each takeover is caught up with
            engine.cluster().onServing((kind, ids) -> worker.execute(() -> catchUp(kind, ids)));
        }
        worker.execute(() -> {
            catchUp("project", projects.all().stream().map(ProjectRuntime::projectId).toList());
            catchUp("meeting", meetings.all().stream().map(io.conclave.engine.meeting.MeetingRuntime::meetingId).toList());
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** How long a project's deletion waits for this worker to take it up before it is refused as busy. */
    private static final long DELETE_WAIT_SECONDS = 30;

    /**
     * Deletes a project with the live meetings of its meeting tasks (their journals moved aside, as the project's),
     * on the worker that sends every follow-up between projects and their meetings: a follow-up under way finishes
     * first, and one queued behind finds neither, so nothing of the deleted project (a closed meeting's outcome, the
     * completion of its task) acts on a project created afterwards under the same id, which convenes meetings of
     * its own. Only meetings this node serves are deleted: in a cluster a meeting served by another node stays
     * there. Waits for the worker; 429 (busy) when it has not taken the deletion up within
     * {@value #DELETE_WAIT_SECONDS} s (nothing was deleted then).
     */
    public void deleteProject(String projectId) throws IOException {
        java.util.concurrent.Future<?> done = worker.submit(() -> {
            List<String> meetingTasks = projects.get(projectId).read(s -> s.tasks().stream()
                    .filter(Task::isMeetingRequired).map(Task::getTaskId).toList());
            projects.delete(projectId);
            for (String taskId : meetingTasks) {
                String id = meetingIdFor(projectId, taskId);
                MeetingSnapshot.Manifest m = exists(id) ? meetings.get(id).read(v -> v.snapshot().manifest()) : null;
                if (m != null && projectId.equals(m.projectId()) && taskId.equals(m.taskId())) {
                    meetings.delete(id);
                    LOG.infof("meeting %s deleted with project %s", id, projectId);
                }
            }
            return null;
        });
        try {
            done.get(DELETE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            if (done.cancel(false)) {
                throw new CommandException(CommandException.Kind.BUSY, "busy", "project " + projectId
                        + " was not deleted: the service is busy with the meetings of projects; try again");
            }
            waitFor(done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "interrupted", "the deletion of project "
                    + projectId + " was interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            rethrow(e);
        }
    }

    private static void waitFor(java.util.concurrent.Future<?> started) throws IOException {
        try {
            started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            rethrow(e);
        }
    }

    private static void rethrow(java.util.concurrent.ExecutionException e) throws IOException {
        if (e.getCause() instanceof IOException io) {
            throw io;
        }
        if (e.getCause() instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(e.getCause());
    }

    /**
     * Events after which a meeting task may have ended without its meeting: a report or status change of
     * one task, and a simulated run that stopped (it publishes no per-task events while it runs).
     */
    private static boolean mayEndATask(ServiceEvent e) {
        if (e.projectId() == null || e.meetingId() != null) {
            return false;
        }
        return switch (e.type()) {
            case "TASK_COMPLETED", "TASK_FAILED", "TASK_STATUS_CHANGED", "TASK_SKIPPED" -> e.taskId() != null;
            case "RUN_COMPLETED", "RUN_FAILED", "RUN_RESTORED" -> true;
            case "RUN_PROGRESS" -> e.data() != null && !"RUNNING".equals(e.data().path("status").asText());
            default -> false;
        };
    }

    /**
     * Closes the live meeting of every meeting task of the project (or of {@code taskId} only) that has
     * ended while its meeting is still open or under way. Done by the project's node; the meeting is closed in
     * its chair's name (the first attendee, who created it), only while it is not closed yet.
     */
    private void closeMeetingsOfEndedTasks(String projectId, String taskId) {
        try {
            if (!projects.exists(projectId)) {
                return; // another node serves the project: it does this
            }
            List<Task> ended = projects.get(projectId).read(s -> s.tasks().stream()
                    .filter(t -> t.isMeetingRequired() && t.getStatus().isFinal() && !t.getAttendees().isEmpty()
                            && (taskId == null || t.getTaskId().equals(taskId))).toList());
            for (Task t : ended) {
                String id = meetingIdFor(projectId, t.getTaskId());
                String chair = t.getAttendees().get(0);
                String why = "meeting task " + t.getTaskId() + " of project " + projectId + " is "
                        + t.getStatus().name().toLowerCase(java.util.Locale.ROOT)
                        + (t.getStatusReason() == null ? "" : " (" + t.getStatusReason() + ")") + ": its meeting closes";
                try {
                    OwnerCommands.Outcome done = commands.send(new OwnerCommands.FollowUp("meeting", id,
                            PostToMeeting.stateChange(chair, MeetingState.CLOSED.json(),
                                    why.length() > 500 ? why.substring(0, 500) : why),
                            chair, "project:" + projectId + ":end:" + t.getTaskId(),
                            new OwnerCommands.OnlyIf(null, NOT_CLOSED)));
                    if (done == OwnerCommands.Outcome.APPLIED) {
                        LOG.infof("meeting %s closed: %s", id, why);
                    }
                } catch (CommandException x) {
                    if (x.kind() != CommandException.Kind.NOT_FOUND) { // a task whose meeting was never held
                        LOG.errorf("closing meeting %s of ended task %s/%s: %s", id, projectId, t.getTaskId(), x.getMessage());
                    }
                }
            }
        } catch (RuntimeException | Error x) {
            LOG.errorf(x, "closing the meetings of ended tasks of %s: %s", projectId, x.getMessage());
        }
    }

    /** The meeting that holds a project's meeting task. */
    public static String meetingIdFor(String projectId, String taskId) {
        return Ids.orDigest(projectId + "." + taskId, "task-");
    }

    private void handle(ServiceEvent e) {
        try {
            if (e.type().equals("MEETING_TASK_CONVENED")) {
                convene(e.projectId(), e.taskId());
            } else {
                reportOutcome(e.meetingId());
            }
        } catch (RuntimeException | Error x) {
            LOG.errorf(x, "meeting task %s/%s: %s", e.projectId(), e.taskId(), x.getMessage());
        }
    }

    /** Done by the project's node: creates the meeting that holds the task, wherever it is served. */
    private void convene(String projectId, String taskId) {
        if (!projects.exists(projectId)) {
            return; // another node serves the project (or it is gone): that node convenes
        }
        if (projects.get(projectId).hasOpenRun()) {
            return; // simulated attendees hold the project's meeting tasks while its run is open
        }
        Task task = projects.get(projectId).read(s -> s.task(taskId));
        if (task == null || task.getAttendees().isEmpty()) {
            return;
        }
        String id = meetingIdFor(projectId, taskId);
        List<String> attendees = task.getAttendees();
        String topic = task.getDescription() == null || task.getDescription().isBlank() ? "meeting task " + taskId
                : task.getDescription();
        // the project's policy says when its meeting tasks are held (rules/assignment/meetings_assignment.drl)
        MeetingTaskScheduling.Settings settings = projects.get(projectId).read(MeetingTaskScheduling.Settings::of);
        MeetingSpec.Slot slot = scheduling.schedule(settings, projects.get(projectId).read(s -> s.spec()), task);
        MeetingSpec spec = new MeetingSpec(id, topic.length() > 200 ? topic.substring(0, 200) : topic,
                "hold meeting task " + taskId + " of project " + projectId, attendees.get(0), null, attendees,
                Protocol.defaults(), projectId, taskId, slot);
        try {
            OwnerCommands.Outcome done = commands.send(new OwnerCommands.FollowUp("meeting", id, CreateMeeting.of(spec),
                    attendees.get(0), "project:" + projectId + ":convene:" + taskId, null));
            if (done == OwnerCommands.Outcome.APPLIED) {
                LOG.infof("meeting %s holds meeting task %s of project %s", id, taskId, projectId);
            }
        } catch (CommandException x) {
            if (!"meeting_exists".equals(x.code())) { // held already: the catch-up finds most meetings there
                throw x;
            }
        }
    }

    /**
     * Done by the meeting's node once the meeting closed: journals its proposals and their outcomes into the
     * project ({@code meeting_outcome}, for spawning.drl, before the task completes so the spawned tasks wait
     * for it), then reports the task started (if it was not) and completed, in the chair's name. Each step is
     * skipped when the task is no longer where it applies (it ended without its meeting); a refused outcome
     * (the policy's reason is logged) does not keep the task from completing.
     */
    private void reportOutcome(String meetingId) {
        if (!exists(meetingId)) {
            return; // another node serves the meeting: it reports
        }
        record Closed(String projectId, String taskId, String chair, MeetingOutcome outcome) {
        }
        Closed closed = meetings.get(meetingId).read(v -> {
            MeetingSnapshot s = v.snapshot();
            if (s.manifest().projectId() == null || s.manifest().taskId() == null
                    || v.meeting().getState().ordinal() < MeetingState.CLOSED.ordinal()) {
                return null;
            }
            List<MeetingOutcome.Item> items = new ArrayList<>();
            for (MeetingSnapshot.ProposalEntry p : s.agenda().proposals()) {
                items.add(MeetingOutcome.Item.of(p.proposalId(), p.title(), p.details(), p.proposer(), p.status().json()));
            }
            return new Closed(s.manifest().projectId(), s.manifest().taskId(), v.meeting().getChair(),
                    new MeetingOutcome(s.manifest().taskId(), meetingId, items));
        });
        if (closed == null) {
            return;
        }
        String key = "meeting:" + meetingId + ":";
        String taskId = closed.taskId();
        if (!closed.outcome().getItems().isEmpty()) {
            try {
                commands.send(new OwnerCommands.FollowUp("project", closed.projectId(), RecordMeetingOutcome.of(closed.outcome()),
                        closed.chair(), key + "outcome", new OwnerCommands.OnlyIf(taskId, HELD)));
            } catch (CommandException e) {
                if (e.kind() == CommandException.Kind.UNAVAILABLE) {
                    throw e; // the rest waits for the catch-up of whichever node serves the meeting then
                }
                // the policy refused it (its reason is logged); the meeting task still completes
                LOG.warnf("outcome of meeting task %s/%s not recorded: %s", closed.projectId(), taskId, e.getMessage());
            }
        }
        commands.send(new OwnerCommands.FollowUp("project", closed.projectId(),
                new ReportTask(TaskEvent.Kind.START, taskId, closed.chair(), null), closed.chair(), key + "start",
                new OwnerCommands.OnlyIf(taskId, List.of(TaskStatus.ASSIGNED.name()))));
        commands.send(new OwnerCommands.FollowUp("project", closed.projectId(),
                new ReportTask(TaskEvent.Kind.COMPLETE, taskId, closed.chair(), null), closed.chair(), key + "complete",
                new OwnerCommands.OnlyIf(taskId, List.of(TaskStatus.IN_PROGRESS.name()))));
    }

    /** A meeting task's states while its meeting is what settles it. */
    private static final List<String> HELD = List.of(TaskStatus.ASSIGNED.name(), TaskStatus.IN_PROGRESS.name());

    /**
     * Sends again whatever a crash (or a node that died) may have left undone for the owners this node now
     * serves: the projects' meetings to create or to close, the closed meetings' outcomes to report. Follow-ups
     * sent before are recognised by their targets (idempotent).
     */
    private void catchUp(String kind, List<String> ids) {
        for (String id : ids) {
            try {
                if (kind.equals("project") && projects.exists(id)) {
                    closeMeetingsOfEndedTasks(id, null);
                    List<Task> held = projects.get(id).read(s -> s.tasks().stream().filter(t -> t.isMeetingRequired()
                            && (t.getStatus() == TaskStatus.ASSIGNED || t.getStatus() == TaskStatus.IN_PROGRESS)).toList());
                    for (Task t : held) {
                        convene(id, t.getTaskId());
                    }
                } else if (kind.equals("meeting")) {
                    reportOutcome(id);
                }
            } catch (RuntimeException e) {
                LOG.errorf("%s %s: meeting tasks not caught up: %s", kind, id, e.getMessage());
            }
        }
    }

    private boolean exists(String meetingId) {
        try {
            meetings.get(meetingId);
            return true;
        } catch (CommandException e) {
            if (e.kind() == CommandException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
