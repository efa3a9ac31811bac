package io.conclave.engine.project;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Agent;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.ReportTask;
import io.conclave.model.run.DayStarted;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.model.run.RunState;
import io.conclave.model.run.TaskOutcome;

/**
 * A run of real agents: nothing is simulated, the agents work the project over REST, and the run applies its
 * execution mode on the service's clock. It posts the notices a simulated run posts, so the same rules decide
 * when it stops: a {@link TaskOutcome} with every completion or failure an agent reports (inserted with the
 * report itself, so a checkpoint it reaches holds the work the report released), and a {@link DayStarted} when
 * the first command of a new day (UTC) arrives. It is never stepped; rules/execution/live_runs.drl ends it when
 * no task can progress and holds new assignments while it is paused.
 */
public final class LiveRun implements RunDriver {
    private final ProjectSession session;
    private final RunRequest request;
    private final RunState state;
    private final WorkLog log;
    private final Instant startedAt;
    private final Map<String, Map<String, Double>> skillsBefore = new TreeMap<>();
    private final Map<String, Map<String, Double>> preferencesBefore = new TreeMap<>();
    private LocalDate today;
    private Instant lastAt;

    private LiveRun(ProjectSession session, String runId, RunRequest request, WorkLog log, Instant at) {
        this.session = session;
        this.request = request;
        this.log = log;
        this.startedAt = at;
        this.lastAt = at;
        this.today = day(at);
        this.state = new RunState(runId, request.modeOrDefault(), request.checkpointFrequency(), false, true);
    }

    /** Starts run {@code runId} at {@code at} (its journal time): its {@link RunState} goes into the session. */
    static LiveRun start(ProjectSession session, String runId, RunRequest request, WorkLog log, Instant at) {
        LiveRun run = new LiveRun(session, runId, request, log, at);
        for (Agent a : session.agents()) {
            run.skillsBefore.put(a.getAgentId(), a.getSkillLevels());
            run.preferencesBefore.put(a.getAgentId(), a.getPreferences());
        }
        session.keep(run.state);
        return run;
    }

    /** Posts a {@link DayStarted} for each day (UTC) entered since the last command, day 1 being the run's second day. */
    void enterDay(Instant at) {
        lastAt = at.isAfter(lastAt) ? at : lastAt;
        LocalDate now = day(at);
        while (state.getStatus().open() && now.isAfter(today)) {
            today = today.plusDays(1);
            int number = (int) ChronoUnit.DAYS.between(day(startedAt), today);
            session.post(new DayStarted(state.getRunId(), number, today), "day " + number + " (" + today + ") begins");
        }
    }

    /** The notice of a completion or failure, to insert with the report; null for a start. */
    TaskOutcome outcome(ReportTask report, Instant at) {
        if (report.kind() == TaskEvent.Kind.START || !state.getStatus().open()) {
            return null;
        }
        Task t = session.task(report.taskId());
        return new TaskOutcome(state.getRunId(), report.taskId(), report.kind() == TaskEvent.Kind.FAIL,
                t != null && t.isMeetingRequired(), false, LocalDateTime.ofInstant(at, ZoneOffset.UTC), hours(at));
    }

    @Override
    public int step(int maxEvents, long deadlineNanos) {
        return 0; // real agents move it, one report at a time
    }

    @Override
    public RunState state() {
        return state;
    }

    @Override
    public RunRequest request() {
        return request;
    }

    @Override
    public RunReport.Progress progress() {
        return LiveReports.progress(session, log.reports(startedAt), lastAt);
    }

    @Override
    public RunReport report(int interrupts) {
        return new LiveReports(session, log, skillsBefore, preferencesBefore)
                .build(state, request, startedAt, lastAt, interrupts);
    }

    private double hours(Instant at) {
        return (at.toEpochMilli() - startedAt.toEpochMilli()) / 3_600_000.0;
    }

    private static LocalDate day(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).toLocalDate();
    }
}
