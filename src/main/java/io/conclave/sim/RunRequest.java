package io.conclave.sim;

import java.util.List;

/**
 * How to drive a project with simulated agents: the mode (only {@code fully_automated} so far), the
 * seed of the pseudo-random draws, the probability that a simulated task fails, and the timeline:
 * {@code continuous} (default: simulated hours run around the clock from the origin, scheduled dates
 * ignored) or {@code calendar} (the project's {@code scheduling} block applies: its mode, working hours
 * and working days; see {@link CalendarRun}).
 */
public record RunRequest(String mode, Long seed, Double failureRate, String timeline) {
    public static final String FULLY_AUTOMATED = "fully_automated";
    public static final String CONTINUOUS = "continuous";
    public static final String CALENDAR = "calendar";
    public static final List<String> TIMELINES = List.of(CONTINUOUS, CALENDAR);

    /** A continuous-timeline request. */
    public RunRequest(String mode, Long seed, Double failureRate) {
        this(mode, seed, failureRate, null);
    }

    public long seedOrDefault() {
        return seed == null ? 0L : seed;
    }

    public double failureRateOrDefault() {
        return failureRate == null ? 0.0 : failureRate;
    }

    public String timelineOrDefault() {
        return timeline == null ? CONTINUOUS : timeline;
    }

    public boolean calendar() {
        return CALENDAR.equals(timeline);
    }
}
