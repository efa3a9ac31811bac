package io.conclave.sim;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectSession;
import io.conclave.model.Agent;
import io.conclave.model.Dates;
import io.conclave.model.AgentFree;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.ExecutionWindow;
import io.conclave.model.ProjectSettings;
import io.conclave.model.Refusal;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;

/**
 * Simulated agents working a project in simulated time. An agent works on one task at a time and
 * takes its tasks in the order the rules assigned them; a meeting starts when all its attendees are
 * free. Each task takes its estimated hours. Starting and finishing are reported to the rules exactly
 * as a real agent's REST calls would be, so every decision still comes from the policy. A meeting task
 * is held as a meeting of its simulated attendees within its time ({@link MeetingSimulation}). Time is
 * a pseudo clock: nothing sleeps. With time slicing ({@code time_slice_hours}) an agent instead works
 * in execution windows that the rules choose (time_slicing.drl): when it is free it asks for its next
 * window, starts a task on its first window and reports it done after the window that reaches its
 * estimate; meetings are not sliced.
 */
public final class Simulator {
    private static final LocalDateTime DEFAULT_START = LocalDateTime.of(2024, 1, 1, 9, 0);

    private final ProjectSession session;
    private final Map<String, Double> busyUntil = new HashMap<>();
    private final Map<String, Double> busyHours = new TreeMap<>();
    private final Map<String, Double> started = new HashMap<>();
    private final Map<String, Double> ended = new HashMap<>();
    private final Map<String, Long> assignedAt = new HashMap<>();
    private final List<RunReport.MeetingLine> meetings = new ArrayList<>();
    private final PriorityQueue<Running> running = new PriorityQueue<>(
            Comparator.comparingDouble(Running::end).thenComparingLong(Running::order));
    private int scannedLedger;
    private long startOrder;
    private long seed;
    private LocalDateTime origin;

    private record Running(String taskId, String actor, double end, long order, boolean finishes) {
    }

    private boolean slicing;
    /** The working calendar of a calendar run; null for a continuous one. */
    private CalendarRun calendar;
    private final java.util.Set<Double> wakes = new java.util.TreeSet<>();

    public Simulator(ProjectSession session) {
        this.session = session;
    }

    public RunReport run(RunRequest request) {
        SplittableRandom random = new SplittableRandom(request.seedOrDefault());
        seed = request.seedOrDefault();
        origin = origin();
        calendar = CalendarRun.of(session, request, origin);
        if (calendar != null) {
            origin = calendar.origin();
            calendar.plan();
        }
        double failureRate = request.failureRateOrDefault();
        double firstHour = session.clockMillis() / 3_600_000.0;
        double clock = firstHour;
        slicing = session.facts(ProjectSettings.class).stream().anyMatch(ProjectSettings::isTimeSlicing);
        for (Task t : session.tasks()) {
            // a decomposed task in progress is held by nobody: its subtasks are what runs
            if (t.getStatus() == TaskStatus.IN_PROGRESS && !sliced(t) && !t.isDecomposed()) {
                occupy(t, holders(t), clock);
            }
        }
        while (true) {
            startWhatCan(clock);
            Running next = running.poll();
            if (next == null) {
                break;
            }
            clock = next.end();
            session.advanceClockTo(Math.round(clock * 3_600_000.0));
            if (!next.finishes()) {
                continue;
            }
            boolean fails = random.nextDouble() < failureRate;
            ended.put(next.taskId(), clock);
            if (!fails) { MeetingOutcomes.post(session, meetings, next.taskId()); } // spawning.drl: before COMPLETE
            post(fails ? TaskEvent.Kind.FAIL : TaskEvent.Kind.COMPLETE, next.taskId(), next.actor());
            if (calendar != null && !fails) {
                calendar.finished(next.taskId(), clock);
            }
        }
        return report(request, firstHour, clock);
    }

