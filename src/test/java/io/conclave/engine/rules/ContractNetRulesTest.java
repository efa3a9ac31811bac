package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.decisions;
import static io.conclave.engine.rules.Projects.onlyDecision;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.engine.rules.Projects.ProjectBuilder;
import io.conclave.model.AnnounceRequest;
import io.conclave.model.Announcement;
import io.conclave.model.Bid;
import io.conclave.model.CallAnswers;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Occupancy;
import io.conclave.model.Refusal;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;

/**
 * rules/contract_net*.drl: who a call for proposals goes to, which answers are taken or refused, who
 * wins and what happens without bids. The project clock starts at 0 (epoch millis) in these sessions;
 * the default bid window is 60 minutes, so a call opened at 0 closes at 3,600,000.
 */
public class ContractNetRulesTest {
    private static final long HOUR = 3_600_000;
    private static final AtomicLong COMMANDS = new AtomicLong(1_000);

    /** Starts the project with {@code coordination: contract_net}, after {@code edit} changed its JSON. */
    public static ProjectSession contractNet(ProjectBuilder b, Consumer<ObjectNode> edit) {
        ObjectNode root = b.node();
        root.put("coordination", "contract_net");
        edit.accept(root);
        return RulesFixture.start(root.toString());
    }

    public static ProjectSession contractNet(ProjectBuilder b) {
        return contractNet(b, root -> { });
    }

    public static ObjectNode taskNode(ObjectNode root, String id) {
        for (var t : (ArrayNode) root.get("tasks")) {
            if (t.get("task_id").asText().equals(id)) {
                return (ObjectNode) t;
            }
        }
        throw new AssertionError("no task " + id);
    }

    public static Refusal bid(ProjectSession s, String task, String agent, double cost, Double confidence) {
        s.beginCommand(COMMANDS.incrementAndGet());
        return s.post(Bid.offer(task, agent, cost, confidence), "bid");
    }

    public static Refusal decline(ProjectSession s, String task, String agent) {
        s.beginCommand(COMMANDS.incrementAndGet());
        return s.post(Bid.declined(task, agent), "decline");
    }

    public static void at(ProjectSession s, long millis) {
        s.beginCommand(COMMANDS.incrementAndGet());
        s.setTime(millis);
    }

    public static Announcement contract(ProjectSession s, String task) {
        return s.outputs(io.conclave.engine.policy.Outputs.ANNOUNCEMENTS).stream().filter(a -> a.getTaskId().equals(task)).findFirst()
                .orElseThrow(() -> new AssertionError("no contract for " + task));
    }

    /** Three agents with skill x (levels do not matter to a contract net), one task needing x >= 1. */
    public static ProjectBuilder threeBidders() {
        return project().agents(agent("ann").skill("x", 3), agent("bob").skill("x", 9), agent("cid").skill("x", 5))
                .tasks(task("t").needs("x", 1).hours(2));
    }

    // ------------------------------------------------------------------ the call

    @Test
    void aReadyTaskIsAnnouncedToEveryCapableAgentWithCapacity() {
        // dan lacks x: not invited. ann, bob, cid are, in roster order; the call stays open until someone answers.
        try (ProjectSession s = contractNet(threeBidders().agents(agent("dan").skill("y", 9)))) {
            assertEquals(TaskStatus.ANNOUNCED, taskOf(s, "t").getStatus());
            Decision d = onlyDecision(s, DecisionKind.ANNOUNCED, "t");
            assertEquals(List.of("ann", "bob", "cid"), d.getAgentIds());
            assertEquals(1, d.getDetails().get("round"));
            assertEquals("1970-01-01T01:00:00Z", d.getDetails().get("deadline"));
            assertEquals(List.of("ann", "bob", "cid"), contract(s, "t").getInvited());
            assertTrue(contract(s, "t").isPendingFor("bob"));
            assertFalse(contract(s, "t").isPendingFor("dan"));
        }
    }

    // ------------------------------------------------------------------ the award

