package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.conclave.engine.meeting.MeetingSession;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingRequest;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.Protocol;
import io.conclave.model.meeting.VoteValue;
import io.conclave.model.sim.AgentIntent;
import io.conclave.model.sim.AgentIntent.Action;
import io.conclave.model.sim.SimulatedAttendee;
import io.conclave.model.sim.SimulatedMeeting;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;

/**
 * Tier 1, rules/simulation/meeting_agents.drl: what simulated attendees decide to do in a meeting. Each test
 * builds a meeting session of the shipped policy with the simulated facts, posts commands by hand
 * (as the simulator would, minutes after the meeting opened) and checks the intents the rules inserted.
 */
public class MeetingAgentRulesTest {
    /** A meeting of task t (chaired by the first attendee, default protocol) ending at minute 60. */
    private static final class Sim extends ClockedFixture<MeetingSession, MeetingDecision> {
        private int proposals;

        Sim(SimulatedMeeting task, List<String> invited, SimulatedAttendee... simulated) {
            super(start(task, invited, simulated));
        }

        private static MeetingSession start(SimulatedMeeting task, List<String> invited,
                                            SimulatedAttendee... simulated) {
            MeetingSpec spec = new MeetingSpec("m1", "topic", null, invited.get(0), null, invited,
                    Protocol.defaults(), null, "t", null);
            List<Object> companions = new ArrayList<>(List.of(simulated));
            companions.add(0, task);
            return MeetingSession.start(spec, RulesFixture.policy(), MAX_FIRINGS, T0, FIRST_SEQ, companions);
        }

        void join(String agent, double minute) {
            assertNull(decide(MeetingRequest.join(agent), at(minute)));
        }

        void leave(String agent, double minute) {
            assertNull(decide(MeetingRequest.leave(agent), at(minute)));
        }

        void propose(String agent, String proposalId, double minute) {
            Proposal p = new Proposal(proposalId, "title", null, agent, "msg", proposals++);
            assertNull(decide(MeetingRequest.post(agent, "proposal", p), at(minute)));
        }

        void move(String agent, MeetingState to, double minute) {
            assertNull(decide(MeetingRequest.changeState(agent, to, "because"), at(minute)));
        }

        void vote(String agent, VoteValue v, double minute) {
            assertNull(decide(MeetingRequest.vote(agent, "p1", v, null), at(minute)));
        }

        void tick(double minute) {
            tickAt(at(minute));
        }

        /** "agent action [proposal]" of every intent of one action, sorted. */
        List<String> intents(Action action) {
            return session.outputs(io.conclave.engine.policy.Outputs.AGENT_INTENTS).stream().filter(i -> i.getAction() == action)
                    .map(i -> i.getAgentId() + " " + i.getAction().name().toLowerCase()
                            + (i.getProposalId() == null ? "" : " " + i.getProposalId()))
                    .sorted().toList();
        }

        AgentIntent only(Action action) {
            List<AgentIntent> all = session.outputs(io.conclave.engine.policy.Outputs.AGENT_INTENTS).stream().filter(i -> i.getAction() == action).toList();
            assertEquals(1, all.size(), "intents to " + action + ": " + all);
            return all.get(0);
        }

        List<AgentIntent> votes() {
            return session.outputs(io.conclave.engine.policy.Outputs.AGENT_INTENTS).stream().filter(AgentIntent::isBallot)
                    .sorted(Comparator.comparing(AgentIntent::getAgentId)).toList();
        }
    }

    private static long at(double minute) {
        return MeetingFixture.at(minute);
    }

    private static SimulatedMeeting task(Map<String, Double> required, Map<String, Double> linked) {
        return new SimulatedMeeting("t", "Decide things", required, linked, List.of("before", "after"), at(60));
    }

    private static SimulatedAttendee attendee(String id, Object... skillAndLevel) {
        Map<String, Double> levels = new LinkedHashMap<>();
        for (int i = 0; i < skillAndLevel.length; i += 2) {
            levels.put((String) skillAndLevel[i], ((Number) skillAndLevel[i + 1]).doubleValue());
        }
        return new SimulatedAttendee(id, levels);
    }

