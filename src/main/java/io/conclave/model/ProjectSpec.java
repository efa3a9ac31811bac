package io.conclave.model;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.command.SafeId;
import io.conclave.model.command.Text;
import io.conclave.model.project.Between;
import io.conclave.model.project.DayDate;
import io.conclave.model.project.EndsAfterStart;
import io.conclave.model.project.FileDate;
import io.conclave.model.project.Name;
import io.conclave.model.project.Term;
import io.conclave.model.project.TimeOfDay;
import io.conclave.model.project.WorkingDays;

/**
 * A project definition in the JSON project format of the original orchestrator (snake_case). Unknown fields are
 * ignored, so a file written for that system loads unchanged. Conclave's optional extensions:
 * {@code max_open_tasks}, {@code manager}, {@code capabilities}, {@code priority} and {@code availability}
 * per agent; {@code task_type}, {@code coordination}, {@code required_capability}, {@code complexity},
 * {@code resources}, {@code subtasks}, {@code on_subtask_failure} and {@code retries} per task; and
 * {@code coordination}, {@code contract_net}, {@code time_slice_hours} and {@code skill_development_rate}
 * per project, and {@code spawning} (tasks spawned from meeting outcomes, see {@link Spawning}).
 *
 * <p>The constraints on the fields say what a field is on its own (required, ranges, words, dates, sizes). They
 * belong to the group {@link Definition}: {@link ProjectValidator} judges them together with what depends on the
 * whole definition (duplicate and unknown ids, reporting lines, decompositions, cycles) so that one answer names
 * every problem, rather than a request's own check (an agent posted alone is judged with the project it joins). The
 * tasks are judged one by one as {@link TaskTree} unfolds them, inline subtasks included, so the list of tasks is
 * not cascaded into here.
 */