    @Test
    void whenEveryInvitedAgentBidTheLowestCostWinsAndTakesCapacity() {
        // costs 30, 20, 25: bob's 20 is lowest. The award comes with the third answer, before any deadline.
        try (ProjectSession s = contractNet(threeBidders())) {
            assertNull(bid(s, "t", "ann", 30, null));
            assertNull(bid(s, "t", "bob", 20, null));
            assertEquals(TaskStatus.ANNOUNCED, taskOf(s, "t").getStatus(), "cid has not answered yet");
            assertNull(bid(s, "t", "cid", 25, null));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t").getStatus());
            assertEquals("bob", taskOf(s, "t").getAssignee());
            assertEquals(1, agentOf(s, "bob").getOpenTasks());
            assertEquals(2.0, agentOf(s, "bob").getOpenHours());
            assertEquals(List.of("bob"), s.facts(Occupancy.class).stream().map(Occupancy::getAgentId).toList());
            Decision award = onlyDecision(s, DecisionKind.AWARDED, "t");
            assertEquals(List.of("bob"), award.getAgentIds());
            assertEquals(20.0, award.getScore());
            assertEquals(List.of("ann", "cid"), award.getDetails().get("rejected"));
            assertEquals("lowest weighed cost 20.0 (bid 20.0 + 0 open task(s) x 5) among 3 bid(s) of 3 invited "
                    + "(every invited agent answered)", award.getReason());
            assertEquals(3, decisions(s, DecisionKind.BID_RECEIVED, "t").size());
            assertEquals("bob", contract(s, "t").getAwardedTo());
        }
    }

    @Test
    void theAnswersOfSimulatedAgentsToOneCallAreTakenTogetherWithOneDecision() {
        // The same three answers as above, posted as a simulated run posts them: together, in invited order.
        // One BID_RECEIVED counts them; the award is the same as with three separate answers.
        try (ProjectSession s = contractNet(threeBidders())) {
            s.beginCommand(COMMANDS.incrementAndGet());
            assertNull(s.post(new CallAnswers("t", List.of(Bid.offer("t", "ann", 30, null), Bid.offer("t", "bob", 20, null),
                    Bid.declined("t", "cid"))), "answers"));
            Decision received = onlyDecision(s, DecisionKind.BID_RECEIVED, "t");
            assertEquals(List.of("ann", "bob", "cid"), received.getAgentIds());
            assertEquals("3 answer(s) to call 1: 2 bid(s), 1 decline(s)", received.getReason());
            assertEquals(3, received.getDetails().get("answered"));
            Decision award = onlyDecision(s, DecisionKind.AWARDED, "t");
            assertEquals("lowest weighed cost 20.0 (bid 20.0 + 0 open task(s) x 5) among 2 bid(s) of 3 invited "
                    + "(every invited agent answered)", award.getReason());
            assertEquals("bob", taskOf(s, "t").getAssignee());
        }
    }

    @Test
    void simulatedAnswersWithOneNobodyAskedForAreRefusedWholeAndChangeNothing() {
        // dan lacks x, so he was not invited: a batch carrying his answer is refused, naming him, and the
        // two valid answers in it are not taken either. A batch answering twice for ann is refused too.
        try (ProjectSession s = contractNet(threeBidders().agents(agent("dan").skill("y", 9)))) {
            s.beginCommand(COMMANDS.incrementAndGet());
            Refusal r = s.post(new CallAnswers("t", List.of(Bid.offer("t", "ann", 30, null), Bid.offer("t", "dan", 5, null),
                    Bid.offer("t", "bob", 20, null))), "answers");
            assertEquals("not_invited", r.getCode());
            assertEquals("dan was not invited to bid on t", r.getReason());
            assertEquals(0, contract(s, "t").getAnswered());
            assertTrue(decisions(s, DecisionKind.BID_RECEIVED, "t").isEmpty());

            s.beginCommand(COMMANDS.incrementAndGet());
            r = s.post(new CallAnswers("t", List.of(Bid.offer("t", "ann", 30, null), Bid.offer("t", "ann", 10, null))),
                    "answers");
            assertEquals("already_bid", r.getCode());
            assertEquals(0, contract(s, "t").getAnswered());
        }
    }

