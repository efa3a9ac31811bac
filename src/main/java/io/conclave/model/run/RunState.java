package io.conclave.model.run;

import io.conclave.model.Fact;

/**
 * A run of a project (simulated, or of real agents) as the rules see it: its id, its execution mode and settings, and its
 * status. The run inserts it when it starts and reads its status after every step: rules pause it
 * (checkpoints.drl, oversight.drl) and resume it by modifying this fact, so when a run stops is policy.
 * One per project; a new run replaces the previous one's.
 */
@org.kie.api.definition.type.ClassReactive
public final class RunState implements Fact {
    public static final String FULLY_AUTOMATED = "fully_automated";
    public static final String INCREMENTAL = "incremental";
    public static final String SIMULATION = "simulation";

    private final String runId;
    private final String mode;
    private final String checkpointFrequency;
    private final boolean spawnAdditionalMeetings;
    private final boolean live;
    private RunStatus status = RunStatus.RUNNING;
    private String reason;
    private int checkpoints;
    private int pauses;

    public RunState(String runId, String mode, String checkpointFrequency, boolean spawnAdditionalMeetings) {
        this(runId, mode, checkpointFrequency, spawnAdditionalMeetings, false);
    }

    /** {@code live}: a run of real agents, on the service's clock, rather than a simulated one. */
    public RunState(String runId, String mode, String checkpointFrequency, boolean spawnAdditionalMeetings,
                    boolean live) {
        this.live = live;
        this.runId = runId;
        this.mode = mode;
        this.checkpointFrequency = checkpointFrequency;
        this.spawnAdditionalMeetings = spawnAdditionalMeetings;
    }

    public String getRunId() { return runId; }
    /** fully_automated | incremental | simulation. */
    public String getMode() { return mode; }
    /** after_each_task | after_each_meeting | daily in an incremental run; null otherwise. */
    public String getCheckpointFrequency() { return checkpointFrequency; }
    /** Simulation mode: rules may spawn management meetings as the project evolves. */
    public boolean isSpawnAdditionalMeetings() { return spawnAdditionalMeetings; }
    public RunStatus getStatus() { return status; }
    /** Why the run is paused (or completed), in words; null while running. */
    public String getReason() { return reason; }
    /** Checkpoints reached so far. */
    public int getCheckpoints() { return checkpoints; }
    /** Pauses so far by interrupts or oversight triggers (checkpoints not counted). */
    public int getPauses() { return pauses; }

    public boolean isRunning() { return status == RunStatus.RUNNING; }
    /** A run of real agents: they work the project over REST, the run applies its mode (rules/execution/live_runs.drl). */
    public boolean isLive() { return live; }
    /** Paused by an interrupt, an oversight trigger or at a checkpoint. */
    public boolean isPaused() { return status == RunStatus.PAUSED || status == RunStatus.PAUSED_AT_CHECKPOINT; }
    public boolean isIncremental() { return INCREMENTAL.equals(mode); }
    public boolean isSimulation() { return SIMULATION.equals(mode); }

    /** A checkpoint stops the run here; {@code reason} says which. */
    public void checkpoint(String why) {
        status = RunStatus.PAUSED_AT_CHECKPOINT;
        reason = why;
        checkpoints++;
    }

    /** An interrupt or an oversight trigger pauses the run. */
    public void pause(String why) {
        status = RunStatus.PAUSED;
        reason = why;
        pauses++;
    }

    /** The run continues. */
    public void resume() {
        status = RunStatus.RUNNING;
        reason = null;
    }

    /** Nothing more can progress. */
    public void complete(String why) {
        status = RunStatus.COMPLETED;
        reason = why;
    }

    /** The policy failed during a step; the run stops for good. */
    public void fail(String why) {
        status = RunStatus.FAILED;
        reason = why;
    }

    @Override
    public String factKey() {
        return runId;
    }

    @Override
    public String describe() {
        return "run " + runId + " [" + mode + (live ? ", real agents" : "") + ", " + status + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
