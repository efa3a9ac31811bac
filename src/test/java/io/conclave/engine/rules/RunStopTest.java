package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRun;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunStatus;
import io.conclave.model.run.RunRequest;

/**
 * A rule that loops in the middle of a run: the step is cut off and rolled back, the run stops
 * (FAILED, journaled as run_stop, the looping rule named), and the project stays usable, also after a
 * restart.
 */
public class RunStopTest {
    private static final String PROJECT = """
            {"project_id": "stops", "scheduling": {"start_date": "2024-03-04T08:00:00"},
             "agents": [{"agent_id": "alice", "skill_levels": {"x": 5}}],
             "tasks": [{"task_id": "a", "required_skills": {"x": 1}, "estimated_hours": 1},
                       {"task_id": "b", "required_skills": {"x": 1}, "estimated_hours": 1, "dependencies": ["a"]}]}
            """;

    @Test
    void aLoopingRuleStopsTheRunAndTheProjectGoesOn(@TempDir Path dir) throws Exception {
        QuietLogging.likeTheService();
        Path rules = Files.createDirectories(dir.resolve("rules"));
        PolicyCopies.copyShippedRules(rules);
        // Loops as soon as the run reports b's outcome: each modify re-activates it.
        PolicyCopies.add(rules, "workflow/zz_runaway.drl", """
                package conclave.workflow;

                import io.conclave.model.*;
                import io.conclave.model.run.*;

                rule "Runaway: the outcome of b never settles"
                    salience 1000
                when
                    TaskOutcome( taskId == "b" )
                    $a : Agent( agentId == "alice", $h : openHours ) @watch(openHours)
                then
                    modify($a) { setOpenHours($h == 0.0 ? 1.0 : 0.0) }
                end
                """);
        Path data = dir.resolve("data");
        PolicyHost[] host = new PolicyHost[1];
        JsonNode definition = Json.MAPPER.readTree(PROJECT);
        try (ProjectRegistry registry = RulesFixture.registry(rules, data, host, 2_000)) {
            ProjectRuntime p = registry.create(io.conclave.app.ProjectSchemaCheck.spec(definition), "op");
            p.startRun(new RunRequest("fully_automated", 0L, 0.0, "continuous"), "op");
            // 1 ns of wall time per step: one simulated event each. Step 1: a starts and completes at hour
            // 1, b is assigned and started (what can start starts after each event). Step 2: b completes
            // at hour 2 and its outcome loops: cut off, rolled back to after step 1, and the run stopped.
            int steps = 0;
            while (p.step(1)) {
                steps++;
            }
            assertEquals(1, steps, "one step went through");
            ProjectRun run = p.run("run-1");
            assertEquals(RunStatus.FAILED, run.status());
            assertTrue(run.reason().contains("Runaway: the outcome of b never settles"), run.reason());
            assertEquals(List.of(TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS), statuses(p));
            assertEquals("FAILED", p.lastRun().status());

            // the project takes commands again, and a new run may start
            p.report(TaskEvent.Kind.COMPLETE, "b", "alice", s -> { });
            assertEquals(TaskStatus.COMPLETED, statuses(p).get(1));
            assertEquals("run-2", p.startRun(new RunRequest("fully_automated", 0L, 0.0, "continuous"), "op"));
        } finally {
            host[0].close();
        }
        try (ProjectRegistry again = RulesFixture.registry(rules, data, host, 2_000)) {
            ProjectRuntime p = again.get("stops");
            assertEquals(RunStatus.FAILED, p.run("run-1").status());
            assertEquals(List.of(TaskStatus.COMPLETED, TaskStatus.COMPLETED), statuses(p));
            assertTrue(p.run("run-2").running(), "the second run goes on after the restart");
        } finally {
            host[0].close();
        }
    }

    private static List<TaskStatus> statuses(ProjectRuntime p) {
        return p.read(s -> s.tasks().stream().map(t -> t.getStatus()).toList());
    }
}