    @Test
    void equalCostsAreSettledByHigherConfidenceThenAgentId() {
        // all bid 20: bob's confidence 0.9 beats ann's 0.5 and cid's none (no confidence ranks lowest).
        try (ProjectSession s = contractNet(threeBidders())) {
            bid(s, "t", "ann", 20, 0.5);
            bid(s, "t", "cid", 20, null);
            bid(s, "t", "bob", 20, 0.9);
            assertEquals("bob", taskOf(s, "t").getAssignee());
        }
        // all bid 20 with confidence 0.7: the agent id decides, ann before bob and cid.
        try (ProjectSession s = contractNet(threeBidders())) {
            bid(s, "t", "cid", 20, 0.7);
            bid(s, "t", "bob", 20, 0.7);
            bid(s, "t", "ann", 20, 0.7);
            assertEquals("ann", taskOf(s, "t").getAssignee());
        }
    }

    /**
     * The hybrid the chapter describes: its bid is base cost + availability factor (open tasks x 5). An agent bids its
     * cost; the award adds the load. ann bids 30 while holding 2 open tasks (30 + 2 x 5 = 40), bob bids 35 with
     * none (35 + 0 = 35): bob wins although ann's cost is lower. With ann's load at 0 she would win 30 to 35.
     */
    @Test
    void theAwardWeighsEachBidsCostWithItsBiddersLoad() {
        try (ProjectSession s = contractNet(project().agents(agent("ann").skill("x", 5), agent("bob").skill("x", 5))
                .tasks(task("t").needs("x", 1)))) {
            agentOf(s, "ann").setOpenTasks(2); // two open tasks elsewhere in the project (set directly: tier 1)
            assertNull(bid(s, "t", "ann", 30, null));
            assertNull(bid(s, "t", "bob", 35, null));
            assertEquals("bob", taskOf(s, "t").getAssignee());
            Decision award = onlyDecision(s, DecisionKind.AWARDED, "t");
            assertEquals("Award the contract to the bid of lowest cost weighed with its bidder's load", award.getRule());
            assertEquals("lowest weighed cost 35.0 (bid 35.0 + 0 open task(s) x 5) among 2 bid(s) of 2 invited "
                    + "(every invited agent answered)", award.getReason());
            assertEquals(35.0, award.getScore());
            assertEquals(List.of(
                    Map.of("agent_id", "ann", "cost", 30.0, "open_tasks", 2, "load_added", 10.0, "weighed_cost", 40.0,
                            "outcome", "lost: weighed cost 40.0 against 35.0"),
                    Map.of("agent_id", "bob", "cost", 35.0, "open_tasks", 0, "load_added", 0.0, "weighed_cost", 35.0,
                            "outcome", "won")), award.getDetails().get("bids"));
        }
        try (ProjectSession s = contractNet(project().agents(agent("ann").skill("x", 5), agent("bob").skill("x", 5))
                .tasks(task("t").needs("x", 1)))) {
            assertNull(bid(s, "t", "ann", 30, null));
            assertNull(bid(s, "t", "bob", 35, null));
            assertEquals("ann", taskOf(s, "t").getAssignee());
        }
    }

    @Test
    void withPartialBidsTheCallIsDecidedWhenTheBidWindowPasses() {
        // only cid bids (40, more than anyone else would have). At 59 minutes the call is still open;
        // at 60 minutes (the default window) the only bid wins.
        try (ProjectSession s = contractNet(threeBidders())) {
            bid(s, "t", "cid", 40, null);
            decline(s, "t", "ann");
            at(s, HOUR - 60_000);
            assertEquals(TaskStatus.ANNOUNCED, taskOf(s, "t").getStatus());
            at(s, HOUR);
            assertEquals("cid", taskOf(s, "t").getAssignee());
            assertEquals("lowest weighed cost 40.0 (bid 40.0 + 0 open task(s) x 5) among 1 bid(s) of 3 invited (the bid "
                    + "window passed)",
                    onlyDecision(s, DecisionKind.AWARDED, "t").getReason());
        }
    }

    // ------------------------------------------------------------------ no bids

