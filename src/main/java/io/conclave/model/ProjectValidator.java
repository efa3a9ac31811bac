package io.conclave.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a project definition before anything of it reaches the engine and reports every problem at once, each with
 * the JSON path where it is. What a field is on its own (ids, ranges, words, dates, sizes) is said by the constraints
 * on {@link ProjectSpec}'s records and judged by Bean Validation ({@link Violations}); what depends on the whole
 * definition is judged here: duplicate ids, unknown task and agent ids, reporting lines, decompositions, cycles, and
 * the {@code ceo_oversight} block (kept as JSON by the record, {@link io.conclave.model.run.OversightSettings}).
 *
 * <p>The problems come in the order this check has always given them (clients and tests read the first one), which
 * is not the records' field order: the project's own fields (its tasks' descriptions right after its description),
 * then each agent, the reporting lines, the decompositions that do not read, each task as {@link TaskTree} unfolds
 * them (inline subtasks after their parent), the references, the decompositions and the cycles, the oversight block.
 * {@link #ORDER} ranks the fields of each record in that order.
 */
public final class ProjectValidator {
    /** Longest estimate accepted for one task, in hours (five working years): beyond it, simulated time overflows. */
    public static final double MAX_HOURS = 10_000;

    /** The longest project title, in characters. */
    static final int MAX_TITLE = 500;
    /** The longest description of a project or a task, in characters. */
    static final int MAX_DESCRIPTION = 20_000;

    /** The order in which the fields of each record are reported (JSON names); the others come after, as declared. */
    private static final Map<Class<?>, List<String>> ORDER = Map.of(
            ProjectSpec.class, List.of("project_id", "title", "description", "tasks", "execution_mode", "scheduling",
                    "coordination", "contract_net", "time_slice_hours", "skill_development_rate", "spawning", "agents"),
            ProjectSpec.Scheduling.class, List.of("start_date", "mode", "working_hours", "working_days"),
            ProjectSpec.AgentSpec.class, List.of("agent_id", "skill_levels", "preferences", "priority", "capabilities",
                    "max_open_tasks", "availability"),
            ProjectSpec.TaskSpec.class, List.of("task_id", "description", "priority", "estimated_hours",
                    "scheduled_date", "required_skills", "coordination", "complexity", "retries", "on_subtask_failure",
                    "required_capability", "resources"));
    private static final Class<?> GROUP = ProjectSpec.Definition.class;
    private static final int TASKS = ORDER.get(ProjectSpec.class).indexOf("tasks");
    private static final int AGENTS = ORDER.get(ProjectSpec.class).indexOf("agents");

    private ProjectValidator() {
    }

    public static List<Problem> validate(ProjectSpec spec) {
        List<Violations.Found> own = Violations.of(spec, "$", List.of(), ORDER, GROUP);
        // an agent or a task that is not an object (null, a string...) has nothing to check further: said first, alone
        List<Violations.Found> missing = own.stream().filter(f -> f.place().size() == 2
                && (f.place().get(0) == AGENTS || f.place().get(0) == TASKS)).toList();
        if (!missing.isEmpty()) {
            return missing.stream().sorted(Comparator.comparing((Violations.Found f) -> f.place().get(0) != AGENTS)
                    .thenComparing(f -> f.place().get(1))).map(Violations.Found::problem).toList();
        }
        List<Violations.Found> fields = new ArrayList<>(own);
        TaskTree tree = TaskTree.of(spec.tasksOrEmpty());
        List<Violations.Found> taskFields = new ArrayList<>();
        for (int i = 0; i < tree.nodes().size(); i++) {
            TaskTree.Node node = tree.nodes().get(i);
            for (Violations.Found f : Violations.of(node.spec(), node.path(), List.of(i), ORDER, GROUP)) {
                if (f.problem().path().equals(node.path() + ".description")) {
                    // a task's description is reported with the project's own texts
                    List<Integer> place = new ArrayList<>(List.of(TASKS));
                    place.addAll(f.place());
                    fields.add(new Violations.Found(f.problem(), place));
                } else {
                    taskFields.add(f);
                }
            }
        }
        Set<String> agentIds = agentIds(spec.agentsOrEmpty(), fields);
        Map<String, Integer> index = taskIds(tree, taskFields);
        List<Problem> problems = new ArrayList<>(sorted(fields));
        ReportingLines.check(spec.agentsOrEmpty(), agentIds, problems);
        problems.addAll(tree.problems());
        problems.addAll(sorted(taskFields));
        references(tree, index, agentIds, problems);
        Set<String> taskIds = new HashSet<>();
        tree.specs().forEach(t -> taskIds.add(t.taskId()));
        io.conclave.model.run.OversightSettings.check(spec.ceoOversight(), taskIds, problems);
        return problems;
    }

    private static List<Problem> sorted(List<Violations.Found> found) {
        return found.stream().sorted(Violations.Found.IN_ORDER).map(Violations.Found::problem).toList();
    }

    /** The ids of the agents; an id given twice is a problem at its second place. */
    private static Set<String> agentIds(List<ProjectSpec.AgentSpec> agents, List<Violations.Found> found) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < agents.size(); i++) {
            ProjectSpec.AgentSpec a = agents.get(i);
            if (Ids.isValid(a.agentId()) && !ids.add(a.agentId())) {
                found.add(new Violations.Found(new Problem("$.agents[" + i + "].agent_id", "duplicate agent_id '"
                        + a.agentId() + "'"), Violations.place(List.of(AGENTS, i), a, "agent_id", ORDER)));
            }
        }
        return ids;
    }

    /** The index of each task id in the tree's order; an id given twice is a problem at its second place. */
    private static Map<String, Integer> taskIds(TaskTree tree, List<Violations.Found> found) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < tree.nodes().size(); i++) {
            ProjectSpec.TaskSpec t = tree.nodes().get(i).spec();
            if (Ids.isValid(t.taskId()) && index.putIfAbsent(t.taskId(), i) != null) {
                found.add(new Violations.Found(new Problem(tree.nodes().get(i).path() + ".task_id", "duplicate task_id '"
                        + t.taskId() + "'"), Violations.place(List.of(i), t, "task_id", ORDER)));
            }
        }
        return index;
    }

    /** What the tasks refer to (tasks, agents), then the decompositions and the cycles. */
    private static void references(TaskTree tree, Map<String, Integer> index, Set<String> agentIds,
                                   List<Problem> problems) {
        List<ProjectSpec.TaskSpec> tasks = tree.specs();
        List<String> paths = tree.nodes().stream().map(TaskTree.Node::path).toList();
        for (int i = 0; i < tasks.size(); i++) {
            ProjectSpec.TaskSpec t = tasks.get(i);
            String at = paths.get(i);
            references(t.dependenciesOrEmpty(), index.keySet(), at + ".dependencies", "task", problems);
            references(t.followUpsOrEmpty(), index.keySet(), at + ".follow_up_tasks", "task", problems);
            references(t.attendeesOrEmpty(), agentIds, at + ".attendees", "agent", problems);
            if (t.manager() != null && !agentIds.contains(t.manager())) {
                problems.add(new Problem(at + ".manager", "unknown agent id '" + t.manager() + "'"));
            }
        }
        Decompositions.check(tree, index, paths, problems);
        WaitCycles.dependencyCycles(tasks, paths, index, problems);
        WaitCycles.releaseCycles(tasks, paths, index, problems);
    }

    /**
     * The checks of one task of a project file at {@code at}, against the project's known task and
     * agent ids (its fields, then its references); a task added by an interrupt is checked with this.
     */
    public static List<Problem> checkTask(ProjectSpec.TaskSpec t, String at, Set<String> taskIds, Set<String> agentIds) {
        List<Problem> problems = new ArrayList<>(sorted(Violations.of(t, at, List.of(), ORDER, GROUP)));
        references(t.dependenciesOrEmpty(), taskIds, at + ".dependencies", "task", problems);
        references(t.attendeesOrEmpty(), agentIds, at + ".attendees", "agent", problems);
        if (t.manager() != null && !agentIds.contains(t.manager())) {
            problems.add(new Problem(at + ".manager", "unknown agent id '" + t.manager() + "'"));
        }
        return problems;
    }

    /**
     * Checks an agent registered to (or, {@code update}, redefined in) a loaded project whose agents are
     * {@code current}, as a request body ({@code $}): its own fields as the file's agents are checked, and its
     * manager, which must be another agent of the project without making the reporting lines a cycle. Whether
     * the id is free (or taken, for an update) is the policy's to say.
     */
    public static List<Problem> checkMember(ProjectSpec.AgentSpec a, List<Agent> current) {
        List<Problem> problems = new ArrayList<>();
        if (a == null) {
            problems.add(new Problem("$", "an agent must be a JSON object { agent_id, skill_levels, ... }"));
            return problems;
        }
        problems.addAll(sorted(Violations.of(a, "$", List.of(), ORDER, GROUP)));
        if (a.manager() != null && a.agentId() != null) {
            Map<String, String> managers = new HashMap<>();
            current.forEach(x -> managers.put(x.getAgentId(), x.getManager()));
            if (a.manager().equals(a.agentId())) {
                problems.add(new Problem("$.manager", "an agent cannot be its own manager"));
            } else if (!managers.containsKey(a.manager())) {
                problems.add(new Problem("$.manager", "unknown agent id '" + a.manager() + "'"));
            } else {
                managers.put(a.agentId(), a.manager());
                List<String> chain = new ArrayList<>(List.of(a.agentId()));
                for (String up = a.manager(); up != null && chain.size() <= managers.size(); up = managers.get(up)) {
                    chain.add(up);
                    if (up.equals(a.agentId())) {
                        problems.add(new Problem("$.manager", "reporting lines must form a tree; cycle: "
                                + String.join(" -> ", chain)));
                        break;
                    }
                }
            }
        }
        return problems;
    }

    private static void references(List<String> refs, Set<String> known, String at, String kind, List<Problem> problems) {
        for (int j = 0; j < refs.size(); j++) {
            if (!known.contains(refs.get(j))) {
                problems.add(new Problem(at + "[" + j + "]", "unknown " + kind + " id '" + refs.get(j) + "'"));
            }
        }
    }
}