    /** Starts, in assignment order, every assigned task whose agents are all free now. */
    private void startWhatCan(double clock) {
        SimulatedBidders.answerOpenCalls(session); // contract-net tasks are awarded before anything starts
        indexAssignments();
        List<Task> assigned = new ArrayList<>();
        for (Task t : session.tasks()) {
            if (t.getStatus() == TaskStatus.ASSIGNED) {
                assigned.add(t);
            }
        }
        assigned.sort(Comparator.comparingLong((Task t) -> assignedAt.getOrDefault(t.getTaskId(), Long.MAX_VALUE))
                .thenComparing(Task::getTaskId));
        for (Task t : assigned) {
            if (sliced(t) || notYet(t, clock)) {
                continue;
            }
            List<String> holders = holders(t);
            if (!holders.isEmpty() && holders.stream().allMatch(a -> busyUntil.getOrDefault(a, clock) <= clock)) {
                post(TaskEvent.Kind.START, t.getTaskId(), holders.get(0));
                occupy(t, holders, clock);
                if (t.isMeetingRequired()) {
                    holdMeeting(t, clock);
                }
            }
        }
        if (slicing) {
            startWindows(clock);
        }
    }

    /**
     * In a calendar run, a task whose planned start (or the next working moment) is after now: the run
     * wakes up then to look again.
     */
    private boolean notYet(Task t, double clock) {
        if (calendar == null) {
            return false;
        }
        double from = calendar.startHour(t, clock);
        if (from <= clock) {
            return false;
        }
        if (wakes.add(from)) {
            running.add(new Running("", "simulator", from, startOrder++, false));
        }
        return true;
    }

    /** A task worked in execution windows: time slicing is on and it is not a meeting. */
    private boolean sliced(Task t) {
        return slicing && !t.isMeetingRequired();
    }

    /**
     * Every free agent with an open task asks the rules for its next window (roster order) and works it:
     * a task is started on its first window, and ends after the window that reaches its estimate.
     */
    private void startWindows(double clock) {
        for (Agent a : session.agents()) {
            String id = a.getAgentId();
            if (busyUntil.getOrDefault(id, clock) > clock || session.tasks().stream().noneMatch(t -> sliced(t)
                    && id.equals(t.getAssignee()) && (t.getStatus() == TaskStatus.ASSIGNED
                    || t.getStatus() == TaskStatus.IN_PROGRESS))) {
                continue;
            }
            session.post(new AgentFree(id, clock), "agent " + id + " free at hour " + clock);
            ExecutionWindow w = session.facts(ExecutionWindow.class).stream()
                    .filter(x -> x.agentId().equals(id)).findFirst().orElse(null);
            if (w == null) {
                continue;
            }
            if (w.first() && session.task(w.taskId()).getStatus() == TaskStatus.ASSIGNED) {
                post(TaskEvent.Kind.START, w.taskId(), id);
            }
            double end = clock + w.hours();
            started.putIfAbsent(w.taskId(), clock);
            busyUntil.put(id, end);
            busyHours.merge(id, w.hours(), Double::sum);
            running.add(new Running(w.taskId(), id, end, startOrder++, w.finishes()));
        }
    }

    private void occupy(Task t, List<String> holders, double clock) {
        double end = calendar == null ? clock + t.getEstimatedHours() : calendar.endHour(clock, t.getEstimatedHours());
        started.put(t.getTaskId(), clock);
        for (String a : holders) {
            busyUntil.put(a, end);
            busyHours.merge(a, t.getEstimatedHours(), Double::sum);
        }
        running.add(new Running(t.getTaskId(), holders.isEmpty() ? "simulator" : holders.get(0), end, startOrder++,
                true));
    }

    /**
     * Holds a meeting task that starts now as a meeting of its simulated attendees, within the task's
     * time. Its outcome is recorded in the report, not enforced: the task completes as it would anyway.
     */
    private void holdMeeting(Task t, double clock) {
        long epochOrigin = origin.toInstant(ZoneOffset.UTC).toEpochMilli();
        meetings.add(MeetingSimulation.hold(session.policy(), session.maxFirings(), session.projectId(), t,
                session.agents(), session.tasks(), epochOrigin + Math.round(clock * 3_600_000.0), seed,
                millis -> at(origin, (millis - epochOrigin) / 3_600_000.0)));
    }

