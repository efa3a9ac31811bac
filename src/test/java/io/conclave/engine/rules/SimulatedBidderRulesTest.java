package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.engine.project.SimulatedBidding;
import io.conclave.model.Agent;
import io.conclave.model.Bid;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.sim.SimulatedBidders;

/**
 * rules/simulation/bidders.drl: what the simulated agents of a simulated run answer to a call for
 * proposals. The shipped rules bid the original contract net's base cost {@code complexity x 10} (the award adds
 * {@code open tasks x 5}, the chapter's availability factor: assignment/contract_net_award.drl) and decline when
 * the agent cannot do the task or is at its limit; an edited rule changes who wins.
 */
public class SimulatedBidderRulesTest {

    /*
     * cn (contract net, complexity 3, requires "backend") is called once a and b hold their other work:
     * a holds ta (8 h, needs x: only a has x), b holds tb1 and tb2 (1 h each, need y: only b has y).
     * So when the call reaches them a has 1 open task of 8 h, b 2 open tasks of 2 h; both have room (3).
     */
    private static ProjectSession contractNetWithBusyBidders(Policy policy) {
        ObjectNode root = project()
                .agents(agent("a").skill("x", 5).skill("backend", 5).maxOpenTasks(3),
                        agent("b").skill("y", 5).skill("backend", 5).maxOpenTasks(3))
                .tasks(task("ta").needs("x", 1).hours(8), task("tb1").needs("y", 1).hours(1),
                        task("tb2").needs("y", 1).hours(1), task("cn").hours(1))
                .node();
        for (var t : root.withArray("tasks")) {
            if (t.get("task_id").asText().equals("cn")) {
                ((ObjectNode) t).put("coordination", "contract_net").put("required_capability", "backend")
                        .put("complexity", 3);
            }
        }
        return RulesFixture.start(root.toString(), policy, 100_000);
    }

    @Test
    void theShippedRulesBidComplexityTimesTenOrDecline() {
        // Asked directly, four agents: a (0 open of 2), b (1 open of 2), c (2 open of 2: at its limit),
        // d (no backend). Task t: complexity 3, requires backend.
        // a and b: 3 x 10 = 30 (their load is the award's to add); c: overloaded, declines; d: cannot do backend.
        Agent a = agentWith("a", 0, 2, "backend");
        Agent b = agentWith("b", 1, 2, "backend");
        Agent c = agentWith("c", 2, 2, "backend");
        Agent d = agentWith("d", 0, 2, "frontend");
        Task t = new Task("t", "t", null, 1.0, 3, false, List.of(), Map.of(), List.of(), List.of(), null, 0, false,
                new Task.Traits(io.conclave.model.Coordination.CONTRACT_NET, "backend", 3.0, List.of(), null, List.of(),
                        false, 0, null));
        Map<String, Bid> answers = SimulatedBidding.answers(RulesFixture.policy(), 1_000, t, 1, List.of(a, b, c, d));
        assertEquals(30.0, answers.get("a").getCost());
        assertEquals(30.0, answers.get("b").getCost());
        assertTrue(answers.get("c").isDecline());
        assertTrue(answers.get("d").isDecline());
        assertEquals("complexity 3.0 x 10 (the award adds 1 open task(s) x 5), by rule 'A simulated agent bids complexity x 10'",
                answers.get("b").getBasis());
        assertEquals("overloaded (2/2 open tasks), by rule 'An overloaded simulated agent declines'",
                answers.get("c").getBasis());
        assertEquals("cannot do backend, by rule 'A simulated agent that cannot do what the task requires declines'",
                answers.get("d").getBasis());
    }

    @Test
    void theShippedRulesAwardTheAgentWithFewerOpenTasks() {
        // Both bid 3 x 10 = 30; the award adds a's 1 open task x 5 = 35 and b's 2 x 5 = 40: a wins.
        try (ProjectSession s = contractNetWithBusyBidders(RulesFixture.policy())) {
            SimulatedBidders.answerOpenCalls(s);
            assertEquals("a", taskOf(s, "cn").getAssignee());
            assertEquals(List.of(
                    Map.of("agent_id", "a", "cost", 30.0, "open_tasks", 1, "load_added", 5.0, "weighed_cost", 35.0,
                            "outcome", "won"),
                    Map.of("agent_id", "b", "cost", 30.0, "open_tasks", 2, "load_added", 10.0, "weighed_cost", 40.0,
                            "outcome", "lost: weighed cost 40.0 against 35.0")),
                    onlyDecision(s, DecisionKind.AWARDED, "cn").getDetails().get("bids"));
        }
    }

    @Test
    void anEditedBidRuleChangesWhoWins(@TempDir Path dir) {
        // The variant prices the hours an agent has open rather than its number of tasks:
        // complexity x 10 + open hours x 2. a: 30 + 8 x 2 = 46; b: 30 + 2 x 2 = 34; the award adds open tasks x 5:
        // a 46 + 5 = 51, b 34 + 10 = 44: now b wins.
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "simulation/bidders.drl", """
                rule "A simulated agent bids complexity x 10"
                when
                    $call : SimulatedCall( $tid : taskId, $cap : requiredCapability, $complexity : complexity )
                    $who : List( size > 0 ) from collect( SimulatedBidder( $call.asks(agentId), $cap == null || capabilities contains $cap, openTasks < maxOpenTasks ) )
                then
                    List out = new ArrayList($who.size());
                    double cost = $complexity * 10;
                    String basis = "complexity " + $complexity + " x 10 (the award adds ";
                    for (Object o : $who) {
                        SimulatedBidder b = (SimulatedBidder) o;
                        out.add(Bid.offer($tid, b.getAgentId(), cost, null).because(basis + b.getOpenTasks() + " open task(s) x 5)"));
                    }""", """
                rule "A simulated agent bids complexity x 10 + open hours x 2"
                when
                    $call : SimulatedCall( $tid : taskId, $cap : requiredCapability, $complexity : complexity )
                    $who : List( size > 0 ) from collect( SimulatedBidder( $call.asks(agentId), $cap == null || capabilities contains $cap, openTasks < maxOpenTasks ) )
                then
                    List out = new ArrayList();
                    for (Object o : $who) {
                        SimulatedBidder b = (SimulatedBidder) o;
                        out.add(Bid.offer($tid, b.getAgentId(), $complexity * 10 + b.getOpenHours() * 2, null)
                                .because("complexity " + $complexity + " x 10 + " + b.getOpenHours() + " open hour(s) x 2"));
                    }""");
        try (ProjectSession s = contractNetWithBusyBidders(PolicyCopies.compile(dir))) {
            SimulatedBidders.answerOpenCalls(s);
            assertEquals("b", taskOf(s, "cn").getAssignee());
            assertEquals(List.of(46.0, 34.0), ((List<?>) onlyDecision(s, DecisionKind.AWARDED, "cn").getDetails().get("bids"))
                    .stream().map(l -> ((Map<?, ?>) l).get("cost")).toList());
            assertEquals(List.of(51.0, 44.0), ((List<?>) onlyDecision(s, DecisionKind.AWARDED, "cn").getDetails().get("bids"))
                    .stream().map(l -> ((Map<?, ?>) l).get("weighed_cost")).toList());
        }
    }

    private static Agent agentWith(String id, int open, int max, String skill) {
        Agent a = new Agent(id, id, null, 0, Map.of(skill, 5.0), Map.of(), max, null, List.of(), 3);
        a.setOpenTasks(open);
        return a;
    }
}
