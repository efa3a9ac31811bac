package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.fail;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.DayStarted;
import io.conclave.model.run.MeetingOutcome;
import io.conclave.model.run.RunState;
import io.conclave.model.run.TaskOutcome;

/** rules/execution/management_meetings.drl: the status meetings and risk reviews a simulation spawns as the project evolves. */
public class ManagementMeetingRulesTest {
    private static final AtomicLong COMMANDS = new AtomicLong(5000);
    private static final LocalDate ORIGIN = LocalDate.of(2024, 1, 15);

    /**
     * pm (project_management 9), dev (x 7, reports to qa), qa (y 7, project_management 4); t1 needs x (dev),
     * t2 needs y (qa), t3 depends on t1. After the first firing t1 and t2 are ASSIGNED, t3 PENDING: 3 open tasks.
     */
    private static ProjectSession team(String spawning) {
        ObjectNode node = project()
                .agents(agent("pm").skill("project_management", 9), agent("dev").skill("x", 7),
                        agent("qa").skill("y", 7).skill("project_management", 4))
                .tasks(task("t1").needs("x", 5).hours(8), task("t2").needs("y", 5), task("t3").dependsOn("t1"))
                .node();
        ((ObjectNode) node.get("agents").get(1)).put("manager", "qa");
        if (spawning != null) {
            node.set("spawning", io.conclave.model.Json.MAPPER.valueToTree(Map.of("max_spawned_tasks",
                    Integer.parseInt(spawning.split("/")[0]), "max_spawn_depth", Integer.parseInt(spawning.split("/")[1]))));
        }
        return RulesFixture.start(node.toString());
    }

    /**
     * Puts the run's state into the session as the run does when it starts (a fact that stays: post would
     * take it back as an unhandled command).
     */
    public static void run(ProjectSession s, String mode, boolean spawnMeetings) {
        s.beginCommand(COMMANDS.incrementAndGet());
        s.keep(new RunState("r1", mode, null, spawnMeetings));
    }

    public static void day(ProjectSession s, int day) {
        s.beginCommand(COMMANDS.incrementAndGet());
        assertNull(s.post(new DayStarted("r1", day, ORIGIN.plusDays(day)), "day " + day));
    }

    public static void outcome(ProjectSession s, String taskId, boolean failed, boolean late) {
        s.beginCommand(COMMANDS.incrementAndGet());
        assertNull(s.post(new TaskOutcome("r1", taskId, failed, false, late, LocalDateTime.of(2024, 1, 16, 9, 0), 24),
                "outcome of " + taskId));
    }

    private static List<String> management(ProjectSession s) {
        return s.tasks().stream().filter(t -> "management".equals(t.getTaskType())).map(Task::getTaskId).toList();
    }

    // ------------------------------------------------------------------ status meetings

    @Test
    void aWeeklyStatusMeetingOnDaySevenWithTheWholeSmallTeamChairedByTheBestManager() {
        try (ProjectSession s = team(null)) {
            run(s, RunState.SIMULATION, true);
            // 3 open tasks for 3 agents: not more than 2 per agent -> weekly, on days 7, 14...
            for (int d = 1; d <= 6; d++) {
                day(s, d);
            }
            assertEquals(List.of(), management(s));
            day(s, 7);
            assertEquals(List.of("status_meeting_day_7"), management(s));
            Task m = taskOf(s, "status_meeting_day_7");
            assertTrue(m.isMeetingRequired());
            assertEquals(List.of("pm", "dev", "qa"), m.getAttendees());   // 3 agents <= 5: everyone, pm (9) chairs
            assertEquals(1.0, m.getEstimatedHours());
            assertEquals(1, m.getSpawnDepth());
            assertNull(m.getSpawnedBy());
            // no dependencies: ready at once, and convened (every attendee below 3 open tasks)
            assertEquals(TaskStatus.ASSIGNED, m.getStatus());
            Decision d = onlyDecision(s, DecisionKind.SPAWNED, "status_meeting_day_7");
            assertEquals("Hold a status meeting on the cadence day of a simulation", d.getRule());
            assertEquals("status meeting on day 7 (every 7 days: 3 open task(s) for 3 agent(s)), chaired by pm, "
                    + "attendees [pm, dev, qa], depth 1", d.getReason());
            day(s, 8);
            assertEquals(List.of("status_meeting_day_7"), management(s));
        }
    }

    @Test
    void aCrowdedProjectMeetsEveryThirdDay() {
        // one agent, three open tasks: 3 > 2 x 1 -> every 3rd day: day 3 yes, day 4 no
        try (ProjectSession s = project().agents(agent("solo"))
                .tasks(task("a"), task("b"), task("c")).start()) {
            run(s, RunState.SIMULATION, true);
            day(s, 2);
            assertEquals(List.of(), management(s));
            day(s, 3);
            assertEquals(List.of("status_meeting_day_3"), management(s));
            assertEquals(List.of("solo"), taskOf(s, "status_meeting_day_3").getAttendees());
        }
    }

    @Test
    void aLargeTeamSendsOnlyTheAgentsHoldingOpenTasks() {
        // 6 agents > 5: the chair (boss, project_management 8) and a3, the only holder (t needs x, only a3 has it)
        try (ProjectSession s = project()
                .agents(agent("a1"), agent("a2"), agent("a3").skill("x", 6), agent("a4"), agent("a5"),
                        agent("boss").skill("project_management", 8))
                .tasks(task("t").needs("x", 5)).start()) {
            run(s, RunState.SIMULATION, true);
            day(s, 7);
            assertEquals(List.of("boss", "a3"), taskOf(s, "status_meeting_day_7").getAttendees());
        }
    }

