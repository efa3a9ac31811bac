package io.conclave.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The facts a validated project definition starts with, in file order: agents, tasks, and one fact
 * per dependency and follow-up edge (plus the roster of the agents when inserted). Tasks listed as someone's follow-up start unreleased.
 */
public record ProjectFacts(List<Agent> agents, List<Task> tasks, List<Fact> edges) {

    /** Hands every initial fact to {@code insert} in session order: agents, their roster, tasks, edges. */
    public void insertInto(Consumer<Object> insert) {
        agents.forEach(insert);
        insert.accept(new Roster(agents));
        tasks.forEach(insert);
        edges.forEach(insert);
    }

    public static ProjectFacts of(ProjectSpec spec) {
        List<Agent> agents = new ArrayList<>();
        int order = 0;
        for (ProjectSpec.AgentSpec a : spec.agentsOrEmpty()) {
            agents.add(new Agent(a.agentId(), a.name(), a.occupation(), order++, a.skillsOrEmpty(),
                    a.preferencesOrEmpty(),
                    a.maxOpenTasks() == null ? ProjectSpec.DEFAULT_MAX_OPEN_TASKS : a.maxOpenTasks()));
        }
        Set<String> followUps = new HashSet<>();
        List<Fact> edges = new ArrayList<>();
        for (ProjectSpec.TaskSpec t : spec.tasksOrEmpty()) {
            for (String child : t.followUpsOrEmpty()) {
                followUps.add(child);
                edges.add(new FollowUp(t.taskId(), child));
            }
        }
        List<Task> tasks = new ArrayList<>();
        order = 0;
        for (ProjectSpec.TaskSpec t : spec.tasksOrEmpty()) {
            boolean dormant = followUps.contains(t.taskId());
            Task task = new Task(t.taskId(), t.description(), Dates.parse(t.scheduledDate()), t.hoursOrDefault(),
                    t.priorityOrDefault(), Boolean.TRUE.equals(t.meetingRequired()), t.attendeesOrEmpty(),
                    t.requiredSkillsOrEmpty(), t.dependenciesOrEmpty(), t.followUpsOrEmpty(), t.taskType(),
                    order++, !dormant);
            if (dormant) {
                task.setStatusReason("follow-up: becomes known when the task that lists it completes");
            }
            tasks.add(task);
            for (String dep : t.dependenciesOrEmpty()) {
                edges.add(new Dependency(t.taskId(), dep));
            }
        }
        return new ProjectFacts(agents, tasks, edges);
    }
}
