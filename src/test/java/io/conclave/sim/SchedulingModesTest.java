package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;

/**
 * Calendar runs ({@code "timeline": "calendar"}): the scheduling modes of the project's scheduling block,
 * working hours and days. Every date below is derived by hand; 2024-01-15 is a Monday, 2024-01-19 a
 * Friday, 2024-01-20/21 the weekend. Default working time: 09:00-17:00, Monday to Friday.
 */
class SchedulingModesTest {

    /*
     * alice (x) does a (6 h) then b (4 h, after a); the start date is Friday 2024-01-19 09:00, same_day:
     *   a Fri 09:00-15:00; b Fri 15:00-17:00 (2 h), the weekend is skipped, Mon 2024-01-22 09:00-11:00 (2 h).
     * Both are planned on the start date; b does not fit it, so it "ran late" and the note says where it
     * continues. Span Fri 09:00 -> Mon 11:00 = 74 h of clock time; alice worked 10 of them.
     */
    @Test
    void sameDayPacksTasksIntoWorkingHoursAcrossADayBoundaryAndAWeekend() {
        RunReport r = run("""
                {"project_id": "sd", "title": "same day",
                 "scheduling": {"mode": "same_day", "start_date": "2024-01-19T09:00:00"},
                 "agents": [{"agent_id": "alice", "skill_levels": {"x": 5}}],
                 "tasks": [{"task_id": "a", "estimated_hours": 6, "required_skills": {"x": 1}},
                           {"task_id": "b", "estimated_hours": 4, "required_skills": {"x": 1}, "dependencies": ["a"]}]}
                """);
        assertEquals("same_day", r.scheduling().mode());
        assertLine(r, "a", "2024-01-19T09:00", "2024-01-19T15:00", "2024-01-19T09:00", false, false);
        assertLine(r, "b", "2024-01-19T15:00", "2024-01-22T11:00", "2024-01-19T09:00", true, false);
        assertEquals("does not fit the start date 2024-01-19: continues on 2024-01-22", line(r, "b").scheduleNote());
        assertNull(line(r, "a").scheduleNote());
        assertEquals("2024-01-19T09:00", r.simulatedStart());
        assertEquals("2024-01-22T11:00", r.simulatedEnd());
        assertEquals(74.0, r.statistics().simulatedHours());
        assertEquals(10.0, r.agents().get(0).busyHours());
    }

    /*
     * Distributed, start Monday 2024-01-15 09:00. alice (x), bob (y), carol (z).
     *   a (x, 10 h, scheduled Mon 09:00): Mon 09:00-17:00 (8 h) + Tue 09:00-11:00 -> ends Tue 2024-01-16 11:00.
     *   b (x, 2 h, after a, scheduled Tue 09:00): a finishes at 11:00, after b's plan.
     *   c (y, 1 h, scheduled Wed 2024-01-17 14:00): bob is free from Monday but c waits for its date: 14:00-15:00.
     *   d (z, 1 h, scheduled Sat 2024-01-20 10:00): rounded into working time, Mon 2024-01-22 09:00-10:00.
     * Without auto_adjust_dates b keeps its plan (Tue 09:00), starts when a completes (11:00-13:00) and
     * ran late, as the rule "Dependent runs late..." recorded.
     */
    @Test
    void distributedTasksWaitForTheirDatesAndADependentRunsLateWithoutAutoAdjust() {
        RunReport r = run(distributed(false, null));
        assertEquals("distributed", r.scheduling().mode());
        assertFalse(r.scheduling().autoAdjustDates());
        assertLine(r, "a", "2024-01-15T09:00", "2024-01-16T11:00", "2024-01-15T09:00", false, false);
        assertLine(r, "b", "2024-01-16T11:00", "2024-01-16T13:00", "2024-01-16T09:00", true, false);
        assertLine(r, "c", "2024-01-17T14:00", "2024-01-17T15:00", "2024-01-17T14:00", false, false);
        assertLine(r, "d", "2024-01-22T09:00", "2024-01-22T10:00", "2024-01-20T10:00", false, false);
        assertEquals("runs late: planned 2024-01-16T09:00, dependency a finished 2024-01-16T11:00 "
                + "(auto_adjust_dates is off)", line(r, "b").scheduleNote());
        assertEquals("2024-01-22T10:00", r.simulatedEnd());
    }

