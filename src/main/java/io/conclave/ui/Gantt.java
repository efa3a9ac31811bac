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
 * meetings marked in the lane of each attendee. Positions are percentages of the chart's width, so it scales
 * with the page. Stretches of more than {@link #IDLE_MINUTES} in which no task runs (nights and weekends of a
 * calendar run) are squeezed to {@link #SQUEEZED_MINUTES} and marked as a break with how long they were, so
 * the working time gets the width. Only drawing: the times are the report's.
 */
public record Gantt(String start, String end, List<Lane> lanes, List<Tick> ticks, List<Break> breaks) {
    private static final int TICKS = 6;
    /** An idle stretch longer than this is squeezed. */
    static final long IDLE_MINUTES = 120;
    /** What a squeezed stretch is drawn as. */
    static final long SQUEEZED_MINUTES = 30;
    private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    /** An agent and its bars. */
    public record Lane(String agentId, List<Bar> bars) {
    }

    /** A task in an agent's lane: where it starts and how wide it is, in percent of the chart. */
    public record Bar(String taskId, String status, boolean meeting, double left, double width, String start,
                      String end) {
    }

    /** A label on the time axis. */
    public record Tick(double left, String label) {
    }

    /** An idle stretch squeezed: where it is drawn (percent) and how long it was ("16 h"). */
    public record Break(double left, double width, String idle) {
    }

    /** The timeline of {@code report}, or null when nothing in it started. */
    static Gantt of(RunReport report) {
        if (report == null || report.simulatedStart() == null) {
            return null;
        }
        LocalDateTime t0 = LocalDateTime.parse(report.simulatedStart());
        LocalDateTime t1 = report.simulatedEnd() == null ? t0 : LocalDateTime.parse(report.simulatedEnd());
        List<long[]> worked = new ArrayList<>();
        for (RunReport.TaskLine t : report.tasks()) {
            if (t.simulatedStart() != null) {
                worked.add(new long[] {minutes(t0, LocalDateTime.parse(t.simulatedStart())),
                        minutes(t0, t.simulatedEnd() == null ? t1 : LocalDateTime.parse(t.simulatedEnd()))});
            }
        }
        Axis axis = Axis.of(worked, Math.max(minutes(t0, t1), 0));
        Map<String, List<Bar>> lanes = new LinkedHashMap<>();
        report.agents().forEach(a -> lanes.put(a.agentId(), new ArrayList<>()));
        for (RunReport.TaskLine t : report.tasks()) {
            if (t.simulatedStart() == null) {
                continue;
            }
            long s = minutes(t0, LocalDateTime.parse(t.simulatedStart()));
            long e = t.simulatedEnd() == null ? minutes(t0, t1) : minutes(t0, LocalDateTime.parse(t.simulatedEnd()));
            double left = axis.percent(s);
            double width = round(Math.max(0, axis.percent(Math.max(s, e)) - left));
            boolean meeting = t.attendees() != null && !t.attendees().isEmpty();
            List<String> agents = meeting ? t.attendees() : t.assignee() == null ? List.of() : List.of(t.assignee());
            Bar bar = new Bar(t.taskId(), t.status(), meeting, left, width, t.simulatedStart(),
                    t.simulatedEnd() == null ? "" : t.simulatedEnd());
            agents.forEach(a -> lanes.computeIfAbsent(a, k -> new ArrayList<>()).add(bar));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < TICKS; i++) {
            double fraction = i / (double) (TICKS - 1);
            ticks.add(new Tick(round(fraction * 100), t0.plusMinutes(axis.realAt(fraction)).format(TICK)));
        }
        List<Break> breaks = axis.breaks().stream().map(b -> new Break(axis.percent(b[0]),
                round(axis.percent(b[1]) - axis.percent(b[0])), hours(b[1] - b[0]))).toList();
        List<Lane> out = new ArrayList<>();
        lanes.forEach((agent, bars) -> out.add(new Lane(agent, bars)));
        return new Gantt(report.simulatedStart(), report.simulatedEnd(), out, ticks, breaks);
    }

    /**
     * Simulated minutes (from the run's start) to drawn minutes: piecewise linear through {@code real} ->
     * {@code drawn}, with every idle stretch longer than {@link #IDLE_MINUTES} drawn {@link #SQUEEZED_MINUTES} long.
     */
    record Axis(long[] real, long[] drawn, List<long[]> breaks) {

        static Axis of(List<long[]> worked, long end) {
            List<long[]> sorted = new ArrayList<>(worked);
            sorted.sort((a, b) -> Long.compare(a[0], b[0]));
            List<long[]> busy = new ArrayList<>();
            for (long[] w : sorted) {
                long[] last = busy.isEmpty() ? null : busy.get(busy.size() - 1);
                if (last != null && w[0] <= last[1]) {
                    last[1] = Math.max(last[1], w[1]);
                } else {
                    busy.add(new long[] {w[0], Math.max(w[0], w[1])});
                }
            }
            List<Long> real = new ArrayList<>(List.of(0L));
            List<Long> drawn = new ArrayList<>(List.of(0L));
            List<long[]> breaks = new ArrayList<>();
            long cursor = 0;
            for (long[] b : busy) {
                if (b[0] > cursor) {
                    step(real, drawn, breaks, cursor, b[0]);
                }
                if (b[1] > Math.max(cursor, b[0])) {
                    long from = Math.max(cursor, b[0]);
                    real.add(b[1]);
                    drawn.add(drawn.get(drawn.size() - 1) + b[1] - from);
                }
                cursor = Math.max(cursor, b[1]);
            }
            if (end > cursor) {
                step(real, drawn, breaks, cursor, end);
            }
            return new Axis(real.stream().mapToLong(Long::longValue).toArray(),
                    drawn.stream().mapToLong(Long::longValue).toArray(), breaks);
        }

        /** An idle stretch from {@code from} to {@code to}: squeezed when long. */
        private static void step(List<Long> real, List<Long> drawn, List<long[]> breaks, long from, long to) {
            long idle = to - from;
            long shown = idle > IDLE_MINUTES ? SQUEEZED_MINUTES : idle;
            if (idle > IDLE_MINUTES) {
                breaks.add(new long[] {from, to});
            }
            real.add(to);
            drawn.add(drawn.get(drawn.size() - 1) + shown);
        }

        long total() {
            return Math.max(drawn[drawn.length - 1], 1);
        }

        /** Where simulated minute {@code m} is drawn, in percent of the chart. */
        double percent(long m) {
            return round(drawnAt(m) / total() * 100);
        }

        private double drawnAt(long m) {
            if (m <= real[0]) {
                return drawn[0];
            }
            for (int i = 1; i < real.length; i++) {
                if (m <= real[i]) {
                    long span = real[i] - real[i - 1];
                    return span == 0 ? drawn[i] : drawn[i - 1] + (double) (m - real[i - 1]) * (drawn[i] - drawn[i - 1]) / span;
                }
            }
            return drawn[drawn.length - 1];
        }

        /** The simulated minute drawn at {@code fraction} of the chart's width. */
        long realAt(double fraction) {
            double d = fraction * total();
            for (int i = 1; i < drawn.length; i++) {
                if (d <= drawn[i]) {
                    long span = drawn[i] - drawn[i - 1];
                    return span == 0 ? real[i] : Math.round(real[i - 1] + (d - drawn[i - 1]) * (real[i] - real[i - 1]) / span);
                }
            }
            return real[real.length - 1];
        }
    }

    private static long minutes(LocalDateTime t0, LocalDateTime t) {
        return Duration.between(t0, t).toMinutes();
    }

    private static String hours(long minutes) {
        return minutes % 60 == 0 ? minutes / 60 + " h" : String.format(java.util.Locale.ROOT, "%.1f h", minutes / 60.0);
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