public record ProjectSpec(@SafeId(groups = Definition.class) String projectId,
                          @Text(max = ProjectValidator.MAX_TITLE, groups = Definition.class) String title,
                          @Text(max = ProjectValidator.MAX_DESCRIPTION, groups = Definition.class) String description,
                          @Term(value = Term.Of.EXECUTION_MODE, groups = Definition.class) String executionMode,
                          @Valid Scheduling scheduling,
                          List<@NotNull(message = "must be an agent object, not null", groups = Definition.class)
                               @Valid AgentSpec> agents,
                          List<@NotNull(message = "must be a task object, not null", groups = Definition.class)
                               TaskSpec> tasks,
                          JsonNode ceoOversight,
                          @Term(value = Term.Of.COORDINATION, groups = Definition.class) String coordination,
                          @Valid ContractNet contractNet,
                          @Between(min = 0.01, max = ProjectValidator.MAX_HOURS, groups = Definition.class)
                          Double timeSliceHours,
                          @Between(min = 0, max = 10, groups = Definition.class) Double skillDevelopmentRate,
                          @Valid Spawning spawning) {

    /** The validation group of a project definition's constraints, judged by {@link ProjectValidator}. */
    public interface Definition {
    }

    /** Default number of open (ASSIGNED or IN_PROGRESS) tasks an agent may hold. */
    public static final int DEFAULT_MAX_OPEN_TASKS = 3;

    public List<AgentSpec> agentsOrEmpty() {
        return agents == null ? List.of() : agents;
    }

    public List<TaskSpec> tasksOrEmpty() {
        return tasks == null ? List.of() : tasks;
    }

    /** The project's default coordination pattern: centralized unless the file names another. */
    public Coordination coordinationOrDefault() {
        Coordination c = Coordination.parse(coordination);
        return c == null ? Coordination.CENTRALIZED : c;
    }

    /**
     * Tasks spawned from meeting outcomes (spawning.drl): present turns spawning on for every meeting, simulated
     * ones too ({@code enabled} defaults to true inside the block; {@code false} opts out; without the block the
     * shipped policy spawns from the meetings agents hold, execution/spawn_sources.drl),
     * {@code max_spawned_tasks} caps the tasks spawned in the whole project (meeting items and the
     * management meetings of a simulation), {@code max_spawn_depth} caps how deep spawning goes: a task of
     * the file has depth 0, a task spawned by task M has depth(M) + 1.
     */
    public record Spawning(Boolean enabled,
                           @Between(min = 0, max = SpawnSettings.MAX_SPAWNED_TASKS_LIMIT, groups = Definition.class)
                           Integer maxSpawnedTasks,
                           @Between(min = 1, max = SpawnSettings.MAX_SPAWN_DEPTH_LIMIT, groups = Definition.class)
                           Integer maxSpawnDepth) {
    }

    /** The contract net's settings: minutes a call for proposals stays open, announcements before giving up. */
    public record ContractNet(@Between(min = 0, aboveMin = true, max = 525_600,
                                       words = "must be above 0 and at most 525600 (a year)", groups = Definition.class)
                              Double bidWindowMinutes,
                              @Between(min = 1, max = 100, groups = Definition.class) Integer maxAnnouncements) {
    }

    /**
     * When an agent can meet (Conclave's optional extension): a date and a start and end time, each
     * hours as a number (9.5) or "HH:MM". Meeting tasks are scheduled among their attendees from these.
     */
    @EndsAfterStart(groups = Definition.class)
    public record Availability(@DayDate(groups = Definition.class) String date,
                               @TimeOfDay(words = "hours (9.5) or \"HH:MM\"", required = true, groups = Definition.class)
                               JsonNode startTime,
                               @TimeOfDay(words = "hours (17) or \"HH:MM\"", required = true, groups = Definition.class)
                               JsonNode endTime) {
    }

    /**
     * The {@code scheduling} block of the project format, with Conclave's working calendar: {@code mode}
     * (same_day | distributed | compressed), {@code working_hours} ({@code start}/{@code end} as "HH:MM" or
     * hours; default 09:00-17:00) and {@code working_days} (mon..sun; default Monday to Friday).
     */
    public record Scheduling(@Term(value = Term.Of.SCHEDULING_MODE, groups = Definition.class) String mode,
                             @FileDate(groups = Definition.class) String startDate,
                             Boolean compressTimeline, Boolean autoAdjustDates, @Valid WorkingHours workingHours,
                             @WorkingDays(groups = Definition.class) List<String> workingDays) {
        public static final List<String> MODES = List.of("same_day", "distributed", "compressed");
        /** Day names accepted in {@code working_days} (full names too: "monday"; any case). */
        public static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

        /** The day named "mon".."sun" or "monday".."sunday" (any case), null for anything else. */
        public static java.time.DayOfWeek day(String name) {
            if (name == null) {
                return null;
            }
            String n = name.strip().toLowerCase(java.util.Locale.ROOT);
            for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
                String full = d.name().toLowerCase(java.util.Locale.ROOT);
                if (n.equals(full) || n.equals(full.substring(0, 3))) {
                    return d;
                }
            }
            return null;
        }

        /** The mode a calendar run follows: compressed when {@code compress_timeline} is true, else {@code mode}. */
        public String effectiveMode() {
            return Boolean.TRUE.equals(compressTimeline) ? "compressed" : mode;
        }
    }

    /** A working day's hours: start and end, each "HH:MM" or hours as a number. */
    @EndsAfterStart(groups = Definition.class)
    public record WorkingHours(@TimeOfDay(words = "\"HH:MM\" or hours (9.5)", groups = Definition.class) JsonNode start,
                               @TimeOfDay(words = "\"HH:MM\" or hours (17)", groups = Definition.class) JsonNode end) {
    }

    /** One agent: skills and preferences on a 1..10 scale. */
    public record AgentSpec(@SafeId(groups = Definition.class) String agentId, String name, String occupation,
                            Map<String, @Between(min = 1, max = 10, required = true, groups = Definition.class) Double>
                                    skillLevels,
                            Map<String, @Between(min = 0, max = 10, required = true, groups = Definition.class) Double>
                                    preferences,
                            @Between(min = 1, groups = Definition.class) Integer maxOpenTasks,
                            List<@NotNull(message = "must be an object \\{ date, start_time, end_time \\}",
                                          groups = Definition.class)
                                 @Valid Availability> availability,
                            String manager, List<@Name(groups = Definition.class) String> capabilities,
                            @Between(min = 1, max = 5, groups = Definition.class) Integer priority) {
        /** Priority of an agent whose file gives none (1..5, as tasks): used to settle goal conflicts. */
        public static final int DEFAULT_PRIORITY = 3;

        public List<String> capabilitiesOrEmpty() {
            return capabilities == null ? List.of() : capabilities;
        }

        public int priorityOrDefault() {
            return priority == null ? DEFAULT_PRIORITY : priority;
        }

        public List<Availability> availabilityOrEmpty() {
            return availability == null ? List.of() : availability;
        }

        public Map<String, Double> skillsOrEmpty() {
            return skillLevels == null ? Map.of() : skillLevels;
        }

        public Map<String, Double> preferencesOrEmpty() {
            return preferences == null ? Map.of() : preferences;
        }
    }

    /** One task; priority 1..5 (5 most urgent), required skills as minimum levels. */
    public record TaskSpec(@SafeId(groups = Definition.class) String taskId,
                           @Text(max = ProjectValidator.MAX_DESCRIPTION, groups = Definition.class) String description,
                           @FileDate(groups = Definition.class) String scheduledDate,
                           @Between(min = 0, max = ProjectValidator.MAX_HOURS, groups = Definition.class)
                           Double estimatedHours,
                           @Between(min = 1, max = 5, groups = Definition.class) Integer priority,
                           Boolean meetingRequired, List<String> attendees,
                           Map<String, @Between(min = 1, max = 10, required = true, groups = Definition.class) Double>
                                   requiredSkills,
                           List<String> dependencies, List<String> followUpTasks, String taskType,
                           @Term(value = Term.Of.COORDINATION, groups = Definition.class) String coordination,
                           @Name(optional = true, groups = Definition.class) String requiredCapability,
                           @Between(min = 0, max = ProjectValidator.MAX_HOURS, groups = Definition.class)
                           Double complexity,
                           List<@SafeId(groups = Definition.class) String> resources, List<JsonNode> subtasks,
                           @Term(value = Term.Of.ON_SUBTASK_FAILURE, groups = Definition.class) String onSubtaskFailure,
                           @Between(min = 0, max = 10, groups = Definition.class) Integer retries, String manager) {
        /** Priority when the file gives none: the middle of the 1..5 scale. */
        public static final int DEFAULT_PRIORITY = 3;
        /** Estimate when the file gives none. */
        public static final double DEFAULT_HOURS = 1.0;

        public List<String> attendeesOrEmpty() {
            return attendees == null ? List.of() : attendees;
        }

        public Map<String, Double> requiredSkillsOrEmpty() {
            return requiredSkills == null ? Map.of() : requiredSkills;
        }

        public List<String> dependenciesOrEmpty() {
            return dependencies == null ? List.of() : dependencies;
        }

        public List<String> followUpsOrEmpty() {
            return followUpTasks == null ? List.of() : followUpTasks;
        }

        public int priorityOrDefault() {
            return priority == null ? DEFAULT_PRIORITY : priority;
        }

        public double hoursOrDefault() {
            return estimatedHours == null ? DEFAULT_HOURS : estimatedHours;
        }

        public List<String> resourcesOrEmpty() {
            return resources == null ? List.of() : resources;
        }

        public List<JsonNode> subtasksOrEmpty() {
            return subtasks == null ? List.of() : subtasks;
        }

        /** The contract net's complexity: the file's, else the estimate in hours. */
        public double complexityOrDefault() {
            return complexity == null ? hoursOrDefault() : complexity;
        }

        public int retriesOrDefault() {
            return retries == null ? 0 : retries;
        }
    }
}
