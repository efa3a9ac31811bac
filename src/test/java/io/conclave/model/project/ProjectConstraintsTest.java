package io.conclave.model.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ProjectValidator;
import io.conclave.model.run.AddedTasks;

/**
 * The constraints on a project file's records, through {@link ProjectValidator} as the service runs them: the words
 * and JSON path of each problem, in the order the validator gives them (the project's fields, then the agents, then
 * the tasks as they unfold). The cases the other validator tests do not reach: the calendar, availability, the order
 * of levels in a map, values that look like message expressions, and the descriptions of inline subtasks and of a
 * task added by an interrupt, which are held to the same 20,000 characters as every other description.
 */
class ProjectConstraintsTest {

    private static List<Problem> validate(String json) {
        try {
            return ProjectValidator.validate(Json.MAPPER.readValue(json.replace('\'', '"'), ProjectSpec.class));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCalendarIsCheckedFieldByFieldInTheOrderOfTheBlock() {
        // 2024-13-01 has no 13th month; "weekly" is no mode; 25:00 is past the end of the day (so the end, 8 = 08:00,
        // is not compared with it); "Monday" names mon again; "funday" is no day. Start date first, then the mode.
        List<Problem> p = validate("{'project_id': 'p', 'scheduling': {'mode': 'weekly', 'start_date': '2024-13-01',"
                + " 'working_hours': {'start': '25:00', 'end': 8}, 'working_days': ['mon', 'Monday', 'funday']}}");
        assertEquals(List.of(
                new Problem("$.scheduling.start_date", "'2024-13-01' is not a date (use 2024-01-15T09:00:00 or 2024-01-15)"),
                new Problem("$.scheduling.mode", "unknown mode 'weekly': use one of [same_day, distributed, compressed]"),
                new Problem("$.scheduling.working_hours.start", "must be \"HH:MM\" or hours (9.5), was \"25:00\""),
                new Problem("$.scheduling.working_days[1]", "duplicate day 'Monday'"),
                new Problem("$.scheduling.working_days[2]",
                        "unknown day 'funday': use one of [mon, tue, wed, thu, fri, sat, sun]")), p);
    }

    @Test
    void aWorkingDayEndsAfterItStartsAndHasDays() {
        // 10 (10:00) to 09:00 ends before it starts; a missing end is 17:00, after 16:30; no working day at all
        assertEquals(List.of(new Problem("$.scheduling.working_hours.end", "must be after start"),
                        new Problem("$.scheduling.working_days", "must name at least one day")),
                validate("{'project_id': 'p', 'scheduling': {'working_hours': {'start': 10, 'end': '09:00'},"
                        + " 'working_days': []}}"));
        assertEquals(List.of(), validate("{'project_id': 'p', 'scheduling': {'working_hours': {'start': '16:30'}}}"));
    }

    @Test
    void anAvailabilityIsAnObjectWithADayAndBothTimes() {
        // the first entry is null; the second gives its date only: both times are missing, the span not judged
        assertEquals(List.of(
                new Problem("$.agents[0].availability[0]", "must be an object { date, start_time, end_time }"),
                new Problem("$.agents[0].availability[1].start_time", "must be hours (9.5) or \"HH:MM\", was null"),
                new Problem("$.agents[0].availability[1].end_time", "must be hours (17) or \"HH:MM\", was null")),
                validate("{'project_id': 'p', 'agents': [{'agent_id': 'a', 'availability': [null, {'date': '2024-01-15'}]}]}"));
    }

    @Test
    void levelsOutOfRangeComeInTheOrderTheFileListsThem() {
        // z before a, as written (not alphabetically); the levels are read as numbers, so 0 shows as 0.0
        assertEquals(List.of(new Problem("$.agents[0].skill_levels.z", "must be between 1 and 10, was 0.0"),
                        new Problem("$.agents[0].skill_levels.a", "must be between 1 and 10, was 11.0")),
                validate("{'project_id': 'p', 'agents': [{'agent_id': 'x', 'skill_levels': {'z': 0, 'b': 5, 'a': 11}}]}"));
    }

    @Test
    void aValueThatLooksLikeAnExpressionIsShownAsWritten() {
        // Bean Validation evaluates ${...} and {...} in a message: the problem must show the client's text as text
        assertEquals(List.of(
                new Problem("$.execution_mode", "unknown mode '${1+1}': use one of [fully_automated, incremental, simulation]"),
                new Problem("$.coordination", "unknown pattern '{title}': use one of centralized, contract_net, hierarchical,"
                        + " load_balancing")),
                validate("{'project_id': 'p', 'execution_mode': '${1+1}', 'coordination': '{title}'}"));
    }

    @Test
    void aMissingAgentOrTaskIsSaidAloneAgentsFirst() {
        // the project id is unsafe too, but a definition with holes in its lists is not checked further
        assertEquals(List.of(new Problem("$.agents[0]", "must be an agent object, not null"),
                        new Problem("$.tasks[1]", "must be a task object, not null")),
                validate("{'project_id': '../x', 'tasks': [{'task_id': 't'}, null], 'agents': [null]}"));
    }

    @Test
    void anInlineSubtasksDescriptionIsBoundedAsEveryOther() {
        // 20,001 characters: one too many, for the task and for its inline subtask (named a.1), each at its path
        String longText = "x".repeat(20_001);
        assertEquals(List.of(new Problem("$.tasks[0].description", "is 20001 characters long; at most 20000"),
                        new Problem("$.tasks[0].subtasks[0].description", "is 20001 characters long; at most 20000")),
                validate("{'project_id': 'p', 'tasks': [{'task_id': 'a', 'description': '" + longText + "',"
                        + " 'subtasks': [{'description': '" + longText + "'}]}]}"));
    }

    @Test
    void anAddedTasksFieldsAndReferencesComeInOneAnswer() throws IOException {
        // a description one character too long, priority 9, and a dependency on a task the project does not have
        ProjectSpec.TaskSpec t = Json.MAPPER.readValue(("{'task_id': 'n', 'description': '" + "d".repeat(20_001)
                + "', 'priority': 9, 'dependencies': ['ghost']}").replace('\'', '"'), ProjectSpec.TaskSpec.class);
        assertEquals(List.of(new Problem("$.task.description", "is 20001 characters long; at most 20000"),
                        new Problem("$.task.priority", "must be between 1 and 5, was 9"),
                        new Problem("$.task.dependencies[0]", "unknown task id 'ghost'")),
                AddedTasks.check(t, "$.task", Set.of("t"), Set.of()));
    }
}
