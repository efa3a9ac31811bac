package io.conclave.app.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.SendInterrupt;

/**
 * Warms a starting node up before it joins the nodes' group. A JVM just started rebuilds its first owners many times
 * slower than a warm one (measured: 4 projects in 12 s on a cold node, 2 to 5 in 0.5-1.2 s on the warm ones of the
 * same run), and during a planned rejoin those owners are unserved until it is done: the partition's holder gave
 * them up when the group asked. So before joining, the node runs a throwaway project of its own (journal files in a
 * temporary folder, no events, no meters) through the active policy: created, given status interrupts, let go and
 * rebuilt from its journal, round after round, until the rounds or the time allowed are used up. The cluster's
 * owners are not touched, and nothing of it is journaled on Kafka.
 */
public final class RulesWarmUp {
    private static final Logger LOG = Logger.getLogger(RulesWarmUp.class);
    private static final String ID = "warm-up";
    /** Rounds of commands and a rebuild; each round's rebuild replays every command so far. */
    private static final int ROUNDS = 6;
    private static final int COMMANDS_PER_ROUND = 10;
    /** A project of the common shape: three agents, eight tasks in a chain with two branches. */
    private static final String SPEC = """
            {"project_id": "warm-up", "title": "Warm-up",
             "agents": [{"agent_id": "a1", "skill_levels": {"x": 5}}, {"agent_id": "a2", "skill_levels": {"x": 6}},
                        {"agent_id": "a3", "skill_levels": {"x": 7}}],
             "tasks": [{"task_id": "t1", "required_skills": {"x": 1}}, {"task_id": "t2", "required_skills": {"x": 1}},
                       {"task_id": "t3", "required_skills": {"x": 1}, "dependencies": ["t1"]},
                       {"task_id": "t4", "required_skills": {"x": 1}, "dependencies": ["t2"]},
                       {"task_id": "t5", "required_skills": {"x": 1}, "dependencies": ["t3", "t4"]},
                       {"task_id": "t6", "required_skills": {"x": 1}, "dependencies": ["t5"]},
                       {"task_id": "t7", "required_skills": {"x": 1}, "dependencies": ["t5"]},
                       {"task_id": "t8", "required_skills": {"x": 1}, "dependencies": ["t6", "t7"]}]}""";

    private RulesWarmUp() {
    }

    /**
     * Runs the warm-up under {@code setting}'s policies and firing cap for at most {@code budget} (a round begun
     * is finished); returns what it did, for the log. Never throws: a warm-up that fails only leaves the JVM colder.
     */
    public static String run(JournaledRuntime.Setting setting, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return "no warm-up (conclave.cluster.warm-up is 0)";
        }
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        JournaledRuntime.Setting quiet = new JournaledRuntime.Setting(setting.policies(), setting.maxFirings(),
                setting.wallClock(), e -> { }, done -> { });
        Path dir = null;
        int commands = 0;
        int rebuilds = 0;
        try {
            dir = Files.createTempDirectory("conclave-warm-up");
            try (ProjectRegistry projects = new ProjectRegistry(dir, quiet, ProjectRegistry.NO_RUNS)) {
                projects.create(Json.MAPPER.readValue(SPEC, ProjectSpec.class), ID);
                commands++;
                for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
                    for (int i = 0; i < COMMANDS_PER_ROUND; i++) {
                        projects.get(ID).command(new SendInterrupt("status", null, null, null, "warm-up " + commands),
                                ID, s -> { });
                        commands++;
                    }
                    projects.release(ID);
                    projects.adopt(ID); // rebuilt by replaying its journal, as a takeover rebuilds an owner
                    rebuilds++;
                }
            }
            return String.format("warmed up in %d ms: %d commands, %d rebuilds", (System.nanoTime() - start) / 1_000_000,
                    commands, rebuilds);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the warm-up stopped after %d commands: %s", commands, e.toString());
            return "warm-up stopped after " + commands + " commands: " + e.getMessage();
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("the warm-up's folder %s was not deleted: %s", dir, e.getMessage());
        }
    }
}
