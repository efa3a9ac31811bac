package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Refusal;
import io.conclave.model.conflict.ConflictCommand;
import io.conclave.model.conflict.ConflictOption;
import io.conclave.model.conflict.GoalConflict;

/**
 * Tier 1, rules/coordination/goal_conflicts.drl. Agents and priorities: boss 5, lead 4, ann 2, bob 2, cy 2, dee 1.
 * An option scores by the highest priority among its supporters, then its supporters, then its
 * earliest proposal, then its text.
 */
public class GoalConflictRulesTest {
    private static final String PROJECT = """
            { "project_id": "gc", "title": "goal conflicts",
              "agents": [ %s ],
              "tasks": [ { "task_id": "t", "description": "a task", "estimated_hours": 1 } ] }""";

    private static ProjectSession start() {
        String agents = String.join(", ", Arrays.stream(new String[] {"boss:5", "lead:4", "ann:2", "bob:2", "cy:2", "dee:1"})
                .map(a -> "{ \"agent_id\": \"" + a.split(":")[0] + "\", \"name\": \"" + a.split(":")[0]
                        + "\", \"priority\": " + a.split(":")[1] + " }").toList());
        return RulesFixture.start(PROJECT.formatted(agents));
    }

    private static Refusal propose(ProjectSession s, String agent, String option, String... parties) {
        ConflictCommand c = ConflictCommand.propose("c1", agent, option, "because", "which database", List.of(parties));
        s.beginCommand(s.ledger().size() + 100L);
        return s.post(c, c.toString());
    }

    private static Refusal resolve(ProjectSession s, String agent) {
        ConflictCommand c = ConflictCommand.resolve("c1", agent);
        s.beginCommand(s.ledger().size() + 100L);
        return s.post(c, c.toString());
    }

    private static GoalConflict conflict(ProjectSession s) {
        return s.outputs(io.conclave.engine.policy.Outputs.GOAL_CONFLICTS).stream().filter(g -> g.getConflictId().equals("c1")).findFirst().orElse(null);
    }

