package io.conclave.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The facts a validated project definition starts with, in file order: the project's settings,
 * agents, tasks (subtasks unfolded, see {@link TaskTree}), and one fact per dependency, follow-up and
 * subtask edge (plus the roster of the agents when inserted). Tasks listed as someone's follow-up, and
 * subtasks, start unreleased: a follow-up becomes known when its parent completes, a subtask when its
 * parent is ready.
 */
public record ProjectFacts(ProjectSettings settings, List<Agent> agents, List<Task> tasks, List<Fact> edges,
                           SpawnSettings spawning) {

    /** Hands every initial fact to {@code insert} in session order: settings, spawn settings, agents, their roster, the waiting line, tasks, edges. */
    public void insertInto(Consumer<Object> insert) {
        insert.accept(settings);
        insert.accept(spawning);
        agents.forEach(insert);
        insert.accept(new Roster(agents));
        insert.accept(new WaitingLine());
        tasks.forEach(insert);
        edges.forEach(insert);
    }

    /** The agent a validated definition describes, {@code order}-th of its project. */
    public static Agent agentOf(ProjectSpec.AgentSpec a, int order) {
        return new Agent(a.agentId(), a.name(), a.occupation(), order, a.skillsOrEmpty(), a.preferencesOrEmpty(),
                a.maxOpenTasks() == null ? ProjectSpec.DEFAULT_MAX_OPEN_TASKS : a.maxOpenTasks(),
                a.manager(), a.capabilitiesOrEmpty(), a.priorityOrDefault());
    }

    public static ProjectFacts of(ProjectSpec spec) {
        List<Agent> agents = new ArrayList<>();
        int order = 0;
        for (ProjectSpec.AgentSpec a : spec.agentsOrEmpty()) {
            agents.add(agentOf(a, order++));
        }
        ProjectSettings settings = ProjectSettings.of(spec);
        TaskTree tree = TaskTree.of(spec.tasksOrEmpty());
        Map<String, String> parents = tree.parents();
        Map<String, List<String>> children = new HashMap<>();
        tree.edges().forEach(e -> children.computeIfAbsent(e.getParent(), k -> new ArrayList<>()).add(e.getChild()));
        Set<String> followUps = new HashSet<>();
        List<Fact> edges = new ArrayList<>();
        for (ProjectSpec.TaskSpec t : tree.specs()) {
            for (String child : t.followUpsOrEmpty()) {
                followUps.add(child);
                edges.add(new FollowUp(t.taskId(), child));
            }
        }
        List<Task> tasks = new ArrayList<>();
        order = 0;
        for (ProjectSpec.TaskSpec t : tree.specs()) {
            String parent = parents.get(t.taskId());
            boolean dormant = followUps.contains(t.taskId()) || parent != null;
            Coordination own = Coordination.parse(t.coordination());
            Task.Traits traits = new Task.Traits(own != null ? own : settings.getCoordination(),
                    t.requiredCapability(), t.complexityOrDefault(), t.resourcesOrEmpty(), parent,
                    children.getOrDefault(t.taskId(), List.of()), "continue".equals(t.onSubtaskFailure()),
                    t.retriesOrDefault(), t.manager());
            Task task = new Task(t.taskId(), t.description(), Dates.parse(t.scheduledDate()), t.hoursOrDefault(),
                    t.priorityOrDefault(), Boolean.TRUE.equals(t.meetingRequired()), t.attendeesOrEmpty(),
                    t.requiredSkillsOrEmpty(), t.dependenciesOrEmpty(), t.followUpsOrEmpty(), t.taskType(),
                    order++, !dormant, traits);
            if (parent != null) {
                task.setStatusReason("subtask of " + parent + ": becomes known when " + parent + " is ready");
            } else if (dormant) {
                task.setStatusReason("follow-up: becomes known when the task that lists it completes");
            }
            tasks.add(task);
            for (String dep : t.dependenciesOrEmpty()) {
                edges.add(new Dependency(t.taskId(), dep));
            }
        }
        edges.addAll(tree.edges());
        return new ProjectFacts(settings, agents, tasks, edges, SpawnSettings.of(spec));
    }
}