    /*
     * The same project with auto_adjust_dates: when a finishes (Tue 11:00) b's plan moves from Tue 09:00 to
     * Tue 11:00: it is shifted, not late, and still runs 11:00-13:00. Every other line is as above.
     */
    @Test
    void distributedWithAutoAdjustShiftsTheDependentAndRecordsIt() {
        try (ProjectSession s = RulesFixture.start(distributed(true, null))) {
            s.beginCommand(2);
            RunReport r = Simulator.runToEnd(s, new RunRequest("fully_automated", 0L, 0.0, "calendar"));
            assertTrue(r.scheduling().autoAdjustDates());
            assertLine(r, "b", "2024-01-16T11:00", "2024-01-16T13:00", "2024-01-16T11:00", false, true);
            assertEquals("shifted from 2024-01-16T09:00 to 2024-01-16T11:00: dependency a finished then "
                    + "(auto_adjust_dates)", line(r, "b").scheduleNote());
            assertLine(r, "c", "2024-01-17T14:00", "2024-01-17T15:00", "2024-01-17T14:00", false, false);
            List<Decision> shifts = s.ledger().stream().filter(d -> d.getKind() == DecisionKind.START_SHIFTED).toList();
            assertEquals(1, shifts.size());
            assertEquals("b", shifts.get(0).getTaskId());
            assertEquals(Map.of("dependency", "a", "from", "2024-01-16T09:00", "to", "2024-01-16T11:00"),
                    shifts.get(0).getDetails());
            assertEquals("Dependent shifts when a dependency finishes after its planned start", shifts.get(0).getRule());
            // every task with a scheduled date got its plan from the distributed rule: a, b, c, d
            assertEquals(4, s.ledger().stream().filter(d -> d.getKind() == DecisionKind.START_PLANNED).count());
        }
    }

    /*
     * compress_timeline: true overrides mode distributed: dates are ignored, no idle gap is left.
     *   a Mon 09:00 - Tue 11:00 (alice), b Tue 11:00-13:00 (alice, after a: dependency order kept),
     *   c Mon 09:00-10:00 (bob; was Wed 14:00), d Mon 09:00-10:00 (carol; was the next Monday).
     * No plans, nobody late; the run ends Tue 13:00 instead of the next Monday 10:00.
     */
    @Test
    void compressedRemovesTheIdleGapsAndKeepsDependencyOrder() {
        RunReport r = run(distributed(false, "\"compress_timeline\": true,"));
        assertEquals("compressed", r.scheduling().mode());
        assertLine(r, "a", "2024-01-15T09:00", "2024-01-16T11:00", null, false, false);
        assertLine(r, "b", "2024-01-16T11:00", "2024-01-16T13:00", null, false, false);
        assertLine(r, "c", "2024-01-15T09:00", "2024-01-15T10:00", null, false, false);
        assertLine(r, "d", "2024-01-15T09:00", "2024-01-15T10:00", null, false, false);
        assertEquals("2024-01-16T13:00", r.simulatedEnd());
    }

    /*
     * Working hours 08:00-12:00 on Mondays and Wednesdays, no mode (a calendar run is then compressed).
     * The start date Mon 07:00 is before the working day: hour 0 is Mon 08:00. a (6 h): Mon 08:00-12:00
     * (4 h), Tuesday is not a working day, Wed 2024-01-17 08:00-10:00 (2 h).
     */
    @Test
    void workingHoursAndDaysAreConfigurable() {
        RunReport r = run("""
                {"project_id": "wh", "title": "hours",
                 "scheduling": {"start_date": "2024-01-15T07:00:00",
                                "working_hours": {"start": "08:00", "end": "12:00"}, "working_days": ["mon", "Wednesday"]},
                 "agents": [{"agent_id": "alice", "skill_levels": {"x": 5}}],
                 "tasks": [{"task_id": "a", "estimated_hours": 6, "required_skills": {"x": 1}}]}
                """);
        assertEquals(new RunReport.Schedule("compressed", false, "08:00", "12:00", List.of("mon", "wed")),
                r.scheduling());
        assertEquals("2024-01-15T08:00", r.simulatedStart());
        assertLine(r, "a", "2024-01-15T08:00", "2024-01-17T10:00", null, false, false);
    }

