package io.conclave.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.run.RunReport;

/**
 * The timeline's drawing, positions worked out by hand: idle stretches of more than two hours are drawn 30 minutes
 * wide and marked, the rest is linear in simulated time.
 */
class GanttTest {

    private static RunReport.TaskLine task(String id, String agent, String start, String end) {
        return new RunReport.TaskLine(id, "COMPLETED", agent, List.of(), start, end, null, null, null, null, null);
    }

    private static RunReport report(String start, String end, RunReport.TaskLine... tasks) {
        return new RunReport("run-1", "p", "fully_automated", "COMPLETED", null, null, 0, 0, start, end, null, null,
                null, List.of(tasks), List.of(new RunReport.AgentLine("alice", tasks.length, 0, 0, null, null)), List.of(),
                List.of(), List.of(), List.of(), List.of(), null);
    }

    /**
     * Two working days of 8 h, 09:00-17:00, and the night between (16 h = 960 min) without work. Drawn minutes:
     * 480 + 30 + 480 = 990. t1 from 0 to 480/990 = 48.48%; t2 from 510/990 = 51.52% to 100% (width 48.48); the night
     * from 48.48% to 51.52%, "16 h". Ticks at 0, 198, 396, 594, 792 and 990 drawn minutes: 09:00, 12:18 and 15:36 of
     * the first day, then 594 - 510 = 84 and 282 minutes into the second day (10:24, 13:42), and 17:00.
     */
    @Test
    void aNightWithoutWorkIsDrawnNarrowAndMarked() {
        Gantt g = Gantt.of(report("2024-03-04T09:00", "2024-03-05T17:00",
                task("t1", "alice", "2024-03-04T09:00", "2024-03-04T17:00"),
                task("t2", "alice", "2024-03-05T09:00", "2024-03-05T17:00")));
        List<Gantt.Bar> bars = g.lanes().get(0).bars();
        assertEquals(0.0, bars.get(0).left());
        assertEquals(48.48, bars.get(0).width());
        assertEquals(51.52, bars.get(1).left());
        assertEquals(48.48, bars.get(1).width());
        assertEquals(List.of(new Gantt.Break(48.48, 3.04, "16 h")), g.breaks());
        assertEquals(List.of("03-04 09:00", "03-04 12:18", "03-04 15:36", "03-05 10:24", "03-05 13:42", "03-05 17:00"),
                g.ticks().stream().map(Gantt.Tick::label).toList());
    }

    /** An hour between tasks is not squeezed: 09:00-10:00 and 11:00-12:00 of 180 minutes, t2 at 120/180 = 66.67%. */
    @Test
    void aShortPauseStaysToScale() {
        Gantt g = Gantt.of(report("2024-03-04T09:00", "2024-03-04T12:00",
                task("t1", "alice", "2024-03-04T09:00", "2024-03-04T10:00"),
                task("t2", "alice", "2024-03-04T11:00", "2024-03-04T12:00")));
        assertEquals(List.of(), g.breaks());
        assertEquals(66.67, g.lanes().get(0).bars().get(1).left());
        assertEquals(33.33, g.lanes().get(0).bars().get(1).width());
    }
}
