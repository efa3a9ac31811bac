package io.conclave.ui;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conclave.model.run.RunReport;

/**
 * A run's report drawn as a timeline: one lane per agent, a bar per task it worked on in simulated time,
 * meetings marked in the lane of each attendee. Positions are percentages of the run's span, so the
 * chart scales with the page. Only drawing: the times are the report's.
 */
public record Gantt(String start, String end, List<Lane> lanes, List<Tick> ticks) {
    private static final int TICKS = 6;
    private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    /** An agent and its bars. */
    public record Lane(String agentId, List<Bar> bars) {
    }

    /** A task in an agent's lane: where it starts and how wide it is, in percent of the span. */
    public record Bar(String taskId, String status, boolean meeting, double left, double width, String start,
                      String end) {
    }

    /** A label on the time axis. */
    public record Tick(double left, String label) {
    }

    /** The timeline of {@code report}, or null when nothing in it started. */
    static Gantt of(RunReport report) {
        if (report == null || report.simulatedStart() == null) {
            return null;
        }
        LocalDateTime t0 = LocalDateTime.parse(report.simulatedStart());
        LocalDateTime t1 = report.simulatedEnd() == null ? t0 : LocalDateTime.parse(report.simulatedEnd());
        double span = Math.max(60, Duration.between(t0, t1).toMinutes());
        Map<String, List<Bar>> lanes = new LinkedHashMap<>();
        report.agents().forEach(a -> lanes.put(a.agentId(), new ArrayList<>()));
        for (RunReport.TaskLine t : report.tasks()) {
            if (t.simulatedStart() == null) {
                continue;
            }
            LocalDateTime s = LocalDateTime.parse(t.simulatedStart());
            LocalDateTime e = t.simulatedEnd() == null ? t1 : LocalDateTime.parse(t.simulatedEnd());
            double left = round(Duration.between(t0, s).toMinutes() / span * 100);
            double width = round(Math.max(0, Duration.between(s, e).toMinutes()) / span * 100);
            boolean meeting = t.attendees() != null && !t.attendees().isEmpty();
            List<String> agents = meeting ? t.attendees() : t.assignee() == null ? List.of() : List.of(t.assignee());
            Bar bar = new Bar(t.taskId(), t.status(), meeting, left, width, t.simulatedStart(),
                    t.simulatedEnd() == null ? "" : t.simulatedEnd());
            agents.forEach(a -> lanes.computeIfAbsent(a, k -> new ArrayList<>()).add(bar));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < TICKS; i++) {
            double fraction = i / (double) (TICKS - 1);
            ticks.add(new Tick(round(fraction * 100), t0.plusMinutes(Math.round(fraction * span)).format(TICK)));
        }
        List<Lane> out = new ArrayList<>();
        lanes.forEach((agent, bars) -> out.add(new Lane(agent, bars)));
        return new Gantt(report.simulatedStart(), report.simulatedEnd(), out, ticks);
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