    /** Reports as the agent would; a completion carries the result {"by": agent, "task": task id}. */
    private void post(TaskEvent.Kind kind, String taskId, String agentId) {
        com.fasterxml.jackson.databind.JsonNode result = kind != TaskEvent.Kind.COMPLETE ? null
                : io.conclave.model.Json.MAPPER.createObjectNode().put("by", agentId).put("task", taskId);
        Refusal refusal = session.post(new TaskEvent(kind, taskId, agentId, result));
        if (refusal != null) {
            throw new EngineException(EngineException.Kind.POLICY, "not_handled", "policy "
                    + session.policy().version() + " refused " + kind + " of task " + taskId + " by " + agentId
                    + " during the simulated run: " + refusal.getReason());
        }
    }

    private void indexAssignments() {
        List<Decision> ledger = session.ledger();
        for (; scannedLedger < ledger.size(); scannedLedger++) {
            Decision d = ledger.get(scannedLedger);
            if (d.getKind() == DecisionKind.ASSIGNED || d.getKind() == DecisionKind.MEETING_CONVENED
                    || d.getKind() == DecisionKind.AWARDED) {
                assignedAt.put(d.getTaskId(), d.getSeq());
            }
        }
    }

    private static List<String> holders(Task t) {
        if (t.getAssignee() != null) {
            return List.of(t.getAssignee());
        }
        return t.isMeetingRequired() ? t.getAttendees() : List.of();
    }

    private RunReport report(RunRequest request, double firstHour, double lastHour) {
        List<Task> tasks = session.tasks();
        int completed = 0, failed = 0, unassignable = 0, blocked = 0;
        Map<String, Integer> completedBy = new TreeMap<>();
        List<RunReport.TaskLine> lines = new ArrayList<>();
        for (Task t : tasks) {
            switch (t.getStatus()) {
                case COMPLETED -> {
                    completed++;
                    holders(t).forEach(a -> completedBy.merge(a, 1, Integer::sum));
                }
                case FAILED -> failed++;
                case UNASSIGNABLE -> unassignable++;
                case BLOCKED -> blocked++;
                default -> { }
            }
            RunReport.TaskLine line = new RunReport.TaskLine(t.getTaskId(), t.getStatus().name(), t.getAssignee(),
                    t.isMeetingRequired() ? t.getAttendees() : null, at(origin, started.get(t.getTaskId())),
                    at(origin, ended.get(t.getTaskId())), t.getStatusReason(), null, null, null, null);
            lines.add(calendar == null ? line
                    : calendar.describe(line, started.get(t.getTaskId()), ended.get(t.getTaskId())));
        }
        double span = lastHour - firstHour;
        List<RunReport.AgentLine> agents = new ArrayList<>();
        for (Agent a : session.agents()) {
            double busy = busyHours.getOrDefault(a.getAgentId(), 0.0);
            agents.add(new RunReport.AgentLine(a.getAgentId(), completedBy.getOrDefault(a.getAgentId(), 0),
                    round(busy), span > 0 ? round(busy / span) : 0.0));
        }
        int assignments = 0, convened = 0;
        for (Decision d : session.ledger()) {
            assignments += d.getKind() == DecisionKind.ASSIGNED || d.getKind() == DecisionKind.AWARDED ? 1 : 0;
            convened += d.getKind() == DecisionKind.MEETING_CONVENED ? 1 : 0;
        }
        return new RunReport(session.projectId(), request.mode(), session.policy().version(),
                request.seedOrDefault(), request.failureRateOrDefault(), at(origin, firstHour), at(origin, lastHour),
                new RunReport.TaskSummary(tasks.size(), completed, failed, unassignable, blocked,
                        tasks.size() - completed - failed - unassignable - blocked),
                new RunReport.Statistics(assignments, convened, session.ledger().size(), round(span)),
                lines, agents, List.copyOf(this.meetings), calendar == null ? null : calendar.schedule());
    }

    /** Simulated hour 0: the project's start date, else its earliest scheduled task, else 2024-01-01 09:00. */
    private LocalDateTime origin() {
        var scheduling = session.spec().scheduling();
        if (scheduling != null && scheduling.startDate() != null) {
            return Dates.parse(scheduling.startDate());
        }
        return session.tasks().stream().map(Task::getScheduledDate).filter(d -> d != null)
                .min(Comparator.naturalOrder()).orElse(DEFAULT_START);
    }

    private static String at(LocalDateTime origin, Double hours) {
        return hours == null ? null : origin.plusMinutes(Math.round(hours * 60)).toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
