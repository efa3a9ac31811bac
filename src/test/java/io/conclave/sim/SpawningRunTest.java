package io.conclave.sim;

import io.conclave.api.ProjectJson;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;

/** A simulated run in which a meeting's accepted proposal becomes a task that is then worked. */
class SpawningRunTest {
    /**
     * pm (arch 8) and dev (arch 7, x 8); kick is a 1 h meeting of both, build (arch 6, 2 h) depends on it.
     * {@code spawning} is the project's block, or absent.
     */
    private static String project(String spawning) {
        ProjectJson p = ProjectJson.project("spawn-run");
        if (spawning != null) {
            p.setJson("spawning", spawning);
        }
        return p.agent(agent("pm").skill("arch", 8), agent("dev").skill("arch", 7).skill("x", 8))
                .task(task("kick").description("Kick-off").meeting("pm", "dev").hours(1),
                        task("build").needs("arch", 6).hours(2).after("kick"))
                .json();
    }

    private static RunReport run(ProjectSession s) {
        return Simulator.runToEnd(s, new RunRequest("fully_automated", 7L, 0.0, null));
    }

    @Test
    void theAcceptedProposalOfTheKickoffBecomesATaskThatIsWorkedAfterTheMeeting() throws Exception {
        try (ProjectSession s = RulesFixture.start(project("{}"))) {
            RunReport r = run(s);
            // The simulated chair pm proposes adopt_kick; the skills at stake are build's (kick requires none):
            // arch 6. pm rates arch 8 and dev 7, both 7 or more: 2 yes of 2 active, majority 2 -> accepted.
            RunReport.MeetingLine m = r.meetings().get(0);
            assertEquals("adopt_kick", m.proposals().get(0).proposalId());
            assertEquals("accepted", m.proposals().get(0).outcome());
            // The outcome reaches the rules when kick completes (hour 1): task kick.adopt_kick, no hints in the
            // simulated details, so kick's required skills (none) and 1 h; it depends on kick.
            Decision d = s.ledger().stream().filter(x -> x.getKind() == DecisionKind.SPAWNED).findFirst().orElseThrow();
            assertEquals("kick.adopt_kick", d.getTaskId());
            assertEquals("spawned from proposal adopt_kick \"Adopt the outcome of kick\" by pm, accepted in meeting task kick: "
                    + "no required skills (the meeting task's), 1.0 h (default), depth 1", d.getReason());
            // 3 tasks, all completed: kick 09:00-10:00, then build (2 h) and the spawned task (1 h) both start at
            // 10:00, when kick completes and frees both agents
            assertEquals(3, r.taskSummary().totalTasks());
            assertEquals(3, r.taskSummary().completedTasks());
            RunReport.TaskLine spawned = r.tasks().stream().filter(t -> t.taskId().equals("kick.adopt_kick")).findFirst().orElseThrow();
            assertEquals("COMPLETED", spawned.status());
            assertEquals("2024-01-01T10:00", spawned.simulatedStart());
            assertEquals("2024-01-01T11:00", spawned.simulatedEnd());
            RunReport.TaskLine build = r.tasks().stream().filter(t -> t.taskId().equals("build")).findFirst().orElseThrow();
            assertEquals("2024-01-01T10:00", build.simulatedStart());
            assertEquals("2024-01-01T12:00", build.simulatedEnd());
            assertTrue(!spawned.assignee().equals(build.assignee()), "two agents free at 10:00 take one task each");
        }
        // same project, policy and seed: the same report, byte for byte
        try (ProjectSession a = RulesFixture.start(project("{}")); ProjectSession b = RulesFixture.start(project("{}"))) {
            assertEquals(Json.MAPPER.writeValueAsString(run(a)), Json.MAPPER.writeValueAsString(run(b)));
        }
    }

    @Test
    void withoutASpawningBlockTheSameRunKeepsItsTwoTasks() {
        try (ProjectSession s = RulesFixture.start(project(null))) {
            RunReport r = run(s);
            assertEquals("accepted", r.meetings().get(0).proposals().get(0).outcome());
            assertEquals(List.of("kick", "build"), r.tasks().stream().map(RunReport.TaskLine::taskId).toList());
        }
    }
}
