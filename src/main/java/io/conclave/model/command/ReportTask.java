package io.conclave.model.command;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.TaskEvent;

/**
 * An agent reports on a task: it started, completed or failed it, with what it produced ({@code result},
 * any JSON, kept on completion). The workflow rules accept it from the task's holder or refuse it.
 */
public record ReportTask(TaskEvent.Kind kind, @SafeId(optional = true) String taskId, @SafeId String agentId, JsonNode result)
        implements ProjectCommand {
    public static final String TYPE = "task_event";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    /** The fact the rules decide on. */
    public TaskEvent toFact() {
        return new TaskEvent(kind, taskId, agentId, result);
    }
}