    private static Decision resolution(ProjectSession s) {
        List<Decision> r = s.ledger().stream().filter(d -> d.getKind() == DecisionKind.CONFLICT_RESOLVED).toList();
        assertEquals(1, r.size(), r.toString());
        return r.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<ConflictOption> options(Decision d) {
        return (List<ConflictOption>) d.getDetails().get("options");
    }

    @Test
    void priorityOfTheSupportersBeatsTheirNumber() {
        // 'postgres': ann, bob, cy (3 supporters, highest priority 2); 'mysql': lead alone (priority 4).
        // Priority is compared first: mysql wins although it has fewer supporters.
        try (ProjectSession s = start()) {
            assertNull(propose(s, "ann", "postgres"));
            assertNull(propose(s, "bob", "postgres"));
            assertNull(propose(s, "lead", "mysql"));
            assertNull(propose(s, "cy", "postgres"));
            assertNull(resolve(s, "ann"));
            Decision d = resolution(s);
            assertEquals("The best-scoring option wins a goal conflict", d.getRule());
            assertEquals("mysql", d.getDetails().get("winner"));
            assertEquals(List.of("lead"), d.getAgentIds());
            assertEquals(List.of(
                    new ConflictOption(1, "mysql", List.of("lead"), 4, 1, 3,
                            "won: highest supporter priority 4, 1 supporter(s), first proposed as #3"),
                    new ConflictOption(2, "postgres", List.of("ann", "bob", "cy"), 2, 3, 1,
                            "lost to 'mysql': its supporters' highest priority 2 is below 4")), options(d));
            assertEquals("ann asked to resolve it", d.getDetails().get("trigger"));
            assertEquals("mysql", conflict(s).getWinner());
        }
    }

    @Test
    void supportBreaksEqualPriority() {
        // 'a' by ann (2) and dee (1): highest priority 2, 2 supporters; 'b' by bob (2): priority 2, 1 supporter.
        // Equal priority, so support decides: 'a' wins, although dee alone would have the lowest priority.
        try (ProjectSession s = start()) {
            propose(s, "bob", "b");
            propose(s, "ann", "a");
            propose(s, "dee", "a");
            resolve(s, "bob");
            List<ConflictOption> o = options(resolution(s));
            assertEquals("a", o.get(0).option());
            assertEquals(List.of("ann", "dee"), o.get(0).supporters());
            assertEquals("lost to 'a': same priority 2, fewer supporters (1 against 2)", o.get(1).outcome());
        }
    }

    @Test
    void theEarliestProposalBreaksEqualPriorityAndSupport() {
        // 'z' by ann (#1), 'y' by bob (#2), 'x' by cy (#3): all priority 2 with one supporter; the earliest
        // proposal wins even though 'x' comes first in text order.
        try (ProjectSession s = start()) {
            propose(s, "ann", "z");
            propose(s, "bob", "y");
            propose(s, "cy", "x");
            resolve(s, "cy");
            List<ConflictOption> o = options(resolution(s));
            assertEquals(List.of("z", "y", "x"), o.stream().map(ConflictOption::option).toList());
            assertEquals("lost to 'z': same priority and support, proposed later (#3 after #1)", o.get(2).outcome());
        }
    }

    @Test
    void everyNamedPartyProposingResolvesTheConflict() {
        // parties ann, bob, boss: nothing is resolved until boss (priority 5) proposes too; then boss wins.
        try (ProjectSession s = start()) {
            assertNull(propose(s, "ann", "keep", "ann", "bob", "boss"));
            assertNull(propose(s, "bob", "keep"));
            assertTrue(conflict(s).isOpen());
            assertEquals(2, s.ledger().stream().filter(d -> d.getKind() == DecisionKind.CONFLICT_DETECTED).count());
            assertNull(propose(s, "boss", "drop"));
            Decision d = resolution(s);
            assertEquals("every party proposed", d.getDetails().get("trigger"));
            assertEquals("'drop' wins goal conflict c1 (every party proposed) over 1 other option(s): won: highest "
                    + "supporter priority 5, 1 supporter(s), first proposed as #3", d.getReason());
        }
    }

    @Test
    void theOpeningProposalIsRecordedAsADetectedConflict() {
        try (ProjectSession s = start()) {
            propose(s, "ann", "keep", "ann", "bob");
            Decision d = s.ledger().stream().filter(x -> x.getKind() == DecisionKind.CONFLICT_DETECTED).findFirst()
                    .orElseThrow();
            assertEquals("A goal conflict opens with its first proposal", d.getRule());
            assertEquals("goal conflict c1 opened: ann proposes 'keep'; parties [ann, bob]", d.getReason());
            assertEquals("c1", d.getDetails().get("conflict_id"));
            assertEquals("goal", d.getDetails().get("conflict_type"));
            assertEquals(2, d.getDetails().get("agent_priority"));
        }
    }

    @Test
    void proposalsAfterTheResolutionAreRefused() {
        try (ProjectSession s = start()) {
            propose(s, "ann", "keep");
            resolve(s, "ann");
            Refusal r = propose(s, "bob", "drop");
            assertNotNull(r);
            assertEquals("conflict_resolved", r.getCode());
            assertEquals(Refusal.Kind.CONFLICT, r.getKind());
            assertEquals("goal conflict c1 was resolved: 'keep' won", r.getReason());
            assertEquals("conflict_resolved", resolve(s, "ann").getCode());
            assertEquals(1, conflict(s).getProposals(), "the refused proposal left nothing");
        }
    }

    @Test
    void refusals() {
        try (ProjectSession s = start()) {
            assertEquals(Refusal.Kind.NOT_FOUND, resolve(s, "ann").getKind(), "no conflict c1 yet");
            assertEquals("unknown_agent", propose(s, "zed", "x").getCode());
            assertEquals("not_a_party", propose(s, "ann", "x", "bob", "cy").getCode(), "the opener must be a party");
            assertNull(propose(s, "ann", "x", "ann", "bob"));
            assertEquals("not_a_party", propose(s, "cy", "y").getCode());
            assertEquals("not_a_party", resolve(s, "cy").getCode());
            assertEquals("parties_differ", propose(s, "bob", "y", "bob", "ann", "cy").getCode());
            assertEquals("already_proposed", propose(s, "ann", "z").getCode());
            assertTrue(conflict(s).isOpen());
        }
        try (ProjectSession s = start()) {
            propose(s, "ann", "x");
            assertEquals("not_a_party", resolve(s, "bob").getCode(), "without parties only proposers may resolve");
        }
    }
}
