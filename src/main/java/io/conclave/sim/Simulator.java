package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import io.conclave.model.CommandException;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.project.RunDriver;
import io.conclave.model.Agent;
import io.conclave.model.AgentFree;
import io.conclave.model.Dates;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.ExecutionWindow;
import io.conclave.model.Json;
import io.conclave.model.ProjectSettings;
import io.conclave.model.Refusal;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.DayStarted;
import io.conclave.model.run.RunExhausted;
import io.conclave.model.run.RunState;
import io.conclave.model.run.RunStatus;
import io.conclave.model.run.TaskOutcome;
import io.conclave.engine.policy.Outputs;

/**
 * Simulated agents working a project in simulated time, one step at a time. An agent works on one
 * task at a time and takes its tasks in the order the rules assigned them; a meeting starts when all
 * its attendees are free. Each task takes its estimated hours. Starting and finishing are reported to
 * the rules exactly as a real agent's REST calls would be, so every decision still comes from the
 * policy. A meeting task is held as a meeting of its simulated attendees ({@link MeetingSimulation}).
 * Time is a pseudo clock: nothing sleeps.
 *
 * <p>A run is a {@link RunState} fact in the session and a queue of simulated events (a task's or a
 * window's end). {@link #step} handles events one by one; between two events is a safe point, where
 * the run may stop: the rules paused it (an interrupt, a checkpoint, an oversight trigger) or the
 * caller's budget is spent. After each completion or failure the run posts a {@link TaskOutcome}, and
 * a {@link DayStarted} for each day its clock enters, for the rules that decide when it stops. The
 * same requests, policy and steps give the same report.
 *
 * <p>With time slicing ({@code time_slice_hours}) an agent works in execution windows the rules choose
 * (time_slicing.drl): when free it asks for its next window. With a calendar timeline the project's
 * scheduling mode, working hours and days apply ({@link CalendarRun}).
 */
public final class Simulator implements RunDriver {
    /** Starts simulated runs: the engine's run driver. */
    public static final RunDriver.Factory DRIVER = Simulator::start;

    private static final LocalDateTime DEFAULT_START = LocalDateTime.of(2024, 1, 1, 9, 0);

    private final ProjectSession session;
    private final RunRequest request;
    private final RunState state;
    private final SplittableRandom random;
    private final Map<String, Double> busyUntil = new HashMap<>();
    private final RunLog log = new RunLog();
    private final Map<String, Long> assignedAt = new HashMap<>();
    private final PriorityQueue<Running> running = new PriorityQueue<>(
            Comparator.comparingDouble(Running::end).thenComparingLong(Running::order));
    private final TreeSet<Double> wakes = new TreeSet<>();
    private int scannedLedger;
    /** Ledger size when the run last started what could start; -1 before the first step. */
    private int settledLedger = -1;
    private long startOrder;
    private LocalDateTime origin;
    private double firstHour;
    private double clock;
    private LocalDate today;
    private int events;
    private boolean slicing;
    /** The working calendar of a calendar run; null for a continuous one. */
    private CalendarRun calendar;

    private record Running(String taskId, String actor, double end, long order, boolean finishes) {
    }

    private Simulator(ProjectSession session, String runId, RunRequest request) {
        this.session = session;
        this.request = request;
        this.random = new SplittableRandom(request.seedOrDefault());
        this.state = new RunState(runId, request.modeOrDefault(), request.checkpointFrequency(),
                request.spawnsMeetings());
    }

    /**
     * Starts a run: fixes the origin (and the calendar's plan), inserts the run's {@link RunState},
     * takes over tasks already in progress, and starts what can start.
     */
    public static Simulator start(ProjectSession session, String runId, RunRequest request) {
        Simulator sim = new Simulator(session, runId, request);
        sim.begin();
        return sim;
    }

    /**
     * Runs a run in memory without a wall-clock budget until it stops (it completes, or the rules pause it:
     * nobody resumes here) and returns its report.
     */
    public static RunReport runToEnd(ProjectSession session, RunRequest request) {
        return RunDriver.toEnd(start(session, "run", request));
    }

    private void begin() {
        origin = origin();
        calendar = CalendarRun.of(session, request, origin);
        if (calendar != null) {
            origin = calendar.origin();
        }
        session.keep(state);
        if (calendar != null) {
            calendar.plan();
        }
        firstHour = session.clockMillis() / 3_600_000.0;
        clock = firstHour;
        today = at(clock).toLocalDate();
        slicing = session.facts(ProjectSettings.class).stream().anyMatch(ProjectSettings::isTimeSlicing);
        log.begin(session);
        for (Task t : session.tasks()) {
            // a decomposed task in progress is held by nobody: its subtasks are what runs
            if (t.getStatus() == TaskStatus.IN_PROGRESS && !sliced(t) && !t.isDecomposed()) {
                occupy(t, holders(t), clock);
            }
        }
    }

