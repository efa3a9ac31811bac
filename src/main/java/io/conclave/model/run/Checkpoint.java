package io.conclave.model.run;

import java.util.List;

/** A saved state of the run: where an incremental run stopped, restorable while among the last few. */
public record Checkpoint(String checkpointId, String runId, long seq, String reason, String simulatedTime,
                         RunReport.TaskSummary taskSummary, List<String> inProgress) {
}
