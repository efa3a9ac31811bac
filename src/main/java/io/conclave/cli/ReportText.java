package io.conclave.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.conclave.model.run.RunReport;

/**
 * A run's report as text for a terminal: the title and how the run ended, the task summary, the
 * statistics, then a section per list of the report (tasks, agents, meetings, decisions, action items,
 * risks, timeline), each in the report's own order. Only what the report holds, so no wall-clock time:
 * the same run gives the same text.
 */
public final class ReportText {
    private final StringBuilder text = new StringBuilder();

    private ReportText() {
    }

    /** The report as text; {@code title}: the project's title (null: its id). */
    public static String render(RunReport r, String title) {
        ReportText t = new ReportText();
        t.head(r, title);
        t.tasks(r.tasks());
        t.agents(r.agents());
        t.meetings(r.meetings());
        t.section("Decisions", r.decisions().stream().map(d -> List.of(d.meetingTask(), d.proposalId(),
                d.outcome(), "\"" + d.title() + "\"", "by: " + d.decidedBy())).toList());
        t.section("Action items", r.actionItems().stream().map(a -> List.of(a.meetingTask(), a.proposalId(),
                "\"" + a.title() + "\"", "proposed by " + a.proposer(),
                a.spawnedTask() == null ? "no task spawned" : "spawned task " + a.spawnedTask())).toList());
        t.section("Risks", r.risks().stream().map(x -> List.of(x.taskId(), x.kind(), x.reason())).toList());
        t.section("Timeline", r.timeline().stream().map(e -> List.of(e.at(), e.taskId(), e.event(),
                String.join(", ", e.agents()))).toList());
        return t.text.toString();
    }

    private void head(RunReport r, String title) {
        line(title == null || title.isBlank() ? r.projectId() : title);
        line("project " + r.projectId() + ", " + r.runId() + ": " + r.status()
                + (r.statusReason() == null ? "" : " (" + r.statusReason() + ")"));
        line("mode " + r.mode() + ", seed " + r.seed() + ", failure rate " + r.failureRate() + ", policy "
                + r.policyVersion());
        line("simulated " + r.simulatedStart() + " to " + r.simulatedEnd() + " (" + r.statistics().simulatedHours()
                + " hours)" + (r.scheduling() == null ? ", continuous timeline" : ", calendar: " + r.scheduling().mode()
                + ", " + r.scheduling().workingHoursStart() + "-" + r.scheduling().workingHoursEnd() + " on "
                + String.join(", ", r.scheduling().workingDays())));
        RunReport.TaskSummary s = r.taskSummary();
        text.append('\n');
        line("Task summary: " + s.totalTasks() + " tasks: " + s.completedTasks() + " completed, " + s.failedTasks()
                + " failed, " + s.skippedTasks() + " skipped, " + s.unassignableTasks() + " unassignable, "
                + s.blockedTasks() + " blocked, " + s.unfinishedTasks() + " unfinished; " + s.spawnedTasks()
                + " spawned by meetings");
        RunReport.Statistics st = r.statistics();
        section("Statistics", List.of(
                List.of("meetings held", String.valueOf(st.meetingsHeld())),
                List.of("proposals accepted", String.valueOf(st.proposalsAccepted())),
                List.of("interrupts", String.valueOf(st.interrupts())),
                List.of("checkpoints", String.valueOf(st.checkpoints())),
                List.of("simulated days", String.valueOf(st.simulatedDays())),
                List.of("assignments", String.valueOf(st.assignments())),
                List.of("meetings convened", String.valueOf(st.meetingsConvened())),
                List.of("decisions in the ledger", String.valueOf(st.decisions())),
                List.of("simulated hours", String.valueOf(st.simulatedHours()))));
    }

    private void tasks(List<RunReport.TaskLine> tasks) {
        List<List<String>> rows = new ArrayList<>();
        for (RunReport.TaskLine t : tasks) {
            String who = t.assignee() != null ? t.assignee()
                    : t.attendees() == null || t.attendees().isEmpty() ? "-" : String.join(", ", t.attendees());
            List<String> row = new ArrayList<>(List.of(t.taskId(), t.status(), who, orDash(t.simulatedStart()),
                    orDash(t.simulatedEnd())));
            List<String> notes = new ArrayList<>();
            if (Boolean.TRUE.equals(t.ranLate())) {
                notes.add("late");
            }
            if (t.scheduleNote() != null) {
                notes.add(t.scheduleNote());
            }
            if (t.statusReason() != null && !"COMPLETED".equals(t.status())) {
                notes.add(t.statusReason());
            }
            row.add(String.join("; ", notes));
            rows.add(row);
        }
        section("Tasks (status, assignee or attendees, simulated start, end)", rows);
    }

    private void agents(List<RunReport.AgentLine> agents) {
        section("Agents (tasks completed, busy hours, utilisation, what they learned)", agents.stream()
                .map(a -> List.of(a.agentId(), a.tasksCompleted() + " completed", a.busyHours() + " h busy",
                        String.format(Locale.ROOT, "%.1f%%", a.utilisation() * 100),
                        learned(a)))
                .toList());
    }

    private void meetings(List<RunReport.MeetingLine> meetings) {
        List<List<String>> rows = new ArrayList<>();
        for (RunReport.MeetingLine m : meetings) {
            rows.add(List.of(m.taskId(), m.state(), orDash(m.simulatedStart()) + " to " + orDash(m.simulatedEnd()),
                    "chair " + m.chair(), String.join(", ", m.attendees())));
            for (RunReport.ProposalLine p : m.proposals()) {
                RunReport.TallyLine t = p.tally();
                rows.add(List.of("", "  " + p.proposalId(), orDash(p.outcome()), t == null ? "open"
                        : t.yes() + " yes, " + t.no() + " no, " + t.abstain() + " abstain, " + t.required() + " needed",
                        "\"" + p.title() + "\""));
            }
        }
        section("Meetings (state, simulated time, chair, attendees; proposals and tallies)", rows);
    }

    /** What an agent learned: "skills: a 7.0 -> 7.1; preferences: ...", or "-" when nothing changed. */
    private static String learned(RunReport.AgentLine a) {
        List<String> parts = new ArrayList<>();
        changes("skills", a.skillChanges(), parts);
        changes("preferences", a.preferenceChanges(), parts);
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    private static void changes(String what, Map<String, List<Double>> changes, List<String> into) {
        if (changes != null && !changes.isEmpty()) {
            List<String> each = new ArrayList<>();
            new java.util.TreeMap<>(changes).forEach((name, v) -> each.add(name + " " + v.get(0) + " -> " + v.get(1)));
            into.add(what + ": " + String.join(", ", each));
        }
    }

    /** A titled section, its rows in aligned columns; "(none)" when it has none. */
    private void section(String title, List<List<String>> rows) {
        text.append('\n');
        line(title);
        if (rows.isEmpty()) {
            line("  (none)");
            return;
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int i = 0; i < row.size(); i++) {
                b.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), width[i] + 2));
            }
            line(b.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private void line(String s) {
        text.append(s).append('\n');
    }
}