    private static final Map<String, Double> ARCH_AND_CHAIN = Map.of("architecture", 7.0, "blockchain", 6.0);

    @Test
    void everyInvitedSimulatedAttendeeMeansToJoinOnce() {
        // a and b are simulated, x is invited but is not a simulated agent: the rules decide nothing for x
        try (Sim m = new Sim(task(ARCH_AND_CHAIN, Map.of()), List.of("a", "b", "x"), attendee("a"), attendee("b"))) {
            assertEquals(List.of("a join", "b join"), m.intents(Action.JOIN));
            m.join("a", 1);
            m.join("b", 2);
            assertEquals(List.of("a join", "b join"), m.intents(Action.JOIN), "joined: no second intent");
        }
    }

    @Test
    void theChairProposesAdoptingTheTasksOutcomeOnceItHasJoined() {
        try (Sim m = new Sim(task(ARCH_AND_CHAIN, Map.of()), List.of("a", "b", "c"), attendee("a"), attendee("b"),
                attendee("c"))) {
            m.join("b", 1);
            assertEquals(List.of(), m.intents(Action.PROPOSE), "b is not the chair");
            m.join("a", 2);
            AgentIntent p = m.only(Action.PROPOSE);
            assertEquals("a", p.getAgentId());
            assertEquals("adopt_t", p.getProposalId());
            assertEquals("Adopt the outcome of t", p.getTitle());
            // the task's own required skills, sorted by name
            assertEquals("Decide things. Skills at stake: architecture 7, blockchain 6 (required by t)", p.getText());
        }
    }

    @Test
    void aTaskThatRequiresNoSkillPutsTheSkillsOfItsLinkedTasksAtStake() {
        try (Sim m = new Sim(task(Map.of(), Map.of("hipaa_compliance", 7.0)), List.of("a"), attendee("a"))) {
            m.join("a", 1);
            assertEquals("Decide things. Skills at stake: hipaa_compliance 7 (required by the linked tasks [before, after])",
                    m.only(Action.PROPOSE).getText());
        }
    }

    @Test
    void eachActiveParticipantCommentsOnceOnTheProposalDuringTheDiscussion() {
        // 3 invited: the discussion opens with 2 joined. a rates architecture 9, b has nothing at stake.
        try (Sim m = new Sim(task(ARCH_AND_CHAIN, Map.of()), List.of("a", "b", "c"), attendee("a", "architecture", 9),
                attendee("b", "cooking", 8), attendee("c"))) {
            m.join("a", 1);
            m.join("b", 2);
            assertEquals(MeetingState.DISCUSSION, m.session.meeting().getState());
            assertEquals(List.of(), m.intents(Action.COMMENT), "nothing on the table yet");
            m.propose("a", "p1", 3);
            assertEquals(List.of("a comment p1", "b comment p1"), m.intents(Action.COMMENT), "c has not joined");
            assertEquals("my best skill at stake is architecture at 9",
                    m.session.outputs(io.conclave.engine.policy.Outputs.AGENT_INTENTS).stream().filter(i -> i.getAgentId().equals("a")
                            && i.getAction() == Action.COMMENT).findFirst().orElseThrow().getText());
            m.propose("b", "p2", 4);
            assertEquals(List.of("a comment p1", "b comment p1"), m.intents(Action.COMMENT), "once, not per proposal");
        }
    }

    @Test
    void theChairCallsTheVoteOnlyWhenEveryActiveParticipantHasHadItsSay() {
        // x is not simulated: it joins and never means to comment, so the chair waits until x has left
        try (Sim m = new Sim(task(ARCH_AND_CHAIN, Map.of()), List.of("a", "b", "x"), attendee("a"), attendee("b"))) {
            m.join("a", 1);
            m.join("b", 1);
            m.join("x", 1);
            m.propose("a", "p1", 2);
            assertEquals(List.of("a comment p1", "b comment p1"), m.intents(Action.COMMENT));
            assertEquals(List.of(), m.intents(Action.CALL_VOTE));
            m.leave("x", 3);
            assertEquals(List.of("a call_vote"), m.intents(Action.CALL_VOTE), "the chair, a, calls it");
            assertEquals("every participant has had its say", m.only(Action.CALL_VOTE).getText());
        }
    }

