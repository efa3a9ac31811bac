package io.conclave.engine.rules;

import static io.conclave.engine.rules.MeetingFixture.meeting;
import static io.conclave.engine.rules.MeetingFixture.protocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.RulesFixture;
import io.conclave.engine.policy.Policy;

import io.conclave.model.Refusal;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingDecisionKind;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.ProposalStatus;
import io.conclave.model.meeting.Tally;
import io.conclave.model.meeting.Threshold;
import io.conclave.model.meeting.VoteValue;

/**
 * Tier 1, rules/meetings/consensus.drl, on the coordination-patterns chapter's own example: four agents, the
 * proposer "p" and the voters a, b, c, f = 1. The shipped policy counts as the chapter's ByzantineConsensus does
 * (rule "A bft vote counts the proposer among its n agents"): n = len(agents) = 4, min_honest_agents = n - f = 3,
 * and the votes are asked of every agent but the proposer, so all three voters must accept. A variant without
 * that rule counts the voters only: n = 3, n - f = 2.
 */
public class ConsensusRulesTest {
    private static final List<String> VOTERS = List.of("a", "b", "c");
    private static Policy votersOnly;

    /** The shipped rules with the count setting taken out: n is the voters. */
    @BeforeAll
    public static void votersOnly(@TempDir Path dir) {
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "meetings/consensus.drl", """
                rule "A bft vote counts the proposer among its n agents"
                    salience 2000
                when
                    not BftCount()
                then
                    insert(new BftCount(true));
                end
                """, "");
        votersOnly = PolicyCopies.compile(dir);
    }

    /** A bft meeting of p and the three voters, everyone joined, proposal c1 by p on the table, voting. */
    private static MeetingFixture voting(int f, Double votingMinutes) {
        return voting(RulesFixture.policy(), f, votingMinutes);
    }

    private static MeetingFixture voting(Policy policy, int f, Double votingMinutes) {
        MeetingFixture m = meeting(policy, protocol(Threshold.BFT, f, null, null, votingMinutes), null, "p", "a", "b", "c");
        m.join("p", 0);
        for (String v : VOTERS) {
            m.join(v, 0);
        }
        assertNull(m.propose("p", "c1", 1));
        assertNull(m.move("p", MeetingState.VOTING, 2));
        return m;
    }

    /** Casts the votes of a, b, c in order: y = accept, n = no, a = abstain, - = no vote. */
    private static void votes(MeetingFixture m, String votes) {
        for (int i = 0; i < votes.length(); i++) {
            char c = votes.charAt(i);
            if (c != '-') {
                assertNull(m.vote(VOTERS.get(i), "c1", c == 'y' ? VoteValue.YES : c == 'n' ? VoteValue.NO
                        : VoteValue.ABSTAIN, 3));
            }
        }
    }

    private static MeetingDecision outcome(MeetingFixture m) {
        List<MeetingDecision> decided = m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED);
        assertEquals(1, decided.size(), decided.toString());
        return decided.get(0);
    }

    @Test
    void theChaptersExampleNeedsAllThreeOthers() {
        // n = 4 agents (p, a, b, c), f = 1: n - f = 3 accepts, and only a, b, c vote: all three accept -> commits.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyy");
            assertEquals(MeetingState.CLOSED, m.state(), "every voter voted: the vote closes by itself");
            MeetingDecision d = outcome(m);
            assertEquals("A bft proposal with at least n - f accepts commits", d.getRule());
            assertEquals("accepted", d.getText());
            assertEquals(new Tally("c1", 3, 0, 0, 0, 4, 3, 1, true), d.getTally());
            assertEquals("commits: 3 of the 3 voters (n = 4 agents counting the proposer) accepted, at least n - f = "
                    + "4 - 1 = 3 needed; tally of c1: 3 accept, 0 no, 0 abstain, 0 not voted of the 3 voters; n = 4 "
                    + "agents counting the proposer, f = 1; 3 accepts required (n - f)", d.getReason());
            assertEquals(ProposalStatus.ACCEPTED, m.session.proposals().get(0).getStatus());
        }
    }

    @Test
    void underTheChaptersCountOneNoAbortsWhereTheVotersCountCommits() {
        // a and b accept, c says no. The chapter: 2 < n - f = 4 - 1 = 3 -> aborts. Voters only: n = 3, 2 >= 3 - 1 = 2
        // -> commits.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyn");
            MeetingDecision d = outcome(m);
            assertEquals("A bft proposal with fewer than n - f accepts aborts", d.getRule());
            assertEquals("rejected", d.getText());
            assertEquals(new Tally("c1", 2, 1, 0, 0, 4, 3, 1, true), d.getTally());
            assertTrue(d.getReason().startsWith("aborts: 2 of the 3 voters (n = 4 agents counting the proposer) "
                    + "accepted, fewer than n - f = 4 - 1 = 3; "), d.getReason());
        }
        try (MeetingFixture m = voting(votersOnly, 1, null)) {
            votes(m, "yyn");
            MeetingDecision d = outcome(m);
            assertEquals("accepted", d.getText());
            assertEquals(new Tally("c1", 2, 1, 0, 0, 3, 2, 1), d.getTally());
            assertEquals("commits: 2 of n = 3 voters accepted, at least n - f = 3 - 1 = 2 needed; tally of c1: "
                    + "2 accept, 1 no, 0 abstain, 0 not voted of n = 3 voters, f = 1; 2 accepts required (n - f)",
                    d.getReason());
        }
    }

    @Test
    void faultToleranceZeroUnderTheChaptersCountCannotCommit() {
        // f = 0: n - f = 4 accepts, but only the 3 voters vote: even three accepts abort, as in the chapter (its
        // min_honest_agents is len(agents) - 0 while the proposer's own vote is never asked). Voters only: 3 of 3.
        try (MeetingFixture m = voting(0, null)) {
            votes(m, "yyy");
            assertEquals(new Tally("c1", 3, 0, 0, 0, 4, 4, 0, true), outcome(m).getTally());
            assertEquals("rejected", outcome(m).getText());
        }
        try (MeetingFixture m = voting(votersOnly, 0, null)) {
            votes(m, "yyy");
            assertEquals(new Tally("c1", 3, 0, 0, 0, 3, 3, 0), outcome(m).getTally());
            assertEquals("accepted", outcome(m).getText());
        }
    }

    @Test
    void aVoterWhoDoesNotVoteCountsAsNotAcceptingAndKeepsTheVoteOpen() {
        // a, b accept, c stays silent: the vote does not close by itself (c may still vote). The chair closes it:
        // 2 accepts, c "not voted" (1 of the 3 voters; the proposer is never counted as not voted), n - f = 3 -> aborts.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yy-");
            assertEquals(MeetingState.VOTING, m.state());
            assertNull(m.move("p", MeetingState.CLOSED, 5));
            assertEquals(new Tally("c1", 2, 0, 0, 1, 4, 3, 1, true), outcome(m).getTally());
        }
    }

    @Test
    void aVoterWhoNeverJoinedStillCountsInN() {
        // With f = 1 under the chapter's count every voter must accept, so a voter who never joins (a faulty
        // agent) can only abort: a and b accept, c never joins; the voting time (10 min) passes -> 2 < 3 aborts.
        // Voters only, f = 1 tolerates exactly c: 2 >= 2 commits.
        for (Policy policy : List.of(RulesFixture.policy(), votersOnly)) {
            try (MeetingFixture m = meeting(policy, protocol(Threshold.BFT, 1, null, null, 10.0), null, "p", "a", "b", "c")) {
                for (String x : List.of("p", "a", "b")) {
                    m.join(x, 0);
                }
                m.propose("p", "c1", 1);
                m.move("p", MeetingState.VOTING, 2);
                votes(m, "yy-");
                assertEquals(MeetingState.VOTING, m.state(), "c is invited and has not voted");
                m.tick(13);
                assertEquals(MeetingState.CLOSED, m.state());
                boolean chapter = policy == RulesFixture.policy();
                assertEquals(chapter ? new Tally("c1", 2, 0, 0, 1, 4, 3, 1, true) : new Tally("c1", 2, 0, 0, 1, 3, 2, 1),
                        outcome(m).getTally());
                assertEquals(chapter ? "rejected" : "accepted", outcome(m).getText());
            }
        }
    }

    @Test
    void theProposersOwnVoteDoesNotCount() {
        // p tries to accept its own proposal: refused with the reason (it is not among the voters under either
        // count); a, b accept, c says no: 2 accepts, 3 needed -> aborts.
        try (MeetingFixture m = voting(1, null)) {
            Refusal refused = m.vote("p", "c1", VoteValue.YES, 3);
            assertEquals("proposer_does_not_vote", refused.getCode());
            assertEquals("The proposer does not vote on its own bft proposal", refused.getRule());
            assertEquals(List.of(), m.session.ballots().stream().filter(b -> b.getAgentId().equals("p")).toList());
            votes(m, "yyn");
            assertEquals(new Tally("c1", 2, 1, 0, 0, 4, 3, 1, true), outcome(m).getTally());
        }
    }

    @Test
    void theVoteClosesWithoutTheProposersBallot() {
        // Under majority the proposer, an active participant, must vote before the vote closes by itself;
        // under bft only the voters must: three votes close it.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyy");
            MeetingDecision closed = m.decisions(MeetingDecisionKind.STATE_CHANGED).stream()
                    .filter(d -> d.getToState() == MeetingState.CLOSED).findFirst().orElseThrow();
            assertEquals("A bft vote closes when every voter has voted", closed.getRule());
            assertEquals(List.of(), m.session.ballots().stream().filter(b -> b.getAgentId().equals("p")).toList());
        }
    }

    @Test
    void theMinutesRecordTheTallyWithNAndF() {
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyy");
            String minutes = m.decisions(MeetingDecisionKind.SUMMARY_WRITTEN).get(0).getText();
            assertTrue(minutes.contains("- c1 \"title of c1\": accepted (3 yes, 0 no, 0 abstain, 0 not voted of 3 "
                    + "voters, n = 4 agents counting the proposer, f = 1; 3 needed)"), minutes);
        }
        try (MeetingFixture m = voting(votersOnly, 1, null)) {
            votes(m, "yyn");
            String minutes = m.decisions(MeetingDecisionKind.SUMMARY_WRITTEN).get(0).getText();
            assertTrue(minutes.contains("- c1 \"title of c1\": accepted (2 yes, 1 no, 0 abstain, 0 not voted of 3 "
                    + "voters, f = 1; 2 needed)"), minutes);
        }
    }
}
