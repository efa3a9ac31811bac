package io.conclave.model;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a project definition before anything of it reaches the engine and reports every problem at
 * once, each with the JSON path where it is: ids (safe, unique, known), ranges (skills 1..10, priority
 * 1..5, hours >= 0), dates, coordination settings, and cycles (dependencies, reporting lines,
 * decompositions), named node by node.
 */
public final class ProjectValidator {
    /** Longest estimate accepted for one task, in hours (five working years): beyond it, simulated time overflows. */
    public static final double MAX_HOURS = 10_000;

    private ProjectValidator() {
    }

    /** The longest project title, in characters. */
    static final int MAX_TITLE = 500;
    /** The longest description of a project or a task, in characters. */
    static final int MAX_DESCRIPTION = 20_000;

    private static void textLimit(String text, int max, String path, List<Problem> problems) {
        if (text != null && text.length() > max) {
            problems.add(new Problem(path, "is " + text.length() + " characters long; at most " + max));
        }
    }

    public static List<Problem> validate(ProjectSpec spec) {
        List<Problem> problems = new ArrayList<>();
        // an agent or a task that is not an object (null, a string...) has nothing to check further: said first, alone
        for (int i = 0; i < spec.agentsOrEmpty().size(); i++) {
            if (spec.agentsOrEmpty().get(i) == null) {
                problems.add(new Problem("$.agents[" + i + "]", "must be an agent object, not null"));
            }
        }
        for (int i = 0; i < spec.tasksOrEmpty().size(); i++) {
            if (spec.tasksOrEmpty().get(i) == null) {
                problems.add(new Problem("$.tasks[" + i + "]", "must be a task object, not null"));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        idProblem(spec.projectId(), "$.project_id", problems);
        textLimit(spec.title(), MAX_TITLE, "$.title", problems);
        textLimit(spec.description(), MAX_DESCRIPTION, "$.description", problems);
        for (int i = 0; i < spec.tasksOrEmpty().size(); i++) {
            textLimit(spec.tasksOrEmpty().get(i).description(), MAX_DESCRIPTION, "$.tasks[" + i + "].description",
                    problems);
        }
        if (spec.executionMode() != null && !io.conclave.model.run.RunRequest.MODES.contains(spec.executionMode())) {
            problems.add(new Problem("$.execution_mode", "unknown mode '" + spec.executionMode() + "': use one of "
                    + io.conclave.model.run.RunRequest.MODES));
        }
        if (spec.scheduling() != null) {
            dateProblem(spec.scheduling().startDate(), "$.scheduling.start_date", problems);
            calendar(spec.scheduling(), problems);
        }
        if (spec.coordination() != null && Coordination.parse(spec.coordination()) == null) {
            problems.add(new Problem("$.coordination", "unknown pattern '" + spec.coordination() + "': use one of "
                    + Coordination.names()));
        }
        ProjectSpec.ContractNet cn = spec.contractNet();
        if (cn != null && cn.bidWindowMinutes() != null && !(cn.bidWindowMinutes() > 0 && cn.bidWindowMinutes() <= 525_600)) {
            problems.add(new Problem("$.contract_net.bid_window_minutes", "must be above 0 and at most 525600 (a year), was "
                    + cn.bidWindowMinutes()));
        }
        if (cn != null && cn.maxAnnouncements() != null && (cn.maxAnnouncements() < 1 || cn.maxAnnouncements() > 100)) {
            problems.add(new Problem("$.contract_net.max_announcements", "must be between 1 and 100, was " + cn.maxAnnouncements()));
        }
        if (spec.timeSliceHours() != null && !(spec.timeSliceHours() >= 0.01 && spec.timeSliceHours() <= MAX_HOURS)) {
            problems.add(new Problem("$.time_slice_hours", "must be between 0.01 and " + (int) MAX_HOURS + ", was "
                    + spec.timeSliceHours()));
        }
        if (spec.skillDevelopmentRate() != null && !(spec.skillDevelopmentRate() >= 0 && spec.skillDevelopmentRate() <= 10)) {
            problems.add(new Problem("$.skill_development_rate", "must be between 0 and 10, was " + spec.skillDevelopmentRate()));
        }
        spawning(spec.spawning(), problems);
        Set<String> agentIds = checkAgents(spec.agentsOrEmpty(), problems);
        ReportingLines.check(spec.agentsOrEmpty(), agentIds, problems);
        checkTasks(spec.tasksOrEmpty(), agentIds, problems);
        Set<String> taskIds = new HashSet<>();
        TaskTree.of(spec.tasksOrEmpty()).specs().forEach(t -> {
            if (t != null) {
                taskIds.add(t.taskId());
            }
        });
        io.conclave.model.run.OversightSettings.check(spec.ceoOversight(), taskIds, problems);
        return problems;
    }

    /** A task's own fields: priority, estimate, scheduled date, skill levels, coordination traits. */
    private static void ownFields(ProjectSpec.TaskSpec t, String at, List<Problem> problems) {
        if (t.priority() != null && (t.priority() < 1 || t.priority() > 5)) {
            problems.add(new Problem(at + ".priority", "must be between 1 and 5, was " + t.priority()));
        }
        if (t.estimatedHours() != null && !(t.estimatedHours() >= 0 && t.estimatedHours() <= MAX_HOURS)) {
            problems.add(new Problem(at + ".estimated_hours",
                    "must be between 0 and " + (int) MAX_HOURS + ", was " + t.estimatedHours()));
        }
        dateProblem(t.scheduledDate(), at + ".scheduled_date", problems);
        levels(t.requiredSkillsOrEmpty(), at + ".required_skills", problems);
        coordinationTraits(t, at, problems);
    }

    /**
     * The checks of one task of a project file at {@code at}, against the project's known task and
     * agent ids (ids, ranges, dates, coordination fields, references); a task added by an interrupt
     * is checked with this.
     */
    public static List<Problem> checkTask(ProjectSpec.TaskSpec t, String at, Set<String> taskIds, Set<String> agentIds) {
        List<Problem> problems = new ArrayList<>();
        idProblem(t.taskId(), at + ".task_id", problems);
        ownFields(t, at, problems);
        references(t.dependenciesOrEmpty(), taskIds, at + ".dependencies", "task", problems);
        references(t.attendeesOrEmpty(), agentIds, at + ".attendees", "agent", problems);
        if (t.manager() != null && !agentIds.contains(t.manager())) {
            problems.add(new Problem(at + ".manager", "unknown agent id '" + t.manager() + "'"));
        }
        return problems;
    }

    /** The caps of spawning: at least 0 tasks (0 spawns nothing, on record) and depth at least 1. */
    private static void spawning(ProjectSpec.Spawning s, List<Problem> problems) {
        if (s == null) {
            return;
        }
        if (s.maxSpawnedTasks() != null && (s.maxSpawnedTasks() < 0 || s.maxSpawnedTasks() > SpawnSettings.MAX_SPAWNED_TASKS_LIMIT)) {
            problems.add(new Problem("$.spawning.max_spawned_tasks", "must be between 0 and "
                    + SpawnSettings.MAX_SPAWNED_TASKS_LIMIT + ", was " + s.maxSpawnedTasks()));
        }
        if (s.maxSpawnDepth() != null && (s.maxSpawnDepth() < 1 || s.maxSpawnDepth() > SpawnSettings.MAX_SPAWN_DEPTH_LIMIT)) {
            problems.add(new Problem("$.spawning.max_spawn_depth", "must be between 1 and "
                    + SpawnSettings.MAX_SPAWN_DEPTH_LIMIT + ", was " + s.maxSpawnDepth()));
        }
    }

    /** The scheduling mode, working hours (start before end) and working days (known, distinct, at least one). */
    private static void calendar(ProjectSpec.Scheduling s, List<Problem> problems) {
        if (s.mode() != null && !ProjectSpec.Scheduling.MODES.contains(s.mode())) {
            problems.add(new Problem("$.scheduling.mode", "unknown mode '" + s.mode() + "': use one of "
                    + ProjectSpec.Scheduling.MODES));
        }
        ProjectSpec.WorkingHours wh = s.workingHours();
        if (wh != null) {
            Integer start = wh.start() == null ? Integer.valueOf(9 * 60) : io.conclave.model.scheduling.DayTime.minutes(wh.start());
            Integer end = wh.end() == null ? Integer.valueOf(17 * 60) : io.conclave.model.scheduling.DayTime.minutes(wh.end());
            if (start == null) {
                problems.add(new Problem("$.scheduling.working_hours.start", "must be \"HH:MM\" or hours (9.5), was " + wh.start()));
            }
            if (end == null) {
                problems.add(new Problem("$.scheduling.working_hours.end", "must be \"HH:MM\" or hours (17), was " + wh.end()));
            }
            if (start != null && end != null && end <= start) {
                problems.add(new Problem("$.scheduling.working_hours.end", "must be after start"));
            }
        }
        List<String> days = s.workingDays();
        if (days != null && days.isEmpty()) {
            problems.add(new Problem("$.scheduling.working_days", "must name at least one day"));
        }
        Set<java.time.DayOfWeek> seen = new HashSet<>();
        for (int i = 0; days != null && i < days.size(); i++) {
            java.time.DayOfWeek d = ProjectSpec.Scheduling.day(days.get(i));
            if (d == null) {
                problems.add(new Problem("$.scheduling.working_days[" + i + "]", "unknown day '" + days.get(i)
                        + "': use one of " + ProjectSpec.Scheduling.DAY_NAMES));
            } else if (!seen.add(d)) {
                problems.add(new Problem("$.scheduling.working_days[" + i + "]", "duplicate day '" + days.get(i) + "'"));
            }
        }
    }

    private static Set<String> checkAgents(List<ProjectSpec.AgentSpec> agents, List<Problem> problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < agents.size(); i++) {
            ProjectSpec.AgentSpec a = agents.get(i);
            String at = "$.agents[" + i + "]";
            if (a == null) {
                problems.add(new Problem(at, "must be an object"));
                continue;
            }
            if (!idProblem(a.agentId(), at + ".agent_id", problems) && !ids.add(a.agentId())) {
                problems.add(new Problem(at + ".agent_id", "duplicate agent_id '" + a.agentId() + "'"));
            }
            checkAgent(a, at, problems);
        }
        return ids;
    }

    /** The checks of one agent's own fields, as the file's agents have them, at JSON path {@code at}. */
    private static void checkAgent(ProjectSpec.AgentSpec a, String at, List<Problem> problems) {
        levels(a.skillsOrEmpty(), at + ".skill_levels", problems);
        a.preferencesOrEmpty().forEach((type, level) -> {
            if (level == null || !(level >= 0 && level <= 10)) {
                problems.add(new Problem(at + ".preferences." + type, "must be between 0 and 10, was " + level));
            }
        });
        if (a.priority() != null && (a.priority() < 1 || a.priority() > 5)) {
            problems.add(new Problem(at + ".priority", "must be between 1 and 5, was " + a.priority()));
        }
        List<String> caps = a.capabilitiesOrEmpty();
        for (int k = 0; k < caps.size(); k++) {
            if (caps.get(k) == null || caps.get(k).isBlank()) {
                problems.add(new Problem(at + ".capabilities[" + k + "]", "must be a non-empty name"));
            }
        }
        if (a.maxOpenTasks() != null && a.maxOpenTasks() < 1) {
            problems.add(new Problem(at + ".max_open_tasks", "must be at least 1, was " + a.maxOpenTasks()));
        }
        List<ProjectSpec.Availability> free = a.availabilityOrEmpty();
        for (int k = 0; k < free.size(); k++) {
            availability(free.get(k), at + ".availability[" + k + "]", problems);
        }
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
        idProblem(a.agentId(), "$.agent_id", problems);
        checkAgent(a, "$", problems);
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

    private static void availability(ProjectSpec.Availability a, String at, List<Problem> problems) {
        if (a == null) {
            problems.add(new Problem(at, "must be an object { date, start_time, end_time }"));
            return;
        }
        try {
            java.time.LocalDate.parse(String.valueOf(a.date()));
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(new Problem(at + ".date", "must be a date like 2024-01-15, was " + a.date()));
        }
        Integer start = io.conclave.model.scheduling.DayTime.minutes(a.startTime());
        Integer end = io.conclave.model.scheduling.DayTime.minutes(a.endTime());
        if (start == null) {
            problems.add(new Problem(at + ".start_time", "must be hours (9.5) or \"HH:MM\", was " + a.startTime()));
        }
        if (end == null) {
            problems.add(new Problem(at + ".end_time", "must be hours (17) or \"HH:MM\", was " + a.endTime()));
        }
        if (start != null && end != null && end <= start) {
            problems.add(new Problem(at + ".end_time", "must be after start_time"));
        }
    }

    private static void checkTasks(List<ProjectSpec.TaskSpec> topLevel, Set<String> agentIds, List<Problem> problems) {
        TaskTree tree = TaskTree.of(topLevel);
        problems.addAll(tree.problems());
        List<ProjectSpec.TaskSpec> tasks = tree.specs();
        List<String> paths = tree.nodes().stream().map(TaskTree.Node::path).toList();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            ProjectSpec.TaskSpec t = tasks.get(i);
            String at = paths.get(i);
            if (t == null) {
                problems.add(new Problem(at, "must be an object"));
                continue;
            }
            if (!idProblem(t.taskId(), at + ".task_id", problems) && index.putIfAbsent(t.taskId(), i) != null) {
                problems.add(new Problem(at + ".task_id", "duplicate task_id '" + t.taskId() + "'"));
            }
            ownFields(t, at, problems);
        }
        for (int i = 0; i < tasks.size(); i++) {
            ProjectSpec.TaskSpec t = tasks.get(i);
            if (t == null) {
                continue;
            }
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

    private static void coordinationTraits(ProjectSpec.TaskSpec t, String at, List<Problem> problems) {
        if (t.coordination() != null && Coordination.parse(t.coordination()) == null) {
            problems.add(new Problem(at + ".coordination", "unknown pattern '" + t.coordination() + "': use one of "
                    + Coordination.names()));
        }
        if (t.complexity() != null && !(t.complexity() >= 0 && t.complexity() <= MAX_HOURS)) {
            problems.add(new Problem(at + ".complexity", "must be between 0 and " + (int) MAX_HOURS + ", was " + t.complexity()));
        }
        if (t.retries() != null && (t.retries() < 0 || t.retries() > 10)) {
            problems.add(new Problem(at + ".retries", "must be between 0 and 10, was " + t.retries()));
        }
        if (t.onSubtaskFailure() != null && !List.of("fail", "continue").contains(t.onSubtaskFailure())) {
            problems.add(new Problem(at + ".on_subtask_failure", "must be \"fail\" or \"continue\", was '"
                    + t.onSubtaskFailure() + "'"));
        }
        if (t.requiredCapability() != null && t.requiredCapability().isBlank()) {
            problems.add(new Problem(at + ".required_capability", "must be a non-empty name"));
        }
        List<String> resources = t.resourcesOrEmpty();
        for (int k = 0; k < resources.size(); k++) {
            idProblem(resources.get(k), at + ".resources[" + k + "]", problems);
        }
    }

    private static void references(List<String> refs, Set<String> known, String at, String kind, List<Problem> problems) {
        for (int j = 0; j < refs.size(); j++) {
            if (!known.contains(refs.get(j))) {
                problems.add(new Problem(at + "[" + j + "]", "unknown " + kind + " id '" + refs.get(j) + "'"));
            }
        }
    }

    private static void levels(Map<String, Double> levels, String at, List<Problem> problems) {
        levels.forEach((skill, level) -> {
            if (level == null || !(level >= 1 && level <= 10)) {
                problems.add(new Problem(at + "." + skill, "must be between 1 and 10, was " + level));
            }
        });
    }

    private static boolean idProblem(String id, String at, List<Problem> problems) {
        String problem = Ids.problem(id);
        if (problem != null) {
            problems.add(new Problem(at, problem));
            return true;
        }
        return false;
    }

    private static void dateProblem(String date, String at, List<Problem> problems) {
        try {
            var parsed = Dates.parse(date);
            if (parsed != null && (parsed.getYear() < 1900 || parsed.getYear() > 9999)) {
                problems.add(new Problem(at, "'" + date + "' is outside the years 1900 to 9999"));
            }
        } catch (DateTimeParseException e) {
            problems.add(new Problem(at, "'" + date + "' is not a date (use 2024-01-15T09:00:00 or 2024-01-15)"));
        }
    }

}