    /*
     * The task requires architecture 7 and blockchain 6. An attendee votes on its best level on those:
     * 7 or more -> yes, above 0 (it has one of them) but below 7 -> abstain, none of them -> no. The
     * level the task requires does not matter, only the attendee's own.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "architecture 9              | yes     | rates architecture at 9, 7 or more",
            "blockchain 7                | yes     | rates blockchain at 7, 7 or more",       // exactly 7, though the task needs only 6
            "architecture 6 blockchain 9 | yes     | rates blockchain at 9, 7 or more",       // one high skill is enough
            "architecture 6.5            | abstain | has architecture only at 6.5, below 7",
            "architecture 6 blockchain 2 | abstain | has architecture only at 6, below 7",   // its best at stake is 6
            "security 9                  | no      | has none of [architecture, blockchain]", // high, but not at stake
            "''                          | no      | has none of [architecture, blockchain]",
    })
    void votesFollowTheAttendeesOwnLevelOnTheSkillsAtStake(String levels, String vote, String rationale) {
        assertEquals(vote + " / " + rationale, voteOf(ARCH_AND_CHAIN, Map.of("healthcare_domain", 9.0), levels));
    }

    @Test
    void theLinkedTasksSkillsCountOnlyWhenTheTaskRequiresNone() {
        // linked tasks need healthcare_domain; the attendee rates it 9
        assertEquals("yes / rates healthcare_domain at 9, 7 or more",
                voteOf(Map.of(), Map.of("healthcare_domain", 6.0), "healthcare_domain 9"));
        assertEquals("no / has none of [architecture, blockchain]",
                voteOf(ARCH_AND_CHAIN, Map.of("healthcare_domain", 6.0), "healthcare_domain 9"));
    }

    /** The vote a lone simulated chair means to cast on p1, with its rationale. */
    private static String voteOf(Map<String, Double> required, Map<String, Double> linked, String levels) {
        String[] words = levels.isBlank() ? new String[0] : levels.trim().split("\\s+");
        Object[] pairs = new Object[words.length];
        for (int i = 0; i < words.length; i += 2) {
            pairs[i] = words[i];
            pairs[i + 1] = Double.parseDouble(words[i + 1]);
        }
        try (Sim m = new Sim(task(required, linked), List.of("a"), attendee("a", pairs))) {
            m.join("a", 1);
            m.propose("a", "p1", 2);
            assertEquals(List.of(), m.votes(), "no vote before the voting");
            m.move("a", MeetingState.VOTING, 3);
            List<AgentIntent> votes = m.votes();
            assertEquals(1, votes.size());
            assertEquals("p1", votes.get(0).getProposalId());
            return votes.get(0).getVote().json() + " / " + votes.get(0).getText();
        }
    }

    @Test
    void eachAttendeeVotesOncePerProposal() {
        try (Sim m = new Sim(task(ARCH_AND_CHAIN, Map.of()), List.of("a", "b"), attendee("a", "architecture", 9),
                attendee("b"))) {
            m.join("a", 1);
            m.join("b", 1);
            m.propose("a", "p1", 2);
            m.move("a", MeetingState.VOTING, 3);
            assertEquals(List.of("a yes", "b no"), m.votes().stream().map(v -> v.getAgentId() + " " + v.getVote().json()).toList());
            m.vote("a", VoteValue.YES, 4);
            assertEquals(2, m.votes().size());
        }
    }