    @Test
    void aCallWithoutBidsIsAnnouncedAgainUpToMaxAnnouncementsThenTheTaskIsUnassignable() {
        // max_announcements 2: call 1 ends when both decline -> announced again (call 2) at once; call 2
        // ends at its deadline without answers -> UNASSIGNABLE.
        try (ProjectSession s = contractNet(project().agents(agent("ann").skill("x", 3), agent("bob").skill("x", 4))
                .tasks(task("t").needs("x", 1)), root -> root.putObject("contract_net").put("max_announcements", 2))) {
            decline(s, "t", "ann");
            decline(s, "t", "bob");
            assertEquals(TaskStatus.ANNOUNCED, taskOf(s, "t").getStatus());
            assertEquals(2, contract(s, "t").getRound());
            assertEquals(2, decisions(s, DecisionKind.ANNOUNCED, "t").size());
            assertEquals("no bid in call 1 of 2 (every invited agent answered): announced again",
                    decisions(s, DecisionKind.STATUS_CHANGED, "t").get(1).getReason());
            at(s, HOUR);
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t").getStatus());
            assertEquals("no bid in 2 call(s) for proposals (the bid window passed in the last)",
                    taskOf(s, "t").getStatusReason());
        }
    }

    // ------------------------------------------------------------------ refused answers

    @Test
    void anAnswerFromAnAgentNotInvitedASecondAnswerAndALateBidAreRefused() {
        try (ProjectSession s = contractNet(threeBidders().agents(agent("dan").skill("y", 9)))) {
            Refusal r = bid(s, "t", "dan", 1, null);
            assertEquals("not_invited", r.getCode());
            assertEquals("Refuse an answer from an agent that was not invited", r.getRule());
            bid(s, "t", "ann", 30, null);
            assertEquals("already_bid", bid(s, "t", "ann", 10, null).getCode());
            assertEquals(30.0, contract(s, "t").getOffers().get(0).cost(), "the first answer stands");
            bid(s, "t", "bob", 20, null);
            bid(s, "t", "cid", 25, null);
            Refusal late = bid(s, "t", "cid", 5, null);
            assertEquals("announcement_closed", late.getCode());
            assertEquals("the contract for t was awarded to bob; its call for proposals is closed", late.getReason());
            assertEquals("bob", taskOf(s, "t").getAssignee());
        }
    }

    // ------------------------------------------------------------------ capacity and ability

    /** ann alone has skill y and takes the centralized t0 (priority 5, served first): she is then at 1/1. */
    public static ProjectBuilder annBusy() {
        return project().agents(agent("ann").skill("x", 3).skill("y", 5).maxOpenTasks(1), agent("bob").skill("x", 4))
                .tasks(task("t0").needs("y", 1).priority(5), task("t").needs("x", 1));
    }

    @Test
    void anAgentAtCapacityIsNotInvited() {
        try (ProjectSession s = contractNet(annBusy(), root -> taskNode(root, "t0").put("coordination", "centralized"))) {
            assertEquals("ann", taskOf(s, "t0").getAssignee());
            assertEquals(List.of("bob"), onlyDecision(s, DecisionKind.ANNOUNCED, "t").getAgentIds());
        }
    }

    @Test
    void aTaskWhoseCapableAgentsAreAllAtCapacityWaitsAndIsAnnouncedWhenOneIsFreed() {
        // bob cannot do x here: only ann can, and she is busy with t0 -> t waits; t0 completes -> ann is
        // freed -> t is announced to her.
        try (ProjectSession s = contractNet(project().agents(agent("ann").skill("x", 3).skill("y", 5).maxOpenTasks(1),
                        agent("bob").skill("z", 4)).tasks(task("t0").needs("y", 1).priority(5), task("t").needs("x", 1)),
                root -> taskNode(root, "t0").put("coordination", "centralized"))) {
            assertTrue(taskOf(s, "t").isWaiting());
            assertEquals(TaskStatus.READY, taskOf(s, "t").getStatus());
            assertEquals("1 agent(s) can handle it, all at capacity", onlyDecision(s, DecisionKind.WAITING, "t").getReason());
            assertTrue(complete(s, "t0", "ann"));
            assertEquals(TaskStatus.ANNOUNCED, taskOf(s, "t").getStatus());
            assertEquals(List.of("ann"), onlyDecision(s, DecisionKind.ANNOUNCED, "t").getAgentIds());
        }
    }

