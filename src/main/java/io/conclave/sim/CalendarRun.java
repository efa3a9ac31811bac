package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.PlannedStart;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskFinished;
import io.conclave.model.Refusal;
import io.conclave.model.StartCalendarRun;
import io.conclave.model.CommandException;
import io.conclave.engine.policy.Outputs;

/**
 * The calendar side of a simulated run with {@code "timeline": "calendar"}: work happens in working hours
 * on working days ({@link WorkCalendar}), a task does not start before the planned start the rules gave it
 * (timeline.drl), and completions are reported to those rules as {@link TaskFinished} so dependents can
 * shift. Hours are counted from the origin, rounded into working time.
 */
final class CalendarRun {
    private final ProjectSession session;
    private final WorkCalendar calendar;
    private final String mode;
    private final boolean autoAdjust;
    private final LocalDateTime origin;

    private CalendarRun(ProjectSession session, WorkCalendar calendar, String mode, boolean autoAdjust,
                        LocalDateTime origin) {
        this.session = session;
        this.calendar = calendar;
        this.mode = mode;
        this.autoAdjust = autoAdjust;
        this.origin = origin;
    }

    /**
     * The calendar of a calendar run, null for a continuous one. A project without a mode runs compressed
     * (the only mode that needs no dates). The origin is moved to the first working moment at or after it.
     */
    static CalendarRun of(ProjectSession session, RunRequest request, LocalDateTime origin) {
        if (!request.calendar()) {
            return null;
        }
        ProjectSpec.Scheduling s = session.spec().scheduling();
        String mode = s == null || s.effectiveMode() == null ? "compressed" : s.effectiveMode();
        boolean adjust = s != null && Boolean.TRUE.equals(s.autoAdjustDates());
        WorkCalendar calendar = WorkCalendar.of(s);
        return new CalendarRun(session, calendar, mode, adjust, calendar.next(origin));
    }

    LocalDateTime origin() {
        return origin;
    }

    /** Tells the rules a calendar run starts: the first one fixes the project's timeline, which they plan from. */
    void plan() {
        expectHandled(session.post(new StartCalendarRun(mode, autoAdjust, origin),
                "calendar run in " + mode + " mode from " + origin));
    }

    /** The earliest hour a task may start at, at or after {@code clock}: its plan, in working time. */
    double startHour(Task t, double clock) {
        LocalDateTime now = at(clock);
        PlannedStart plan = planned(t.getTaskId());
        LocalDateTime earliest = plan != null && plan.getAt().isAfter(now) ? plan.getAt() : now;
        return hours(calendar.next(earliest));
    }

    /** When work of {@code hours} working hours started at hour {@code start} ends. */
    double endHour(double start, double hours) {
        return hours(calendar.add(at(start), hours));
    }

    /** Tells the rules a task completed at hour {@code clock}. */
    void finished(String taskId, double clock) {
        expectHandled(session.post(new TaskFinished(taskId, at(clock)), "task " + taskId + " finished at " + at(clock)));
    }

    /** Whether a task that ran from {@code start} to {@code end} ran late (as its report line would say). */
    boolean late(String taskId, Double start, double end) {
        RunReport.TaskLine probe = new RunReport.TaskLine(taskId, null, null, null, null, null, null, null, null,
                null, null);
        return Boolean.TRUE.equals(describe(probe, start, end).ranLate());
    }

    private void expectHandled(Refusal refusal) {
        if (refusal != null) {
            throw new CommandException(CommandException.Kind.POLICY, "not_handled", "policy " + session.policy().version()
                    + " did not take a calendar notice during the simulated run: " + refusal.getReason());
        }
    }

    RunReport.Schedule schedule() {
        ProjectSpec.Scheduling s = session.spec().scheduling();
        WorkCalendar c = calendar;
        List<String> days = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (c.works(d)) {
                days.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT));
            }
        }
        return new RunReport.Schedule(mode, autoAdjust, c.startText(), c.endText(), days);
    }

    /** A task's report line with its plan, whether it ran late or was shifted, and why. */
    RunReport.TaskLine describe(RunReport.TaskLine line, Double start, Double end) {
        PlannedStart plan = planned(line.taskId());
        String planned = plan == null ? null : plan.getAt().toString();
        boolean shifted = plan != null && plan.isShifted();
        boolean late = false;
        String note = plan != null && (plan.isShifted() || plan.isLate()) ? plan.getReason() : null;
        if ("same_day".equals(mode) && end != null && at(end).isAfter(calendar.endOfDay(origin))) {
            late = true;
            note = "does not fit the start date " + origin.toLocalDate() + ": continues on "
                    + at(end).toLocalDate();
        } else if ("distributed".equals(mode) && plan != null && start != null
                && start > hours(calendar.next(plan.getAt())) + 1e-9) {
            late = true;
            if (note == null) {
                note = "started " + at(start) + ", after its planned start " + calendar.next(plan.getAt())
                        + ": its agents were busy";
            }
        }
        return new RunReport.TaskLine(line.taskId(), line.status(), line.assignee(), line.attendees(),
                line.simulatedStart(), line.simulatedEnd(), line.statusReason(), planned, late, shifted, note);
    }

    private PlannedStart planned(String taskId) {
        for (PlannedStart p : session.outputs(Outputs.PLANNED_STARTS)) {
            if (p.getTaskId().equals(taskId)) {
                return p;
            }
        }
        return null;
    }

    private LocalDateTime at(double hours) {
        return origin.plusMinutes(Math.round(hours * 60));
    }

    private double hours(LocalDateTime t) {
        return Duration.between(origin, t).toMinutes() / 60.0;
    }
}
