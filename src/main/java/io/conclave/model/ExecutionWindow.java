package io.conclave.model;

/**
 * The window of work a rule gave a time-sliced agent: which task, from which hour, for how long, and
 * whether the task's estimate is reached at its end (then the agent reports it done). The agent's
 * previous window is dropped when it asks for the next one.
 */
public record ExecutionWindow(String agentId, String taskId, double startHour, double hours, boolean finishes,
                              boolean first) {
}
