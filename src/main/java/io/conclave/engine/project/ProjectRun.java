package io.conclave.engine.project;

import java.util.List;

import io.conclave.model.run.RunStatus;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;


/**
 * One simulated run of a project as its runtime keeps it: the simulator that drives it, the journal
 * entry that started it, the interrupts applied while it was open, and its report once it is over.
 */
public final class ProjectRun {
    private final String runId;
    private final long startSeq;
    private final RunDriver simulator;
    private int interrupts;
    private int checkpointsSeen;
    private RunReport finalReport;

    ProjectRun(String runId, long startSeq, RunDriver simulator) {
        this.runId = runId;
        this.startSeq = startSeq;
        this.simulator = simulator;
    }

    public String runId() { return runId; }
    /** Journal sequence number of the run's start. */
    public long startSeq() { return startSeq; }
    public RunRequest request() { return simulator.request(); }
    public RunStatus status() { return simulator.state().getStatus(); }
    public String reason() { return simulator.state().getReason(); }
    public boolean running() { return status() == RunStatus.RUNNING; }
    public boolean open() { return status().open(); }
    /** A run of real agents ({@link LiveRun}): nothing to step, the agents move it. */
    public boolean live() { return simulator instanceof LiveRun; }
    public int interrupts() { return interrupts; }
    public RunReport.Progress progress() { return simulator.progress(); }
    RunDriver driver() { return simulator; }

    void interrupted() {
        interrupts++;
    }

    /** True once for each checkpoint the rules added since the last call. */
    boolean newCheckpoint() {
        int reached = simulator.state().getCheckpoints();
        boolean fresh = reached > checkpointsSeen;
        checkpointsSeen = reached;
        return fresh;
    }

    /** The report so far; once the run is over, the report as it ended (later commands do not change it). */
    public RunReport report() {
        return finalReport != null ? finalReport : simulator.report(interrupts);
    }

    /** Freezes the report when the run has just ended. */
    void settle() {
        if (!open() && finalReport == null) {
            finalReport = simulator.report(interrupts);
        }
    }

}
