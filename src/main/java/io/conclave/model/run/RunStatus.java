package io.conclave.model.run;

/** Where a simulated run stands. */
public enum RunStatus {
    /** The run is stepping through simulated time. */
    RUNNING,
    /** Paused by an interrupt (or an oversight trigger); {@code resume} continues it. */
    PAUSED,
    /** Stopped at a checkpoint of an incremental run, with a saved state; {@code resume} continues it. */
    PAUSED_AT_CHECKPOINT,
    /** Nothing more can progress: the report is final. */
    COMPLETED,
    /**
     * The policy failed during a step (a rule loop, a refused simulated report): the run stopped there;
     * or nothing more could progress and no task had completed (every task failed, is blocked or found
     * nobody): the reason says which.
     */
    FAILED;

    /** True while the run may still continue (running or paused). */
    public boolean open() {
        return this != COMPLETED && this != FAILED;
    }
}
