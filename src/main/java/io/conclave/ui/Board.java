package io.conclave.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.conclave.app.project.ProjectViews;
import io.conclave.model.TaskStatus;

/**
 * A project's tasks as a board: one column per status in lifecycle order. The statuses a task passes
 * through in every project are always shown; the ones only some coordination patterns or interrupts
 * use (announced, failed, skipped) only when a task is in them.
 */
public record Board(List<Column> columns) {
    private static final Set<TaskStatus> OCCASIONAL = Set.of(TaskStatus.ANNOUNCED, TaskStatus.FAILED, TaskStatus.SKIPPED);

    /** One column: the status, its label and its tasks in definition order. */
    public record Column(String status, String label, List<ProjectViews.TaskView> tasks) {
    }

    static Board of(List<ProjectViews.TaskView> tasks) {
        List<Column> columns = new ArrayList<>();
        for (TaskStatus s : TaskStatus.values()) {
            List<ProjectViews.TaskView> in = tasks.stream().filter(t -> t.status().equals(s.name())).toList();
            if (!in.isEmpty() || !OCCASIONAL.contains(s)) {
                columns.add(new Column(s.name(), s == TaskStatus.COMPLETED ? "done" : UiFormat.words(s.name()), in));
            }
        }
        return new Board(columns);
    }
}
