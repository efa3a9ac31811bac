package io.conclave.engine.rules;

import io.conclave.model.run.Checkpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.CommandException;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRun;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.RulesFixture;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.run.KeptCheckpoints;
import io.conclave.model.run.RunRequest;

/**
 * rules/execution/checkpoints.drl, "Keep the last five checkpoints": how many of the checkpoints its
 * incremental runs reach a project keeps as saved states. The project's runtime reads the setting the
 * rule inserts; an edited rule keeps another number.
 */
public class KeptCheckpointsRulesTest {
    /** One agent, six one-hour tasks in a chain: a run that stops after each task reaches six checkpoints. */
    private static final String CHAIN = """
            {"project_id": "kept", "scheduling": {"start_date": "2024-03-04T08:00:00"},
             "agents": [{"agent_id": "alice", "skill_levels": {"x": 5}}],
             "tasks": [{"task_id": "a", "required_skills": {"x": 1}, "estimated_hours": 1},
                       {"task_id": "b", "required_skills": {"x": 1}, "estimated_hours": 1, "dependencies": ["a"]},
                       {"task_id": "c", "required_skills": {"x": 1}, "estimated_hours": 1, "dependencies": ["b"]},
                       {"task_id": "d", "required_skills": {"x": 1}, "estimated_hours": 1, "dependencies": ["c"]},
                       {"task_id": "e", "required_skills": {"x": 1}, "estimated_hours": 1, "dependencies": ["d"]},
                       {"task_id": "f", "required_skills": {"x": 1}, "estimated_hours": 1, "dependencies": ["e"]}]}
            """;

    /** Runs the chain incrementally, resuming at every checkpoint; returns the saved states kept at the end. */
    private static List<String> keptAfterTheRun(ProjectRuntime p) {
        p.startRun(new RunRequest("incremental", 0L, 0.0, "continuous", "after_each_task", null), "op");
        for (int stops = 0; stops < 20; stops++) {
            while (p.step(Long.MAX_VALUE)) {
                // a step handles what it can until the rules stop the run
            }
            if (!p.hasOpenRun()) {
                break;
            }
            p.command(new SendInterrupt("resume", null, null, null, null), "op", s -> { });
        }
        assertEquals("COMPLETED", p.lastRun().status());
        return p.checkpoints().stream().map(Checkpoint::checkpointId).toList();
    }

    @Test
    void theShippedRuleKeepsTheLastFive(@TempDir Path dir) throws Exception {
        QuietLogging.likeTheService();
        PolicyHost[] host = new PolicyHost[1];
        try (ProjectRegistry registry = RulesFixture.registry(dir, host)) {
            ProjectRuntime p = registry.create(io.conclave.app.ProjectSchemaCheck.spec(CHAIN), "op");
            KeptCheckpoints kept = p.read(s -> s.outputs(io.conclave.engine.policy.Outputs.KEPT_CHECKPOINTS)).get(0);
            assertEquals(5, kept.getCount());
            assertEquals("Keep the last five checkpoints", kept.getRule());
            // six checkpoints cp-1..cp-6, one per task; the five newest are kept
            assertEquals(List.of("cp-2", "cp-3", "cp-4", "cp-5", "cp-6"), keptAfterTheRun(p));
        } finally {
            host[0].close();
        }
    }

    @Test
    void anEditedRuleKeepsTwoAndSaysSoWhenAnOlderOneIsAsked(@TempDir Path dir) throws Exception {
        QuietLogging.likeTheService();
        Path rules = Files.createDirectories(dir.resolve("rules"));
        PolicyCopies.copyShippedRules(rules);
        PolicyCopies.edit(rules, "execution/checkpoints.drl", """
                rule "Keep the last five checkpoints"
                    salience 2000
                when
                    not KeptCheckpoints()
                then
                    insert(new KeptCheckpoints(5));""", """
                rule "Keep the last two checkpoints"
                    salience 2000
                when
                    not KeptCheckpoints()
                then
                    insert(new KeptCheckpoints(2));""");
        PolicyHost[] host = new PolicyHost[1];
        try (ProjectRegistry registry = RulesFixture.registry(rules, dir.resolve("data"), host, 500_000)) {
            ProjectRuntime p = registry.create(io.conclave.app.ProjectSchemaCheck.spec(CHAIN), "op");
            // the same six checkpoints; only the two newest are kept
            assertEquals(List.of("cp-5", "cp-6"), keptAfterTheRun(p));
            CommandException e = assertThrows(CommandException.class, () -> p.restore("cp-4", "op"));
            assertEquals("checkpoint_not_found", e.code());
            assertTrue(e.getMessage().startsWith("project kept keeps no checkpoint cp-4 (the last 2 are kept, by rule "
                    + "'Keep the last two checkpoints' of policy "), e.getMessage());
        } finally {
            host[0].close();
        }
    }
}