    /**
     * Advances the run by at most {@code maxEvents} simulated events, stopping early at the first safe
     * point where the run is no longer RUNNING or the wall clock passed {@code deadlineNanos}
     * ({@link System#nanoTime()}; {@code Long.MAX_VALUE} for none). When nothing is left to happen the run
     * completes. Returns the number of events handled, which replaying the step must be given.
     */
    @Override
    public int step(int maxEvents, long deadlineNanos) {
        int handled = 0;
        if (!state.isRunning()) {
            return 0;
        }
        dropWhatWasTakenAway();
        if (session.ledger().size() != settledLedger) {
            startWhatCan(); // first step, or a command came in since the last step (an interrupt, a report)
        }
        while (state.isRunning()) {
            Running next = running.peek();
            if (next == null) {
                finish();
                break;
            }
            if (handled >= maxEvents || (handled > 0 && deadlineNanos != Long.MAX_VALUE
                    && System.nanoTime() - deadlineNanos > 0)) {
                break;
            }
            if (enterDaysUntil(next.end())) {
                continue; // a new day began: the rules may have stopped the run before this event
            }
            running.poll();
            handled++;
            events++;
            handle(next);
            if (state.isRunning()) {
                startWhatCan();
            }
        }
        return handled;
    }

    /** Posts a {@link DayStarted} for the next day the clock enters before {@code hour}; true if it did. */
    private boolean enterDaysUntil(double hour) {
        LocalDate day = at(hour).toLocalDate();
        if (!day.isAfter(today)) {
            return false;
        }
        today = today.plusDays(1);
        int number = (int) ChronoUnit.DAYS.between(at(firstHour).toLocalDate(), today);
        session.post(new DayStarted(state.getRunId(), number, today), "day " + number + " (" + today + ") begins");
        return true;
    }

    private void handle(Running next) {
        clock = next.end();
        session.advanceClockTo(Math.round(clock * 3_600_000.0));
        if (!next.finishes()) {
            return;
        }
        boolean fails = random.nextDouble() < request.failureRateOrDefault();
        Task t = session.task(next.taskId());
        log.ended(next.taskId(), clock, fails ? "failed" : "completed", holders(t));
        if (!fails) {
            MeetingOutcomes.post(session, log.meetings, next.taskId()); // spawning.drl: before the completion
        }
        post(fails ? TaskEvent.Kind.FAIL : TaskEvent.Kind.COMPLETE, next.taskId(), next.actor());
        boolean late = false;
        if (calendar != null && !fails) {
            calendar.finished(next.taskId(), clock);
            late = calendar.late(next.taskId(), log.started(next.taskId()), clock);
        }
        session.post(new TaskOutcome(state.getRunId(), next.taskId(), fails, t.isMeetingRequired(), late, at(clock),
                clock), "outcome of task " + next.taskId());
    }

    /**
     * A task that was running but no longer is (an interrupt skipped it): its event is dropped and its
     * agents are free from now.
     */
    private void dropWhatWasTakenAway() {
        List<Running> gone = new ArrayList<>();
        for (Running r : running) {
            Task t = r.taskId().isEmpty() ? null : session.task(r.taskId());
            if (t != null && t.getStatus() != TaskStatus.IN_PROGRESS) {
                gone.add(r);
            }
        }
        for (Running r : gone) {
            running.remove(r);
            Task t = session.task(r.taskId());
            // the hours it would still have taken are not worked (at most its estimate, on a calendar too)
            double unworked = Math.min(r.end() - clock, t.getEstimatedHours());
            for (String a : holders(t)) {
                if (busyUntil.getOrDefault(a, clock) > clock) {
                    busyUntil.put(a, clock);
                }
                log.busyHours.merge(a, -unworked, Double::sum);
            }
            log.ended(r.taskId(), clock, t.getStatus().name().toLowerCase(java.util.Locale.ROOT), holders(t));
            if (t.isMeetingRequired()) {
                log.cutMeeting(r.taskId(), at(clock).toString());
            }
        }
    }

    /** Nothing more can progress: the rules decide how the run ends (completed, or failed and why). */
    private void finish() {
        session.post(new RunExhausted(state.getRunId()), "the end of run " + state.getRunId());
        if (state.isRunning()) {
            state.fail("no rule of policy " + session.policy().version() + " decided how the run ends "
                    + "(rules/execution/run.drl)");
            session.updateFact(state);
        }
    }

    /** Starts, in assignment order, every assigned task whose agents are all free now. */
    private void startWhatCan() {
        startAssigned();
        settledLedger = session.ledger().size();
    }

    private void startAssigned() {
        SimulatedBidders.answerOpenCalls(session); // contract-net tasks are awarded before anything starts
        indexAssignments();
        List<Task> assigned = session.assignedTasks();
        assigned.sort(Comparator.comparingLong((Task t) -> assignedAt.getOrDefault(t.getTaskId(), Long.MAX_VALUE))
                .thenComparing(Task::getTaskId));
        for (Task t : assigned) {
            if (sliced(t) || notYet(t)) {
                continue;
            }
            List<String> holders = holders(t);
            if (!holders.isEmpty() && holders.stream().allMatch(a -> busyUntil.getOrDefault(a, clock) <= clock)) {
                post(TaskEvent.Kind.START, t.getTaskId(), holders.get(0));
                occupy(t, holders, clock);
                if (t.isMeetingRequired()) {
                    holdMeeting(t);
                }
            }
        }
        if (slicing) {
            startWindows();
        }
    }

