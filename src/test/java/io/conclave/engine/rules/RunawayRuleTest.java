package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.start;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.CommandException;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.TaskStatus;

/** A policy that never stops firing is cut off at the per-command cap and reported by rule name. */
public class RunawayRuleTest {
    private static final int CAP = 2_000;

    private static final String HEADER = "package conclave.workflow;\n\nimport io.conclave.model.*;\n\n";

    private static Policy shippedPlus(Path dir, String drl) {
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.add(dir, "workflow/zz_runaway.drl", HEADER + drl);
        return PolicyCopies.compile(dir);
    }

    private static CommandException assertRuleLoop(CommandException e) {
        assertEquals(CommandException.Kind.POLICY, e.kind());
        assertEquals("rule_loop", e.code());
        return e;
    }

    @Test
    void aRuleThatModifiesAFactBackAndForthIsCutOffAndNamed(@TempDir Path dir) {
        // The rule flips alice's open hours between 0 and 1, and each modify re-activates it. With salience 1000
        // it outranks every shipped rule, so all of the cap + 1 = 2001 firings the session allows are its own.
        Policy looping = shippedPlus(dir, """
                rule "Runaway: toggle alice's open hours"
                    salience 1000
                when
                    $a : Agent( agentId == "alice", $h : openHours ) @watch(openHours)
                then
                    modify($a) { setOpenHours($h == 0.0 ? 1.0 : 0.0) }
                end
                """);
        var project = project().agents(agent("alice")).tasks(task("t"));

        CommandException e = assertThrows(CommandException.class, () -> project.start(looping, CAP).close());
        assertRuleLoop(e);
        assertTrue(e.getMessage().contains("more than 2000 rules"), e.getMessage());
        assertTrue(e.getMessage().contains("busiest: 'Runaway: toggle alice's open hours' fired 2001 times"),
                e.getMessage());
    }

    @Test
    void aRuleThatInsertsANewFactOnEveryFiringIsCutOffAndNamed(@TempDir Path dir) {
        // Each Tick(n) makes the rule insert Tick(n + 1), which activates it again: the run never ends.
        Policy looping = shippedPlus(dir, """
                declare Tick
                    n : int
                end

                rule "Runaway: first tick"
                when
                    not Tick()
                then
                    insert(new Tick(0));
                end

                rule "Runaway: tick forever"
                when
                    Tick( $n : n )
                then
                    insert(new Tick($n + 1));
                end
                """);
        var project = project().agents(agent("alice")).tasks(task("t"));

        CommandException e = assertThrows(CommandException.class, () -> project.start(looping, CAP).close());
        assertRuleLoop(e);
        // The endless rule fires far more than any other, so it is named first among the busiest.
        assertTrue(e.getMessage().contains("busiest: 'Runaway: tick forever' fired "), e.getMessage());
    }

    @Test
    void theCapCountsPerCommandSoALoopInALaterCommandIsCaughtThere(@TempDir Path dir) {
        // The rule only loops once a task is COMPLETED, so starting the project stays far below the cap;
        // completing t then sets it off.
        Policy looping = shippedPlus(dir, """
                rule "Runaway: rewrite the reason of a completed task"
                when
                    $t : Task( status == TaskStatus.COMPLETED, $r : statusReason ) @watch(statusReason)
                then
                    modify($t) { setStatusReason("x".equals($r) ? "y" : "x") }
                end
                """);
        try (ProjectSession s = project().agents(agent("alice")).tasks(task("t")).start(looping, CAP)) {
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t").getStatus(), "no loop before anything completes");

            CommandException e = assertThrows(CommandException.class, () -> complete(s, "t", "alice"));
            assertRuleLoop(e);
            assertTrue(e.getMessage().contains("busiest: 'Runaway: rewrite the reason of a completed task' fired "),
                    e.getMessage());
        }
    }

    @Test
    void theCapIsRenewedForEveryCommandSoAHealthyProjectNeverHitsIt() {
        // Reading the rules, with a cap of 150 per command:
        //   starting: 30 x ready + 1 queue + 30 x (rank + assign or wait) + 1 drop = 92 firings;
        //   the heaviest report, the first COMPLETE: complete + release + 29 wakes + discard + queue
        //   + (rank + assign t01) + 28 x (rank + wait) + drop = 92 firings; a START is 1 firing.
        // The 60 reports fire about 1,500 rules in all (the k-th COMPLETE with w tasks waiting: 3w + 5), which is
        // fine as long as each report is its own command.
        try (ProjectSession s = Projects.oneAgentThirtyTasks().start(RulesFixture.policy(), 150)) {
            for (int i = 0; i < 30; i++) {
                String id = String.format("t%02d", i);
                assertEquals(TaskStatus.ASSIGNED, taskOf(s, id).getStatus(), id + " is next in serving order");
                assertTrue(start(s, id, "solo"));
                assertTrue(complete(s, id, "solo"));
            }
            assertTrue(s.tasks().stream().allMatch(t -> t.getStatus() == TaskStatus.COMPLETED));
        }
    }

    @Test
    void aSimulatedRunThatAPolicyKeepsGoingForeverIsCutOffInAll(@TempDir Path dir) {
        // Each step is tiny (a failed task is handed straight back to its agent), so no single report
        // reaches the cap; but with every simulated task failing, the run would never end. The command
        // as a whole may fire at most 20 caps' worth of rules.
        Policy retrying = shippedPlus(dir, """
                rule "Retry: hand a failed task straight back to its agent"
                    salience 50
                when
                    $t : Task( status == TaskStatus.FAILED, assignee != null )
                then
                    modify($t) { setStatus(TaskStatus.ASSIGNED) }
                end
                """);
        try (ProjectSession s = project().agents(agent("alice").skill("x", 5))
                .tasks(task("t").needs("x", 1)).start(retrying, 200)) {
            s.beginCommand(2);
            CommandException e = assertThrows(CommandException.class,
                    () -> io.conclave.sim.Simulator.runToEnd(s, new io.conclave.model.run.RunRequest("fully_automated", 0L, 1.0)));
            assertEquals("rule_loop", e.code());
            assertTrue(e.getMessage().contains("more than 4000 rules in one command"), e.getMessage());
        }
    }

    @Test
    void aConsequenceThatThrowsIsReportedAsAPolicyFailureNamingTheRule(@TempDir Path dir) {
        Policy throwing = shippedPlus(dir, """
                rule "Broken: divide by zero when a task is ready"
                    salience 500
                when
                    Task( status == TaskStatus.READY )
                then
                    int zero = 0;
                    String.valueOf(1 / zero);
                end
                """);
        CommandException e = assertThrows(CommandException.class,
                () -> project().agents(agent("alice").skill("x", 5)).tasks(task("t").needs("x", 1)).start(throwing, CAP));
        assertEquals(CommandException.Kind.POLICY, e.kind());
        assertEquals("rule_failed", e.code());
        assertTrue(e.getMessage().contains("rule 'Broken: divide by zero when a task is ready' failed"), e.getMessage());
        assertTrue(e.getMessage().contains("ArithmeticException"), e.getMessage());
    }
}
