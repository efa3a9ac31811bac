package io.conclave.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.conclave.engine.EngineException;
import io.conclave.engine.MeetingRegistry;
import io.conclave.engine.MeetingTaskScheduling;
import io.conclave.engine.ProjectRegistry;
import io.conclave.engine.ProjectRuntime;
import io.conclave.model.Ids;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.RecordMeetingOutcome;
import io.conclave.model.command.ReportTask;
import io.conclave.model.run.MeetingOutcome;
import io.conclave.model.run.OutcomeRecord;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.Protocol;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

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

    private final ProjectRegistry projects;
    private final MeetingRegistry meetings;
    private final EventHub hub;
    private final MeetingTaskScheduling scheduling;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conclave-meeting-tasks");
        t.setDaemon(true);
        return t;
    });

    public MeetingTasks(Engine engine, EventHub hub, ConclaveConfig config) {
        this.projects = engine.projects();
        this.meetings = engine.meetings();
        this.hub = hub;
        this.scheduling = new MeetingTaskScheduling(config.maxFiringsPerCommand());
    }

    void onStart(@Observes @Priority(15) StartupEvent event) {
        hub.subscribe(0, e -> e.projectId() != null && e.taskId() != null
                        && (e.type().equals("MEETING_TASK_CONVENED") || e.type().equals("MEETING_CLOSED")),
                e -> worker.execute(() -> handle(e)));
        hub.subscribe(0, MeetingTasks::mayEndATask, e -> worker.execute(() -> closeMeetingsOfEndedTasks(e.projectId(), e.taskId())));
        worker.execute(this::catchUp);
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
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
     * ended while its meeting is still open or under way.
     */
    private void closeMeetingsOfEndedTasks(String projectId, String taskId) {
        try {
            if (!projects.exists(projectId)) {
                return;
            }
            List<Task> ended = projects.get(projectId).read(s -> s.tasks().stream()
                    .filter(t -> t.isMeetingRequired() && t.getStatus().isFinal()
                            && (taskId == null || t.getTaskId().equals(taskId))).toList());
            for (Task t : ended) {
                String id = meetingIdFor(projectId, t.getTaskId());
                if (!exists(id) || meetings.get(id).read(v -> v.meeting().getState()).ordinal() >= MeetingState.CLOSED.ordinal()) {
                    continue;
                }
                String chair = meetings.get(id).read(v -> v.meeting().getChair());
                String why = "meeting task " + t.getTaskId() + " of project " + projectId + " is "
                        + t.getStatus().name().toLowerCase(java.util.Locale.ROOT)
                        + (t.getStatusReason() == null ? "" : " (" + t.getStatusReason() + ")") + ": its meeting closes";
                meetings.get(id).post(PostToMeeting.stateChange(chair, MeetingState.CLOSED.json(),
                        why.length() > 500 ? why.substring(0, 500) : why));
                LOG.infof("meeting %s closed: %s", id, why);
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
                complete(e.meetingId(), e.projectId(), e.taskId());
            }
        } catch (RuntimeException | Error x) {
            LOG.errorf(x, "meeting task %s/%s: %s", e.projectId(), e.taskId(), x.getMessage());
        }
    }

    private void convene(String projectId, String taskId) {
        String id = meetingIdFor(projectId, taskId);
        if (exists(id)) {
            return;
        }
        if (!projects.exists(projectId)) {
            LOG.warnf("meeting task %s of project %s: the project is gone, no meeting held", taskId, projectId);
            return;
        }
        if (projects.get(projectId).hasOpenRun()) {
            return; // simulated attendees hold the project's meeting tasks while its run is open
        }
        Task task = projects.get(projectId).read(s -> s.task(taskId));
        if (task == null || task.getAttendees().isEmpty()) {
            return;
        }
        List<String> attendees = task.getAttendees();
        String topic = task.getDescription() == null || task.getDescription().isBlank() ? "meeting task " + taskId
                : task.getDescription();
        // the project's policy says when its meeting tasks are held (rules/assignment/meetings_assignment.drl)
        MeetingTaskScheduling.Settings settings = projects.get(projectId).read(MeetingTaskScheduling.Settings::of);
        MeetingSpec.Slot slot = scheduling.schedule(settings, projects.get(projectId).read(s -> s.spec()), task);
        MeetingSpec spec = new MeetingSpec(id, topic.length() > 200 ? topic.substring(0, 200) : topic,
                "hold meeting task " + taskId + " of project " + projectId, attendees.get(0), null, attendees,
                Protocol.defaults(), projectId, taskId, slot);
        meetings.create(spec, attendees.get(0));
        LOG.infof("meeting %s holds meeting task %s of project %s", id, taskId, projectId);
    }

    private void complete(String meetingId, String projectId, String taskId) {
        if (!projects.exists(projectId)) {
            return;
        }
        ProjectRuntime project = projects.get(projectId);
        Task task = project.read(s -> s.task(taskId));
        if (task == null) {
            return;
        }
        String chair = meetings.get(meetingId).read(v -> v.meeting().getChair());
        if ((task.getStatus() == TaskStatus.ASSIGNED || task.getStatus() == TaskStatus.IN_PROGRESS)
                && !outcomeRecorded(project, taskId)) {
            recordOutcome(project, meetingId, taskId, chair);
        }
        if (task.getStatus() == TaskStatus.ASSIGNED) {
            project.command(new ReportTask(TaskEvent.Kind.START, taskId, chair, null), chair, s -> { });
        }
        if (project.read(s -> s.task(taskId).getStatus()) == TaskStatus.IN_PROGRESS) {
            project.command(new ReportTask(TaskEvent.Kind.COMPLETE, taskId, chair, null), chair, s -> { });
        }
    }

    /**
     * Journals the meeting's proposals and their outcomes into the project as a {@code meeting_outcome}
     * command (spawning.drl turns the accepted ones into tasks), before the task completes so the spawned
     * tasks wait for it. Skipped when the meeting had no proposal or the project recorded this outcome
     * already (a catch-up after a crash between the outcome and the completion).
     */
    private void recordOutcome(ProjectRuntime project, String meetingId, String taskId, String chair) {
        MeetingOutcome outcome = meetings.get(meetingId).read(v -> {
            List<MeetingOutcome.Item> items = new ArrayList<>();
            for (MeetingSnapshot.ProposalEntry p : v.snapshot().agenda().proposals()) {
                items.add(MeetingOutcome.Item.of(p.proposalId(), p.title(), p.details(), p.proposer(), p.status().json()));
            }
            return new MeetingOutcome(taskId, meetingId, items);
        });
        if (outcome.getItems().isEmpty()) {
            return;
        }
        try {
            project.command(RecordMeetingOutcome.of(outcome), chair, s -> { });
        } catch (EngineException e) {
            // the policy refused it (its reason is logged); the meeting task still completes
            LOG.warnf("outcome of meeting task %s/%s not recorded: %s", project.projectId(), taskId, e.getMessage());
        }
    }

    /** True when the project holds the outcome of meeting task {@code taskId} already. */
    private static boolean outcomeRecorded(ProjectRuntime project, String taskId) {
        return project.read(s -> s.facts(OutcomeRecord.class).stream().anyMatch(r -> r.getMeetingTaskId().equals(taskId)));
    }

    /** Creates the meetings, completes the tasks and closes the meetings that a crash left undone (idempotent). */
    private void catchUp() {
        for (ProjectRuntime project : projects.all()) {
            closeMeetingsOfEndedTasks(project.projectId(), null);
            List<Task> held = project.read(s -> s.tasks().stream().filter(t -> t.isMeetingRequired()
                    && (t.getStatus() == TaskStatus.ASSIGNED || t.getStatus() == TaskStatus.IN_PROGRESS)).toList());
            for (Task t : held) {
                try {
                    String id = meetingIdFor(project.projectId(), t.getTaskId());
                    if (!exists(id)) {
                        convene(project.projectId(), t.getTaskId());
                    } else if (meetings.get(id).read(v -> v.meeting().getState()).ordinal() >= MeetingState.CLOSED.ordinal()) {
                        complete(id, project.projectId(), t.getTaskId());
                    }
                } catch (RuntimeException e) {
                    LOG.errorf("meeting task %s/%s not caught up: %s", project.projectId(), t.getTaskId(), e.getMessage());
                }
            }
        }
    }

    private boolean exists(String meetingId) {
        try {
            meetings.get(meetingId);
            return true;
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
