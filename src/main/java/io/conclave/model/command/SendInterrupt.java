package io.conclave.model.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.Interrupt;

/**
 * An operator's interrupt of a project (the CEO of the original orchestrator): {@code pause},
 * {@code resume}, {@code status}, {@code skip} a task, {@code reprioritise} a task (1 to 5) or
 * {@code add_task} (a task in the project format). The oversight rules apply it at the next safe point
 * or refuse it.
 */
public record SendInterrupt(
        @NotNull(message = "is required")
        @Pattern(regexp = "pause|resume|skip|reprioritise|add_task|status",
                message = "unknown action '${validatedValue}': use one of [pause, resume, skip, reprioritise, add_task, status]")
        String action,
        @SafeId(optional = true) String taskId,
        @Min(value = 1, message = "must be from 1 to 5, was ${validatedValue}")
        @Max(value = 5, message = "must be from 1 to 5, was ${validatedValue}") Integer priority,
        // not cascaded: the added task is judged with the project it joins, its fields and its references together
        // (AddedTasks.check, as a task of the project file is), so that one answer names every problem
        ProjectSpec.TaskSpec task,
        @Size(max = 500, message = "is {max} characters at most") String reason) implements ProjectCommand, Checked {
    public static final String TYPE = "interrupt";
    /** The fields each action takes besides {@code action} and {@code reason}. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "pause", Set.of(), "resume", Set.of(), "status", Set.of(),
            "skip", Set.of("task_id"), "reprioritise", Set.of("task_id", "priority"), "add_task", Set.of("task"));

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        Set<String> takes = action == null ? null : FIELDS.get(action);
        if (takes == null) {
            return problems; // the action itself is refused
        }
        check(problems, takes, "task_id", taskId != null, "reprioritise".equals(action),
                "is required: the task to reprioritise");
        check(problems, takes, "priority", priority != null, "reprioritise".equals(action),
                "is required: the new priority, 1 to 5");
        check(problems, takes, "task", task != null, "add_task".equals(action),
                "is required: a task in the project format { task_id, description, ... }");
        return problems;
    }

    private void check(List<Problem> problems, Set<String> takes, String field, boolean given, boolean required,
                       String missing) {
        if (given && !takes.contains(field)) {
            problems.add(new Problem("$." + field, "is not a field of a " + action + " interrupt"));
        } else if (!given && required) {
            problems.add(new Problem("$." + field, missing));
        }
    }

    /** The fact the oversight rules decide on. */
    public Interrupt toFact() {
        return new Interrupt(action, task != null ? task.taskId() : taskId, priority == null ? 0 : priority, task,
                reason);
    }
}
