package io.conclave.model.run;

import java.util.List;

/**
 * How to drive a project with simulated agents. {@code mode}: the execution mode ({@code fully_automated},
 * {@code incremental} or {@code simulation}; null: the project's {@code execution_mode}, else fully
 * automated). {@code checkpointFrequency}: where an incremental run stops ({@code after_each_task},
 * {@code after_each_meeting}, {@code daily}). {@code spawnAdditionalMeetings}: whether a simulation-mode
 * run lets rules spawn management meetings (default true in that mode). {@code seed}: the pseudo-random
 * draws; {@code failureRate}: the probability that a simulated task fails. {@code timeline}:
 * {@code calendar} (the project's {@code scheduling} block applies: its mode, working hours and days;
 * see {@link CalendarRun}) or {@code continuous} (simulated hours around the clock, scheduled dates
 * ignored); null: calendar when the project names a scheduling mode, else continuous. {@code agents}:
 * {@code simulated} (null: the default) or {@code real}: a run of real agents, who work the project over REST
 * while the run applies the execution mode to it (checkpoints, oversight triggers, interrupts) on the service's
 * clock; nothing is simulated, and {@code seed}, {@code failure_rate}, {@code timeline} and
 * {@code spawn_additional_meetings} do not apply.
 */
public record RunRequest(String mode, Long seed, Double failureRate, String timeline, String checkpointFrequency,
                         Boolean spawnAdditionalMeetings, String agents) {
    public static final String SIMULATED = "simulated";
    public static final String REAL = "real";
    public static final List<String> AGENTS = List.of(SIMULATED, REAL);

    public static final String FULLY_AUTOMATED = "fully_automated";
    public static final String INCREMENTAL = "incremental";
    public static final String SIMULATION = "simulation";
    public static final List<String> MODES = List.of(FULLY_AUTOMATED, INCREMENTAL, SIMULATION);
    public static final List<String> CHECKPOINT_FREQUENCIES = List.of("after_each_task", "after_each_meeting", "daily");
    public static final String CONTINUOUS = "continuous";
    public static final String CALENDAR = "calendar";
    public static final List<String> TIMELINES = List.of(CONTINUOUS, CALENDAR);

    /** A request of simulated agents. */
    public RunRequest(String mode, Long seed, Double failureRate, String timeline, String checkpointFrequency,
                      Boolean spawnAdditionalMeetings) {
        this(mode, seed, failureRate, timeline, checkpointFrequency, spawnAdditionalMeetings, null);
    }

    /** True for a run of real agents (nothing simulated). */
    public boolean realAgents() {
        return REAL.equals(agents);
    }

    /** A fully automated request on the given timeline. */
    public RunRequest(String mode, Long seed, Double failureRate, String timeline) {
        this(mode, seed, failureRate, timeline, null, null);
    }

    /** A continuous-timeline request. */
    public RunRequest(String mode, Long seed, Double failureRate) {
        this(mode, seed, failureRate, CONTINUOUS);
    }

    public long seedOrDefault() {
        return seed == null ? 0L : seed;
    }

    public double failureRateOrDefault() {
        return failureRate == null ? 0.0 : failureRate;
    }

    public String modeOrDefault() {
        return mode == null ? FULLY_AUTOMATED : mode;
    }

    public boolean calendar() {
        return CALENDAR.equals(timeline);
    }

    /** Whether management meetings may be spawned: only in simulation mode, and there unless turned off. */
    public boolean spawnsMeetings() {
        return SIMULATION.equals(mode) && !Boolean.FALSE.equals(spawnAdditionalMeetings);
    }
}
