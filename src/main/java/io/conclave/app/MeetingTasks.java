package io.conclave.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.conclave.engine.EngineException;
import io.conclave.engine.MeetingRegistry;
import io.conclave.engine.ProjectRegistry;
import io.conclave.engine.ProjectRuntime;
import io.conclave.model.Ids;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.Protocol;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Project meeting tasks held as real meetings. When the rules convene a meeting task, a meeting
 * {@code <project>.<task>} is created among its attendees, chaired by the first attendee; when that
 * meeting closes, the chair reports the task started (if it was not) and completed. Both steps are
 * ordinary journaled commands of their owners, run one at a time on a worker of their own (never
 * inside another owner's lock). At start-up the same steps catch up with anything a crash left
 * between the two journals.
 */
@ApplicationScoped
public class MeetingTasks {
    private static final Logger LOG = Logger.getLogger(MeetingTasks.class);

    private final ProjectRegistry projects;
    private final MeetingRegistry meetings;
    private final EventHub hub;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conclave-meeting-tasks");
        t.setDaemon(true);
        return t;
    });

    public MeetingTasks(Engine engine, EventHub hub) {
        this.projects = engine.projects();
        this.meetings = engine.meetings();
        this.hub = hub;
    }

    void onStart(@Observes @Priority(15) StartupEvent event) {
        hub.subscribe(0, e -> e.projectId() != null && e.taskId() != null
                        && (e.type().equals("MEETING_TASK_CONVENED") || e.type().equals("MEETING_CLOSED")),
                e -> worker.execute(() -> handle(e)));
        worker.execute(this::catchUp);
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** The meeting that holds a project's meeting task. */
    public static String meetingIdFor(String projectId, String taskId) {
        String id = projectId + "." + taskId;
        if (Ids.isValid(id)) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "task-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(ServiceEvent e) {
        try {
            if (e.type().equals("MEETING_TASK_CONVENED")) {
                convene(e.projectId(), e.taskId());
            } else {
                complete(e.meetingId(), e.projectId(), e.taskId());
            }
        } catch (RuntimeException x) {
            LOG.errorf("meeting task %s/%s: %s", e.projectId(), e.taskId(), x.getMessage());
        }
    }

    private void convene(String projectId, String taskId) {
        String id = meetingIdFor(projectId, taskId);
        if (exists(id) || !projects.exists(projectId)) {
            return;
        }
        Task task = projects.get(projectId).read(s -> s.task(taskId));
        if (task == null || task.getAttendees().isEmpty()) {
            return;
        }
        List<String> attendees = task.getAttendees();
        String topic = task.getDescription() == null || task.getDescription().isBlank() ? "meeting task " + taskId
                : task.getDescription();
        MeetingSpec spec = new MeetingSpec(id, topic.length() > 200 ? topic.substring(0, 200) : topic,
                "hold meeting task " + taskId + " of project " + projectId, attendees.get(0), null, attendees,
                Protocol.defaults(), projectId, taskId, null);
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
        if (task.getStatus() == TaskStatus.ASSIGNED) {
            project.report(TaskEvent.Kind.START, taskId, chair, s -> { });
        }
        if (project.read(s -> s.task(taskId).getStatus()) == TaskStatus.IN_PROGRESS) {
            project.report(TaskEvent.Kind.COMPLETE, taskId, chair, s -> { });
        }
    }

    /** Creates the meetings and completes the tasks that a crash left undone (idempotent). */
    private void catchUp() {
        for (ProjectRuntime project : projects.all()) {
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