    @Test
    void aTaskNobodyCanHandleIsUnassignableAtOnceWithTheGap() {
        // t needs capability "legal": nobody lists it or has a skill of that name.
        try (ProjectSession s = contractNet(threeBidders(), root -> taskNode(root, "t").put("required_capability", "legal"))) {
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t").getStatus());
            assertEquals("no agent can handle it: no agent with the required skills has capability legal",
                    taskOf(s, "t").getStatusReason());
            assertTrue(decisions(s, DecisionKind.ANNOUNCED, "t").isEmpty());
        }
    }

    @Test
    void aListedCapabilityMakesAnAgentCapable() {
        // only bob lists "legal" among his capabilities: he alone is invited.
        try (ProjectSession s = contractNet(threeBidders(), root -> {
            taskNode(root, "t").put("required_capability", "legal");
            ((ObjectNode) root.get("agents").get(1)).putArray("capabilities").add("legal");
        })) {
            assertEquals(List.of("bob"), onlyDecision(s, DecisionKind.ANNOUNCED, "t").getAgentIds());
        }
    }

    // ------------------------------------------------------------------ announcing on request

    @Test
    void anUnassignableTaskIsAnnouncedAgainOnRequestAndAnOpenCallIsNot() {
        try (ProjectSession s = contractNet(project().agents(agent("ann").skill("x", 3)).tasks(task("t").needs("x", 1)),
                root -> root.putObject("contract_net").put("max_announcements", 1))) {
            decline(s, "t", "ann");
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t").getStatus());
            s.beginCommand(COMMANDS.incrementAndGet());
            assertNull(s.post(new AnnounceRequest("t", "operator"), "announce"));
            // a fresh first call, not a second one beyond max_announcements
            assertEquals(TaskStatus.ANNOUNCED, taskOf(s, "t").getStatus());
            assertEquals(1, contract(s, "t").getRound());
            s.beginCommand(COMMANDS.incrementAndGet());
            assertEquals("already_announced", s.post(new AnnounceRequest("t", "operator"), "announce").getCode());
            assertNull(bid(s, "t", "ann", 12, null));
            assertEquals("ann", taskOf(s, "t").getAssignee());
        }
    }

    // ------------------------------------------------------------------ simulated bidders

    @Test
    void inASimulatedRunAgentsBidTheSeedsCostAndTheRulesAward() {
        // t (complexity 3) is answered first: ann, bob, cid bid 3 x 10 = 30 each and have 0 open tasks, so the award
        // weighs 30 + 0 x 5 = 30 each; no confidence -> the agent id decides: ann. t2 (complexity defaults to its
        // 1 hour): everyone bids 10; ann now has 1 open task -> 10 + 5 = 15; bob and cid 10 -> bob by id (the
        // chapter's bid, base cost + availability factor, split between the bidder and the award). Both run and complete.
        try (ProjectSession s = contractNet(threeBidders().tasks(task("t2").needs("x", 1)),
                root -> taskNode(root, "t").put("complexity", 3))) {
            Simulator.runToEnd(s, new RunRequest(null, 1L, 0.0));
            assertEquals("ann", taskOf(s, "t").getAssignee());
            assertEquals("bob", taskOf(s, "t2").getAssignee());
            assertEquals(List.of(
                    Map.of("agent_id", "ann", "cost", 10.0, "open_tasks", 1, "load_added", 5.0, "weighed_cost", 15.0,
                            "outcome", "lost: weighed cost 15.0 against 10.0"),
                    Map.of("agent_id", "bob", "cost", 10.0, "open_tasks", 0, "load_added", 0.0, "weighed_cost", 10.0,
                            "outcome", "won"),
                    Map.of("agent_id", "cid", "cost", 10.0, "open_tasks", 0, "load_added", 0.0, "weighed_cost", 10.0,
                            "outcome", "lost: weighed cost 10.0 against 10.0 (a tie, broken by load, confidence, then id)")),
                    onlyDecision(s, DecisionKind.AWARDED, "t2").getDetails().get("bids"));
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "t").getStatus());
            assertEquals(TaskStatus.COMPLETED, taskOf(s, "t2").getStatus());
        }
    }
}
