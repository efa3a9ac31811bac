package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Agent;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.run.RunState;

/** Builds a run's report from the session and what the run logged. */
final class RunReports {
    private final ProjectSession session;
    private final RunRequest request;
    private final RunState state;
    private final RunLog log;
    private final CalendarRun calendar;
    private final LocalDateTime origin;
    private final double firstHour;
    private final double lastHour;

    RunReports(ProjectSession session, RunRequest request, RunState state, RunLog log, CalendarRun calendar,
               LocalDateTime origin, double firstHour, double lastHour) {
        this.session = session;
        this.request = request;
        this.state = state;
        this.log = log;
        this.calendar = calendar;
        this.origin = origin;
        this.firstHour = firstHour;
        this.lastHour = lastHour;
    }

    RunReport build(int interrupts, RunReport.Progress progress) {
        List<Task> tasks = session.tasks();
        int completed = 0, failed = 0, skipped = 0, unassignable = 0, blocked = 0, spawned = 0;
        Map<String, Integer> completedBy = new TreeMap<>();
        List<RunReport.TaskLine> lines = new ArrayList<>();
        List<RunReport.Risk> risks = new ArrayList<>();
        for (Task t : tasks) {
            switch (t.getStatus()) {
                case COMPLETED -> {
                    completed++;
                    Simulator.holders(t).forEach(a -> completedBy.merge(a, 1, Integer::sum));
                }
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                case UNASSIGNABLE -> unassignable++;
                case BLOCKED -> blocked++;
                default -> { }
            }
            spawned += t.isSpawned() ? 1 : 0;
            Double start = log.started.get(t.getTaskId());
            Double end = log.ended.get(t.getTaskId());
            RunReport.TaskLine line = new RunReport.TaskLine(t.getTaskId(), t.getStatus().name(), t.getAssignee(),
                    t.isMeetingRequired() ? t.getAttendees() : null, at(start), at(end), t.getStatusReason(),
                    null, null, null, null);
            line = calendar == null ? line : calendar.describe(line, start, end);
            lines.add(line);
            risk(t, line).ifPresent(risks::add);
        }
        double span = lastHour - firstHour;
        List<RunReport.AgentLine> agents = new ArrayList<>();
        for (Agent a : session.agents()) {
            double busy = log.busyHours.getOrDefault(a.getAgentId(), 0.0);
            agents.add(new RunReport.AgentLine(a.getAgentId(), completedBy.getOrDefault(a.getAgentId(), 0),
                    round(busy), span > 0 ? round(busy / span) : 0.0,
                    RunReport.AgentLine.changes(log.skillsBefore.get(a.getAgentId()), a.getSkillLevels()),
                    RunReport.AgentLine.changes(log.preferencesBefore.get(a.getAgentId()), a.getPreferences())));
        }
        int assignments = 0, convened = 0;
        Map<String, String> spawnedFrom = new TreeMap<>();
        for (Decision d : session.ledger()) {
            assignments += d.getKind() == DecisionKind.ASSIGNED || d.getKind() == DecisionKind.AWARDED ? 1 : 0;
            convened += d.getKind() == DecisionKind.MEETING_CONVENED ? 1 : 0;
            Object source = d.getDetails().get("proposal_id");
            if (d.getKind() == DecisionKind.SPAWNED && source != null) {
                spawnedFrom.put(d.getDetails().get("spawned_by") + "|" + source, d.getTaskId());
            }
        }
        List<RunReport.DecisionLine> decided = new ArrayList<>();
        List<RunReport.ActionItem> actions = new ArrayList<>();
        int accepted = 0;
        for (RunReport.MeetingLine m : log.meetings) {
            for (RunReport.ProposalLine p : m.proposals()) {
                if (p.decidedBy() != null) {
                    decided.add(new RunReport.DecisionLine(m.taskId(), p.proposalId(), p.title(), p.outcome(),
                            p.decidedBy()));
                }
                if ("accepted".equals(p.outcome())) {
                    accepted++;
                    actions.add(new RunReport.ActionItem(m.taskId(), p.proposalId(), p.title(), p.proposer(),
                            spawnedFrom.get(m.taskId() + "|" + p.proposalId())));
                }
            }
        }
        int days = (int) ChronoUnit.DAYS.between(at0(firstHour).toLocalDate(), at0(lastHour).toLocalDate()) + 1;
        return new RunReport(state.getRunId(), session.projectId(), state.getMode(), state.getStatus().name(),
                state.getReason(), session.policy().version(), request.seedOrDefault(),
                request.failureRateOrDefault(), at(firstHour), at(lastHour), progress,
                new RunReport.TaskSummary(tasks.size(), completed, failed, skipped, spawned, unassignable, blocked,
                        tasks.size() - completed - failed - skipped - unassignable - blocked),
                new RunReport.Statistics(log.meetings.size(), accepted, interrupts, state.getCheckpoints(), days,
                        assignments, convened, session.ledger().size(), round(span)),
                lines, agents, List.copyOf(log.meetings), decided, actions, risks, timeline(),
                calendar == null ? null : calendar.schedule());
    }

    /** Why a task is a risk, if it is one. */
    private Optional<RunReport.Risk> risk(Task t, RunReport.TaskLine line) {
        String kind = switch (t.getStatus()) {
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
            case UNASSIGNABLE -> "unassignable";
            case BLOCKED -> "blocked";
            default -> Boolean.TRUE.equals(line.ranLate()) ? "late" : null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        String reason = "late".equals(kind) ? line.scheduleNote() : t.getStatusReason();
        return Optional.of(new RunReport.Risk(t.getTaskId(), kind, reason));
    }

    private List<RunReport.TimelineEntry> timeline() {
        List<RunLog.Moment> moments = new ArrayList<>(log.moments);
        moments.sort(Comparator.comparingDouble(RunLog.Moment::hour).thenComparingLong(RunLog.Moment::order));
        List<RunReport.TimelineEntry> out = new ArrayList<>();
        for (RunLog.Moment m : moments) {
            out.add(new RunReport.TimelineEntry(at(m.hour()), m.taskId(), m.event(), m.agents()));
        }
        return out;
    }

    private LocalDateTime at0(double hours) {
        return origin.plusMinutes(Math.round(hours * 60));
    }

    private String at(Double hours) {
        return hours == null ? null : at0(hours).toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