    /*
     * Without "timeline": "calendar" a run is continuous as before, whatever the scheduling block says:
     * a runs hours 0-10 around the clock (Mon 09:00-19:00), b 10-12, c and d start at hour 0; no calendar
     * fields in the report, and no planning decision in the ledger.
     */
    @Test
    void aContinuousRunIgnoresTheSchedulingBlock() throws JsonProcessingException {
        try (ProjectSession s = RulesFixture.start(distributed(true, null))) {
            s.beginCommand(2);
            RunReport r = Simulator.runToEnd(s, new RunRequest("fully_automated", 0L, 0.0));
            assertNull(r.scheduling());
            assertLine(r, "a", "2024-01-15T09:00", "2024-01-15T19:00", null, null, null);
            assertLine(r, "b", "2024-01-15T19:00", "2024-01-15T21:00", null, null, null);
            assertLine(r, "d", "2024-01-15T09:00", "2024-01-15T10:00", null, null, null);
            String json = Json.MAPPER.writeValueAsString(r);
            assertFalse(json.contains("planned_start") || json.contains("scheduling") || json.contains("ran_late"), json);
            assertTrue(s.ledger().stream().noneMatch(d -> d.getKind() == DecisionKind.START_PLANNED));
        }
    }

    @Test
    void theSameInputGivesTheSameReportBytes() throws JsonProcessingException {
        String first = Json.MAPPER.writeValueAsString(run(distributed(true, null)));
        String second = Json.MAPPER.writeValueAsString(run(distributed(true, null)));
        assertEquals(first, second);
        assertTrue(first.contains("\"planned_start\":\"2024-01-16T11:00\""), first);
    }

    private static String distributed(boolean autoAdjust, String extra) {
        return """
                {"project_id": "dist", "title": "distributed",
                 "scheduling": {"mode": "distributed", %s "auto_adjust_dates": %s, "start_date": "2024-01-15T09:00:00"},
                 "agents": [{"agent_id": "alice", "skill_levels": {"x": 5}}, {"agent_id": "bob", "skill_levels": {"y": 5}},
                            {"agent_id": "carol", "skill_levels": {"z": 5}}],
                 "tasks": [{"task_id": "a", "estimated_hours": 10, "required_skills": {"x": 1}, "scheduled_date": "2024-01-15T09:00:00"},
                           {"task_id": "b", "estimated_hours": 2, "required_skills": {"x": 1}, "dependencies": ["a"],
                            "scheduled_date": "2024-01-16T09:00:00"},
                           {"task_id": "c", "estimated_hours": 1, "required_skills": {"y": 1}, "scheduled_date": "2024-01-17T14:00:00"},
                           {"task_id": "d", "estimated_hours": 1, "required_skills": {"z": 1}, "scheduled_date": "2024-01-20T10:00:00"}]}
                """.formatted(extra == null ? "" : extra, autoAdjust);
    }

    private static RunReport run(String json) {
        try (ProjectSession s = RulesFixture.start(json)) {
            s.beginCommand(2);
            return Simulator.runToEnd(s, new RunRequest("fully_automated", 0L, 0.0, "calendar"));
        }
    }

    private static RunReport.TaskLine line(RunReport r, String taskId) {
        return r.tasks().stream().filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
    }

    private static void assertLine(RunReport r, String taskId, String start, String end, String planned, Boolean late,
                                    Boolean shifted) {
        RunReport.TaskLine l = line(r, taskId);
        assertEquals("COMPLETED", l.status(), taskId);
        assertEquals(start, l.simulatedStart(), taskId + " start");
        assertEquals(end, l.simulatedEnd(), taskId + " end");
        assertEquals(planned, l.plannedStart(), taskId + " planned");
        assertEquals(late, l.ranLate(), taskId + " ran late");
        assertEquals(shifted, l.shifted(), taskId + " shifted");
    }
}