    // ------------------------------------------------------------------ risk reviews

    @Test
    void aFailedTaskGetsOneRiskReviewWithItsManagerItsHolderAndTheChair() {
        try (ProjectSession s = team(null)) {
            run(s, RunState.SIMULATION, true);
            assertTrue(start(s, "t1", "dev"));
            assertTrue(fail(s, "t1", "dev"));
            outcome(s, "t1", true, false);
            // dev held t1 and reports to qa: qa first, then dev, then the chair pm
            Task r = taskOf(s, "risk_review_t1");
            assertEquals(List.of("qa", "dev", "pm"), r.getAttendees());
            assertEquals("t1", r.getSpawnedBy());
            assertEquals(1, r.getSpawnDepth());   // t1 is from the file: 0 + 1
            assertEquals(4, r.getPriority());
            Decision d = onlyDecision(s, DecisionKind.SPAWNED, "risk_review_t1");
            assertEquals("risk review because t1 failed, attendees [qa, dev, pm] (manager first), depth 1", d.getReason());
            assertEquals("failed", d.getDetails().get("trigger"));
            outcome(s, "t1", true, false);   // reported again: still one review
            assertEquals(List.of("risk_review_t1"), management(s));
        }
    }

    @Test
    void aLateTaskGetsARiskReviewToo() {
        try (ProjectSession s = team(null)) {
            run(s, RunState.SIMULATION, true);
            outcome(s, "t2", false, false);   // on time and done: nothing
            assertEquals(List.of(), management(s));
            outcome(s, "t2", false, true);
            // qa holds t2 and has no manager: the chair pm first, then qa
            assertEquals(List.of("pm", "qa"), taskOf(s, "risk_review_t2").getAttendees());
            assertTrue(onlyDecision(s, DecisionKind.SPAWNED, "risk_review_t2").getReason().startsWith("risk review because t2 ran late"));
        }
    }

    // ------------------------------------------------------------------ only in simulation mode, with the switch on

    @Test
    void nothingOutsideSimulationModeOrWithoutSpawnAdditionalMeetingsOrWithoutARun() {
        for (String mode : List.of(RunState.FULLY_AUTOMATED, RunState.INCREMENTAL, RunState.SIMULATION, "none")) {
            try (ProjectSession s = team(null)) {
                if (!mode.equals("none")) {
                    run(s, mode, !mode.equals(RunState.SIMULATION)); // simulation, but spawn_additional_meetings false
                }
                day(s, 7);
                outcome(s, "t1", true, true);
                assertEquals(List.of(), management(s), mode);
                assertTrue(s.ledger().stream().noneMatch(d -> d.getKind() == DecisionKind.SPAWNED
                        || d.getKind() == DecisionKind.SPAWN_STOPPED), mode);
            }
        }
    }

    // ------------------------------------------------------------------ caps

    @Test
    void theSpawnCapStopsManagementMeetingsOnRecord() {
        // max 1: the day-7 status meeting is spawned (0 < 1); day 14 and the risk review find 1 >= 1
        try (ProjectSession s = team("1/2")) {
            run(s, RunState.SIMULATION, true);
            day(s, 7);
            day(s, 14);
            outcome(s, "t1", true, false);
            assertEquals(List.of("status_meeting_day_7"), management(s));
            assertEquals("no status meeting on day 14: the project has 1 spawned task(s), max_spawned_tasks is 1",
                    onlyDecision(s, DecisionKind.SPAWN_STOPPED, "status_meeting_day_14").getReason());
            Decision stop = onlyDecision(s, DecisionKind.SPAWN_STOPPED, "t1");
            assertEquals("Skip a risk review beyond the spawn caps", stop.getRule());
            assertEquals("no risk review of t1: the project has 1 spawned task(s), max_spawned_tasks is 1", stop.getReason());
        }
    }

    @Test
    void theDepthCapStopsWhatAManagementMeetingWouldSpawnAndReviewsOfSpawnedTasks() {
        // max depth 1: the status meeting (depth 1) is held, but its accepted proposal would be depth 2
        try (ProjectSession s = team("20/1")) {
            run(s, RunState.SIMULATION, true);
            day(s, 7);
            s.beginCommand(COMMANDS.incrementAndGet());
            assertNull(s.post(new MeetingOutcome("status_meeting_day_7", "m", List.of(
                    MeetingOutcome.Item.of("fix", "Fix the build", null, "pm", "accepted"))), "outcome"));
            Decision stop = onlyDecision(s, DecisionKind.SPAWN_STOPPED, "status_meeting_day_7");
            assertEquals("Stop spawning from a meeting outcome deeper than the spawn depth cap", stop.getRule());
            assertEquals("spawning stopped: tasks spawned by status_meeting_day_7 would have depth 2, max_spawn_depth is 1; "
                    + "1 accepted proposal(s) dropped: [fix]", stop.getReason());
            assertEquals(List.of("t1", "t2", "t3", "status_meeting_day_7"),
                    s.tasks().stream().map(Task::getTaskId).toList());
            assertTrue(decisions(s, DecisionKind.SPAWNED, "status_meeting_day_7.fix").isEmpty());
        }
    }
}