    /**
     * In a calendar run, a task whose planned start (or the next working moment) is after now: the run
     * wakes up then to look again.
     */
    private boolean notYet(Task t) {
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
    private void startWindows() {
        for (Agent a : session.agents()) {
            String id = a.getAgentId();
            if (busyUntil.getOrDefault(id, clock) > clock || session.tasks().stream().noneMatch(t -> sliced(t)
                    && id.equals(t.getAssignee()) && (t.getStatus() == TaskStatus.ASSIGNED
                    || t.getStatus() == TaskStatus.IN_PROGRESS))) {
                continue;
            }
            session.post(new AgentFree(id, clock), "agent " + id + " free at hour " + clock);
            ExecutionWindow w = session.outputs(Outputs.EXECUTION_WINDOWS).stream()
                    .filter(x -> x.agentId().equals(id)).findFirst().orElse(null);
            if (w == null) {
                continue;
            }
            if (w.first() && session.task(w.taskId()).getStatus() == TaskStatus.ASSIGNED) {
                post(TaskEvent.Kind.START, w.taskId(), id);
            }
            double end = clock + w.hours();
            log.started(w.taskId(), clock, List.of(id), w.hours(), !w.first());
            busyUntil.put(id, end);
            running.add(new Running(w.taskId(), id, end, startOrder++, w.finishes()));
        }
    }

    private void occupy(Task t, List<String> holders, double at) {
        double end = calendar == null ? at + t.getEstimatedHours() : calendar.endHour(at, t.getEstimatedHours());
        log.started(t.getTaskId(), at, holders, t.getEstimatedHours(), false);
        for (String a : holders) {
            busyUntil.put(a, end);
        }
        running.add(new Running(t.getTaskId(), holders.isEmpty() ? "simulator" : holders.get(0), end, startOrder++,
                true));
    }

    /**
     * Holds a meeting task that starts now as a meeting of its simulated attendees, within the task's
     * time. Its outcome is recorded in the report, not enforced: the task completes as it would anyway.
     */
    private void holdMeeting(Task t) {
        long epochOrigin = origin.toInstant(ZoneOffset.UTC).toEpochMilli();
        log.meeting(MeetingSimulation.hold(session.policy(), session.maxFirings(), session.projectId(), t,
                session.agents(), session.tasks(), epochOrigin + Math.round(clock * 3_600_000.0),
                request.seedOrDefault(), millis -> at((millis - epochOrigin) / 3_600_000.0).toString()));
    }

    /** Reports as the agent would; a completion carries the result {"by": agent, "task": task id}. */
    private void post(TaskEvent.Kind kind, String taskId, String agentId) {
        com.fasterxml.jackson.databind.JsonNode result = kind != TaskEvent.Kind.COMPLETE ? null
                : Json.MAPPER.createObjectNode().put("by", agentId).put("task", taskId);
        Refusal refusal = session.post(new TaskEvent(kind, taskId, agentId, result));
        if (refusal != null) {
            throw new CommandException(CommandException.Kind.POLICY, "not_handled", "policy "
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

    static List<String> holders(Task t) {
        if (t.getAssignee() != null) {
            return List.of(t.getAssignee());
        }
        return t.isMeetingRequired() ? t.getAttendees() : List.of();
    }

    /** The run as the rules see it (its status, why it stopped, its checkpoints). */
    @Override
    public RunState state() {
        return state;
    }

    @Override
    public RunRequest request() {
        return request;
    }

    /** Simulated events handled so far, and the simulated time reached. */
    @Override
    public RunReport.Progress progress() {
        int finished = 0;
        List<Task> tasks = session.tasks();
        for (Task t : tasks) {
            finished += switch (t.getStatus()) {
                case COMPLETED, FAILED, SKIPPED, UNASSIGNABLE, BLOCKED -> 1;
                default -> 0;
            };
        }
        return new RunReport.Progress(events, tasks.size(), finished,
                tasks.isEmpty() ? 100 : Math.round(1000.0 * finished / tasks.size()) / 10.0, at(clock).toString());
    }

    /** The report of the run so far ({@code interrupts}: interrupts applied while it was open). */
    @Override
    public RunReport report(int interrupts) {
        return new RunReports(session, request, state, log, calendar, origin, firstHour, clock)
                .build(interrupts, progress());
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

    private LocalDateTime at(double hours) {
        return origin.plusMinutes(Math.round(hours * 60));
    }

    /** Whether the run stopped for good (completed or failed). */
    public boolean done() {
        return !state.getStatus().open();
    }
}
