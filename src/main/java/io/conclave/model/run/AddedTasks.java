package io.conclave.model.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.conclave.model.Coordination;
import io.conclave.model.Dates;
import io.conclave.model.Dependency;
import io.conclave.model.Fact;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSettings;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ProjectValidator;
import io.conclave.model.Task;

/**
 * A task added by an interrupt (add_task): checked as a task of the project file would be, then
 * turned into the same facts: the task (released, PENDING, last in load order) and its dependency edges.
 * An added task has no follow-ups and no subtasks (nothing of the project waits for it yet).
 */
public final class AddedTasks {
    private AddedTasks() {
    }

    /**
     * Every problem of {@code t} at {@code at} ("$.task"): the checks of a project file's task, a new id,
     * known dependencies and attendees, and neither follow-ups nor subtasks.
     */
    public static List<Problem> check(ProjectSpec.TaskSpec t, String at, Set<String> taskIds, Set<String> agentIds) {
        List<Problem> problems = new ArrayList<>(ProjectValidator.checkTask(t, at, taskIds, agentIds));
        if (t.taskId() != null && taskIds.contains(t.taskId())) {
            problems.add(new Problem(at + ".task_id", "task '" + t.taskId() + "' already exists in the project"));
        }
        if (!t.followUpsOrEmpty().isEmpty()) {
            problems.add(new Problem(at + ".follow_up_tasks", "an added task cannot release follow-ups: add them as dependents instead"));
        }
        if (!t.subtasksOrEmpty().isEmpty()) {
            problems.add(new Problem(at + ".subtasks", "an added task cannot be decomposed: add its parts as tasks"));
        }
        return problems;
    }

    /** The task fact of a checked spec, {@code loadOrder} after every task of the project. */
    public static Task task(ProjectSpec.TaskSpec t, int loadOrder, ProjectSettings settings) {
        Coordination own = Coordination.parse(t.coordination());
        Task.Traits traits = new Task.Traits(own != null ? own : settings.getCoordination(), t.requiredCapability(),
                t.complexityOrDefault(), t.resourcesOrEmpty(), null, List.of(), false, t.retriesOrDefault(), t.manager());
        return new Task(t.taskId(), t.description(), Dates.parse(t.scheduledDate()), t.hoursOrDefault(),
                t.priorityOrDefault(), Boolean.TRUE.equals(t.meetingRequired()), t.attendeesOrEmpty(),
                t.requiredSkillsOrEmpty(), t.dependenciesOrEmpty(), List.of(), t.taskType(), loadOrder, true, traits);
    }

    /** One edge per dependency of the added task. */
    public static List<Fact> dependencies(ProjectSpec.TaskSpec t) {
        List<Fact> out = new ArrayList<>();
        t.dependenciesOrEmpty().forEach(d -> out.add(new Dependency(t.taskId(), d)));
        return out;
    }
}