    @Test
    void theChairClosesTheMeetingWhenItsTimeIsUpAndNotBefore() {
        try (Sim m = new Sim(task(ARCH_AND_CHAIN, Map.of()), List.of("a", "b"), attendee("a"), attendee("b"))) {
            m.join("a", 1);
            m.tick(59);
            assertEquals(List.of(), m.intents(Action.CLOSE));
            m.tick(60);
            assertEquals(List.of("a close"), m.intents(Action.CLOSE), "the chair only");
            assertEquals("the meeting's time is up", m.only(Action.CLOSE).getText());
        }
    }

    @Test
    void aMeetingClosedInTimeNeedsNoClosing() {
        try (Sim m = new Sim(task(ARCH_AND_CHAIN, Map.of()), List.of("a"), attendee("a"))) {
            m.join("a", 1);
            m.propose("a", "p1", 2);
            m.move("a", MeetingState.VOTING, 3);
            m.vote("a", VoteValue.NO, 60); // the last vote, at the very end, closes the meeting first
            assertEquals(MeetingState.CLOSED, m.session.meeting().getState());
            m.tick(61);
            assertEquals(List.of(), m.intents(Action.CLOSE));
        }
    }

    @Test
    void noBehaviourRuleFiresWithoutSimulatedAttendees() {
        // a real meeting, held to its end by hand: no intent appears
        try (MeetingFixture m = MeetingFixture.meeting(MeetingFixture.majority(), null, "a", "b")) {
            m.join("a", 1);
            m.join("b", 1);
            m.propose("a", "p1", 2);
            m.comment("b", 3);
            m.move("a", MeetingState.VOTING, 4);
            m.vote("a", "p1", VoteValue.YES, 5);
            m.vote("b", "p1", VoteValue.YES, 6);
            m.tick(60 * 48);
            assertEquals(MeetingState.ARCHIVED, m.state());
            assertEquals(List.of(), m.session.outputs(io.conclave.engine.policy.Outputs.AGENT_INTENTS));
        }
        // a project session, run with its meetings: the intents live in the meetings' sessions, never here
        try (ProjectSession s = RulesFixture.startExample("healthcare_blockchain_compressed.json")) {
            s.beginCommand(2);
            Simulator.runToEnd(s, new RunRequest("fully_automated", 1L, 0.0));
            assertEquals(List.of(), s.outputs(io.conclave.engine.policy.Outputs.AGENT_INTENTS));
            assertTrue(s.facts(SimulatedAttendee.class).isEmpty());
        }
    }

    /*
     * Behaviour is policy: with a chair that never calls the vote (the rule's consequence emptied), the
     * compressed kickoff stays in discussion until 10:00, when its time is up and the chair closes it.
     * The meeting never voted: its proposal is not decided (no tally; "A meeting closed without a vote
     * leaves its open proposals not decided"), not rejected by a count nobody was asked for; the task
     * still completes at 10:00.
     */
    @Test
    void aChairThatNeverCallsTheVoteClosesTheMeetingWhenItsTimeIsUp(@TempDir Path dir) throws Exception {
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "simulation/meeting_agents.drl",
                "insert(AgentIntent.callVote($a, \"every participant has had its say\"));", "");
        String json = Files.readString(Path.of("projects", "healthcare_blockchain_compressed.json"));
        try (ProjectSession s = RulesFixture.start(json, PolicyCopies.compile(dir), 100_000)) {
            s.beginCommand(2);
            RunReport r = Simulator.runToEnd(s, new RunRequest("fully_automated", 1L, 0.0));
            RunReport.MeetingLine m = r.meetings().get(0);
            assertEquals("2024-01-15T10:00", m.simulatedEnd());
            assertEquals("not_decided", m.proposals().get(0).outcome());
            assertEquals(null, m.proposals().get(0).tally());
            assertEquals("A meeting closed without a vote leaves its open proposals not decided",
                    m.proposals().get(0).decidedBy());
            assertEquals("The chair moves the meeting forward", m.outcomeRules().get(0));
            RunReport.MeetingAction last = m.transcript().get(m.transcript().size() - 1);
            assertEquals("pm close at 2024-01-15T10:00", last.agentId() + " " + last.action() + " at " + last.at());
            assertEquals("COMPLETED", r.tasks().get(0).status());
        }
    }
}
