package io.conclave.engine.rules;

import static io.conclave.engine.rules.MeetingFixture.meeting;
import static io.conclave.engine.rules.MeetingFixture.protocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.Refusal;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingDecisionKind;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.ProposalStatus;
import io.conclave.model.meeting.Tally;
import io.conclave.model.meeting.Threshold;
import io.conclave.model.meeting.VoteValue;

/**
 * Tier 1, rules/meetings/consensus.drl: a proposal of the proposer "p" put to the voters a, b, c, d (n = 4, the
 * invited participants but the proposer) commits with at least n - f accepts and aborts otherwise.
 */
public class ConsensusRulesTest {
    private static final List<String> VOTERS = List.of("a", "b", "c", "d");

    /** A bft meeting of p and the four voters, everyone joined, proposal c1 by p on the table, voting. */
    private static MeetingFixture voting(int f, Double votingMinutes) {
        MeetingFixture m = meeting(protocol(Threshold.BFT, f, null, null, votingMinutes), null, "p", "a", "b", "c", "d");
        m.join("p", 0);
        for (String v : VOTERS) {
            m.join(v, 0);
        }
        assertNull(m.propose("p", "c1", 1));
        assertNull(m.move("p", MeetingState.VOTING, 2));
        return m;
    }

    /** Casts the votes of a, b, c, d in order: y = accept, n = no, a = abstain, - = no vote. */
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
    void exactlyNMinusFAcceptsCommit() {
        // n = 4, f = 1: n - f = 3 accepts needed; a, b, c accept and d says no -> 3 >= 3 commits.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyyn");
            assertEquals(MeetingState.CLOSED, m.state(), "every voter voted: the vote closes by itself");
            MeetingDecision d = outcome(m);
            assertEquals("A bft proposal with at least n - f accepts commits", d.getRule());
            assertEquals("accepted", d.getText());
            assertEquals(new Tally("c1", 3, 1, 0, 0, 4, 3, 1), d.getTally());
            assertEquals("commits: 3 of n = 4 voters accepted, at least n - f = 4 - 1 = 3 needed; tally of c1: "
                    + "3 accept, 1 no, 0 abstain, 0 not voted of n = 4 voters, f = 1; 3 accepts required (n - f)",
                    d.getReason());
            assertEquals(ProposalStatus.ACCEPTED, m.session.proposals().get(0).getStatus());
        }
    }

    @Test
    void oneAcceptShortOfNMinusFAborts() {
        // n = 4, f = 1: a and b accept, c says no, d abstains -> 2 < 3 aborts.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyna");
            MeetingDecision d = outcome(m);
            assertEquals("A bft proposal with fewer than n - f accepts aborts", d.getRule());
            assertEquals("rejected", d.getText());
            assertEquals(new Tally("c1", 2, 1, 1, 0, 4, 3, 1), d.getTally());
            assertTrue(d.getReason().startsWith("aborts: 2 of n = 4 voters accepted, fewer than n - f = 4 - 1 = 3; "),
                    d.getReason());
        }
    }

    @Test
    void faultToleranceZeroNeedsEveryVoter() {
        // f = 0: n - f = 4, unanimity of the voters. Three accepts and one abstention abort; four commit.
        try (MeetingFixture m = voting(0, null)) {
            votes(m, "yyya");
            assertEquals(new Tally("c1", 3, 0, 1, 0, 4, 4, 0), outcome(m).getTally());
            assertEquals("rejected", outcome(m).getText());
        }
        try (MeetingFixture m = voting(0, null)) {
            votes(m, "yyyy");
            assertEquals("accepted", outcome(m).getText());
        }
    }

    @Test
    void aVoterWhoDoesNotVoteCountsAsNotAcceptingAndKeepsTheVoteOpen() {
        // a, b accept, c abstains, d stays silent: the vote does not close by itself (d may still vote).
        // The chair closes it: 2 accepts of n = 4, d is "not voted", n - f = 3 -> aborts.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yya-");
            assertEquals(MeetingState.VOTING, m.state());
            assertNull(m.move("p", MeetingState.CLOSED, 5));
            assertEquals(new Tally("c1", 2, 0, 1, 1, 4, 3, 1), outcome(m).getTally());
        }
    }

    @Test
    void aVoterWhoNeverJoinedStillCountsInN() {
        // d never joins (a faulty agent): n stays 4, so f = 1 tolerates exactly d. a, b, c accept: commits
        // when the voting time (10 min) passes, since d might still have joined and voted before that.
        try (MeetingFixture m = meeting(protocol(Threshold.BFT, 1, null, null, 10.0), null, "p", "a", "b", "c", "d")) {
            for (String x : List.of("p", "a", "b", "c")) {
                m.join(x, 0);
            }
            m.propose("p", "c1", 1);
            m.move("p", MeetingState.VOTING, 2);
            votes(m, "yyy-");
            assertEquals(MeetingState.VOTING, m.state(), "d is invited and has not voted");
            m.tick(13);
            assertEquals(MeetingState.CLOSED, m.state());
            assertEquals(new Tally("c1", 3, 0, 0, 1, 4, 3, 1), outcome(m).getTally());
            assertEquals("accepted", outcome(m).getText());
        }
    }

    @Test
    void theProposersOwnVoteDoesNotCount() {
        // p tries to accept its own proposal: refused with the reason (it would count live but not in the
        // tally); a, b accept, c, d say no: 2 accepts of n = 4 -> aborts.
        try (MeetingFixture m = voting(1, null)) {
            Refusal refused = m.vote("p", "c1", VoteValue.YES, 3);
            assertEquals("proposer_does_not_vote", refused.getCode());
            assertEquals("The proposer does not vote on its own bft proposal", refused.getRule());
            assertEquals(List.of(), m.session.ballots().stream().filter(b -> b.getAgentId().equals("p")).toList());
            votes(m, "yynn");
            assertEquals(new Tally("c1", 2, 2, 0, 0, 4, 3, 1), outcome(m).getTally());
        }
    }

    @Test
    void theVoteClosesWithoutTheProposersBallot() {
        // Under majority the proposer, an active participant, must vote before the vote closes by itself;
        // under bft only the voters must: four votes close it.
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyyy");
            MeetingDecision closed = m.decisions(MeetingDecisionKind.STATE_CHANGED).stream()
                    .filter(d -> d.getToState() == MeetingState.CLOSED).findFirst().orElseThrow();
            assertEquals("A bft vote closes when every voter has voted", closed.getRule());
            assertEquals(List.of(), m.session.ballots().stream().filter(b -> b.getAgentId().equals("p")).toList());
        }
    }

    @Test
    void theMinutesRecordTheTallyWithNAndF() {
        try (MeetingFixture m = voting(1, null)) {
            votes(m, "yyyn");
            String minutes = m.decisions(MeetingDecisionKind.SUMMARY_WRITTEN).get(0).getText();
            assertTrue(minutes.contains("- c1 \"title of c1\": accepted (3 yes, 1 no, 0 abstain, 0 not voted of 4 "
                    + "voters, f = 1; 3 needed)"), minutes);
        }
    }
}
