package io.conclave.model;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.conclave.engine.rules.Projects.ProjectBuilder;

/** ProjectValidator: every check, with the JSON path of the problem; all problems at once. */
class ProjectValidatorTest {

    private static List<Problem> validate(ProjectBuilder b) {
        return validate(b.json());
    }

    private static List<Problem> validate(String json) {
        try {
            return ProjectValidator.validate(Json.MAPPER.readValue(json, ProjectSpec.class));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String invalidId(String shown) {
        return "'" + shown + "' is not a valid id: use 1-128 letters, digits, '_', '-' or '.', "
                + "starting with a letter or digit, without '..'";
    }

    // ------------------------------------------------------------------ valid definitions

    @Test
    void theShippedExampleProjectsAreValid() throws IOException {
        for (String file : List.of("healthcare_blockchain_project.json", "healthcare_blockchain_compressed.json",
                "product_launch_coordination.json")) {
            assertEquals(List.of(), validate(Files.readString(Path.of("projects", file))), file);
        }
    }

    @Test
    void aDefinitionAtTheEdgesOfEveryRangeIsValid() {
        // Levels 1 and 10, priorities 1 and 5, 0 hours, all three date forms, max_open_tasks 1, ids with '.', '-', '_'.
        assertEquals(List.of(), validate(project().id("p.1-x_2").startDate("2024-01-15")
                .agents(agent("a.1").skill("x", 1).skill("y", 10).maxOpenTasks(1), agent("b-2_"))
                .tasks(task("t1").needs("x", 10).priority(1).hours(0).date("2024-01-15T09:00:00"),
                        task("t2").needs("y", 1).priority(5).date("2024-01-15").dependsOn("t1").followUps("t3"),
                        task("t3").date("2024-01-15T09:00:00+02:00").meeting("a.1", "b-2_"))));
    }

    @Test
    void availabilityIsCheckedTimeByTime() {
        String json = """
                { "project_id": "p", "agents": [ { "agent_id": "a", "availability": [
                    { "date": "2024-01-15", "start_time": "09:30", "end_time": 12.5 },
                    { "date": "15/01/2024", "start_time": "25:00", "end_time": "x" },
                    { "date": "2024-01-16", "start_time": 14, "end_time": 13 } ] } ], "tasks": [] }""";
        assertEquals(List.of(
                new Problem("$.agents[0].availability[1].date", "must be a date like 2024-01-15, was 15/01/2024"),
                new Problem("$.agents[0].availability[1].start_time", "must be hours (9.5) or \"HH:MM\", was \"25:00\""),
                new Problem("$.agents[0].availability[1].end_time", "must be hours (17) or \"HH:MM\", was \"x\""),
                new Problem("$.agents[0].availability[2].end_time", "must be after start_time")), validate(json));
    }

    // ------------------------------------------------------------------ ids

    @Test
    void duplicateAgentIdIsReportedAtTheSecondOccurrence() {
        assertEquals(List.of(new Problem("$.agents[2].agent_id", "duplicate agent_id 'a'")),
                validate(project().agents(agent("a"), agent("b"), agent("a"))));
    }

    @Test
    void duplicateTaskIdIsReportedAtTheSecondOccurrence() {
        assertEquals(List.of(new Problem("$.tasks[1].task_id", "duplicate task_id 't'")),
                validate(project().tasks(task("t"), task("t"))));
    }

    @Test
    void unsafeIdsAreRefused() {
        // '/' and a leading '.' fail the character rules; "a..b" passes them but contains ".."; BEL is a control
        // character and is shown escaped.
        List<Problem> problems = validate(project().id("../etc")
                .agents(agent("x/y"))
                .tasks(task("a/b"), task("a..b"), task(".."), task("bell\u0007")));
        assertEquals(List.of(
                new Problem("$.project_id", invalidId("../etc")),
                new Problem("$.agents[0].agent_id", invalidId("x/y")),
                new Problem("$.tasks[0].task_id", invalidId("a/b")),
                new Problem("$.tasks[1].task_id", invalidId("a..b")),
                new Problem("$.tasks[2].task_id", invalidId("..")),
                new Problem("$.tasks[3].task_id", invalidId("bell\\u0007"))), problems);
    }

    // ------------------------------------------------------------------ references

    @Test
    void unknownDependencyIsReportedAtItsIndex() {
        assertEquals(List.of(new Problem("$.tasks[0].dependencies[1]", "unknown task id 'ghost'")),
                validate(project().tasks(task("a").dependsOn("b", "ghost"), task("b"))));
    }

    @Test
    void unknownFollowUpIsReportedAtItsIndex() {
        assertEquals(List.of(new Problem("$.tasks[1].follow_up_tasks[0]", "unknown task id 'ghost'")),
                validate(project().tasks(task("a"), task("b").followUps("ghost", "a"))));
    }

    @Test
    void unknownAttendeeIsReportedAtItsIndex() {
        assertEquals(List.of(new Problem("$.tasks[0].attendees[1]", "unknown agent id 'ghost'")),
                validate(project().agents(agent("alice")).tasks(task("m").meeting("alice", "ghost"))));
    }

    // ------------------------------------------------------------------ cycles

    @Test
    void aDependencyCycleIsReportedOnceWithItsMembersNamed() {
        // d -> a -> b -> c -> a. The search starts at d (file order) and enters the cycle at a (tasks[1]);
        // d depends on the cycle but is not part of it.
        assertEquals(List.of(new Problem("$.tasks[1].dependencies", "dependency cycle: a -> b -> c -> a")),
                validate(project().tasks(task("d").dependsOn("a"), task("a").dependsOn("b"),
                        task("b").dependsOn("c"), task("c").dependsOn("a"))));
    }

    @Test
    void aSelfDependencyIsACycle() {
        assertEquals(List.of(new Problem("$.tasks[0].dependencies", "dependency cycle: x -> x")),
                validate(project().tasks(task("x").dependsOn("x"))));
    }

    // ------------------------------------------------------------------ ranges

    @Test
    void skillLevelsMustBeBetweenOneAndTen() {
        // 0 and 11 are out for an agent, 10.5 for a task; 1 and 10 are fine.
        List<Problem> problems = validate(project()
                .agents(agent("a").skill("low", 0).skill("one", 1).skill("ten", 10).skill("high", 11))
                .tasks(task("t").needs("one", 1).needs("much", 10.5)));
        assertEquals(Set.of(
                new Problem("$.agents[0].skill_levels.low", "must be between 1 and 10, was 0.0"),
                new Problem("$.agents[0].skill_levels.high", "must be between 1 and 10, was 11.0"),
                new Problem("$.tasks[0].required_skills.much", "must be between 1 and 10, was 10.5")),
                Set.copyOf(problems));
        assertEquals(3, problems.size());
    }

    @Test
    void priorityMustBeBetweenOneAndFive() {
        assertEquals(List.of(
                new Problem("$.tasks[0].priority", "must be between 1 and 5, was 0"),
                new Problem("$.tasks[3].priority", "must be between 1 and 5, was 6")),
                validate(project().tasks(task("p0").priority(0), task("p1").priority(1), task("p5").priority(5),
                        task("p6").priority(6))));
    }

    @Test
    void hoursMustBeBetweenZeroAndTenThousand() {
        // 0 and exactly 10,000 are allowed; -1 and 1e308 (which would overflow simulated time) are not
        assertEquals(List.of(new Problem("$.tasks[1].estimated_hours", "must be between 0 and 10000, was -1.0"),
                        new Problem("$.tasks[3].estimated_hours", "must be between 0 and 10000, was 1.0E308")),
                validate(project().tasks(task("zero").hours(0), task("minus").hours(-1), task("max").hours(10_000),
                        task("huge").hours(1e308))));
    }

    @Test
    void maxOpenTasksMustBeAtLeastOne() {
        assertEquals(List.of(new Problem("$.agents[0].max_open_tasks", "must be at least 1, was 0")),
                validate(project().agents(agent("a").maxOpenTasks(0), agent("b").maxOpenTasks(1))));
    }

    // ------------------------------------------------------------------ dates

    @Test
    void unparseableDatesAreReported() {
        // "2024-02-30" has the right shape but is no day of the calendar.
        assertEquals(List.of(
                new Problem("$.scheduling.start_date",
                        "'next monday' is not a date (use 2024-01-15T09:00:00 or 2024-01-15)"),
                new Problem("$.tasks[0].scheduled_date",
                        "'tomorrow' is not a date (use 2024-01-15T09:00:00 or 2024-01-15)"),
                new Problem("$.tasks[1].scheduled_date",
                        "'2024-02-30' is not a date (use 2024-01-15T09:00:00 or 2024-01-15)")),
                validate(project().startDate("next monday")
                        .tasks(task("a").date("tomorrow"), task("b").date("2024-02-30"))));
    }

    @Test
    void datesOutsideTheYears1900To9999AreReported() {
        // a year of 10000 would sort before 2024 in the serving order's text key, and the far future
        // overflows simulated time; 1900 and 9999 themselves are fine
        assertEquals(List.of(
                new Problem("$.tasks[0].scheduled_date", "'1899-12-31' is outside the years 1900 to 9999"),
                new Problem("$.tasks[1].scheduled_date", "'+10000-01-01T00:00:00' is outside the years 1900 to 9999")),
                validate(project().tasks(task("a").date("1899-12-31"), task("b").date("+10000-01-01T00:00:00"),
                        task("c").date("1900-01-01"), task("d").date("9999-12-31T23:59:59"))));
    }

    // ------------------------------------------------------------------ numbers that are not numbers

    @Test
    void missingOrNonNumericLevelsAreReportedNotLetThrough() {
        // JSON null, and the string "NaN" (which Jackson reads as Double.NaN: every comparison with it is
        // false, so a check written as "< 1 || > 10" would let it through)
        assertEquals(List.of(
                new Problem("$.agents[0].skill_levels.x", "must be between 1 and 10, was NaN"),
                new Problem("$.agents[0].preferences.design", "must be between 0 and 10, was null"),
                new Problem("$.tasks[0].required_skills.y", "must be between 1 and 10, was NaN")),
                validate("{\"project_id\":\"p\",\"agents\":[{\"agent_id\":\"a\",\"skill_levels\":{\"x\":\"NaN\"},"
                        + "\"preferences\":{\"design\":null}}],"
                        + "\"tasks\":[{\"task_id\":\"t\",\"required_skills\":{\"y\":\"NaN\"}}]}"));
    }

    // ------------------------------------------------------------------ all at once

    @Test
    void everyProblemIsReportedAtOnce() {
        // One task, three problems: priority 9, -2 hours, an unreadable date.
        List<Problem> problems = validate(project().tasks(task("t").priority(9).hours(-2).date("soon")));
        assertEquals(List.of("$.tasks[0].priority", "$.tasks[0].estimated_hours", "$.tasks[0].scheduled_date"),
                problems.stream().map(Problem::path).toList());
    }

    @Test
    void problemsOfDifferentKindsAcrossTheDefinitionAreAllReported() {
        // A duplicate agent, an unknown attendee, a cycle and a bad level: four problems, none hides another.
        List<Problem> problems = validate(project()
                .agents(agent("a").skill("x", 12), agent("a"))
                .tasks(task("m").meeting("nobody"), task("c1").dependsOn("c2"), task("c2").dependsOn("c1")));
        assertEquals(List.of(
                new Problem("$.agents[0].skill_levels.x", "must be between 1 and 10, was 12.0"),
                new Problem("$.agents[1].agent_id", "duplicate agent_id 'a'"),
                new Problem("$.tasks[0].attendees[0]", "unknown agent id 'nobody'"),
                new Problem("$.tasks[1].dependencies", "dependency cycle: c1 -> c2 -> c1")), problems);
    }

    @Test
    void aLongDependencyChainIsCheckedWithoutOverflowingTheStack() {
        // t0 <- t1 <- ... <- t19999, plus t0 depending on the last: one cycle through 20,000 tasks
        StringBuilder json = new StringBuilder("{\"project_id\":\"p\",\"tasks\":[");
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"task_id\":\"t").append(i).append("\",\"dependencies\":[\"t")
                    .append(i == 0 ? n - 1 : i - 1).append("\"]}");
        }
        List<Problem> problems = validate(json.append("]}").toString());
        assertEquals(1, problems.size());
        assertEquals("$.tasks[0].dependencies", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("dependency cycle: t0 -> t19999 -> t19998"), problems.get(0).message());
    }

    @Test
    void followUpsThatCanNeverBeReleasedAreReported() {
        // a is released only when a completes; b only when c completes and c only when b completes;
        // f only when p completes, but p waits for f. None of them can ever become READY.
        assertEquals(List.of(new Problem("$.tasks[0]",
                "can never be released: it waits for itself through follow-ups and dependencies: a waits for a")),
                validate(project().tasks(task("a").followUps("a"))), "self follow-up");
        assertFalse(validate(project().tasks(task("b").followUps("c"), task("c").followUps("b"))).isEmpty(),
                "follow-up cycle");
        assertFalse(validate(project().tasks(task("p").followUps("f").dependsOn("f"), task("f"))).isEmpty(),
                "parent depends on its own follow-up");
    }
}
