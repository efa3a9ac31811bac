package io.conclave.engine.rules;

import static io.conclave.engine.rules.MeetingFixture.meeting;
import static io.conclave.engine.rules.MeetingFixture.protocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingDecisionKind;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.ProposalStatus;
import io.conclave.model.meeting.Tally;
import io.conclave.model.meeting.Threshold;
import io.conclave.model.meeting.VoteValue;

/** Tier 1, rules/meetings/meetings_votes.drl: thresholds over the active participants, ballots, minutes. */
public class MeetingVoteRulesTest {

    /**
     * One proposal, n active participants casting the given votes (y/n/a, '-' for no vote), closed by
     * the chair; returns the decision about the proposal.
     */
    private static MeetingDecision decide(Threshold t, Integer f, String votes) {
        String[] agents = new String[votes.length()];
        Arrays.setAll(agents, i -> "a" + i);
        try (MeetingFixture m = meeting(protocol(t, f, null, null, null), null, agents)) {
            for (String a : agents) {
                m.join(a, 0);
            }
            m.propose("a0", "p1", 1);
            m.move("a0", MeetingState.VOTING, 2);
            for (int i = 0; i < agents.length; i++) {
                char c = votes.charAt(i);
                if (c != '-') {
                    m.vote(agents[i], "p1", c == 'y' ? VoteValue.YES : c == 'n' ? VoteValue.NO : VoteValue.ABSTAIN, 3);
                }
            }
            if (m.state() == MeetingState.VOTING) {
                m.move("a0", MeetingState.CLOSED, 4);
            }
            return m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED).get(0);
        }
    }

    @ParameterizedTest(name = "{0} f={1} votes {2} -> {3}")
    @CsvSource({
            // majority: strictly more than half of the active participants
            "MAJORITY, , yyn, accepted",     // 2 of 3 > 1.5
            "MAJORITY, , yynn, rejected",    // 2 of 4 is exactly 50%: a tie fails
            "MAJORITY, , yyyn, accepted",    // 3 of 4
            "MAJORITY, , yaa, rejected",     // abstain counts as not-yes: 1 of 3
            "MAJORITY, , yy--, rejected",    // 2 of 4 active, two never voted: still 50%
            // two thirds: at least two thirds
            "TWO_THIRDS, , yyn, accepted",   // 2 of 3 is exactly two thirds
            "TWO_THIRDS, , yynn, rejected",  // 2 of 4 < 2.67
            "TWO_THIRDS, , yyyn, accepted",  // 3 of 4 >= 2.67
            "TWO_THIRDS, , yyyynn, accepted", // 4 of 6 = two thirds
            "TWO_THIRDS, , yyynnn, rejected",
            // unanimous: every active participant says yes
            "UNANIMOUS, , yyy, accepted",
            "UNANIMOUS, , yya, rejected",
            // bft: yes >= n - f, n every agent with the proposer a0 among them (the chapter's count, consensus.drl);
            // a0's own vote is refused, so the accepts come from the others
            "BFT, 1, yyyy, accepted",        // n=4, f=1: 3 needed, a1..a3 accept
            "BFT, 1, yyyn, rejected",        // 2 of the 3 voters (voters only, n=3, would need 2)
            "BFT, 1, yynn, rejected",
            "BFT, 2, yynnnnn, rejected",     // n=7, f=2: 5 needed
            "BFT, 2, yyyyyyn, accepted",     // a1..a5 accept
            "BFT, 2, yyyyynn, rejected",     // 4 of the 6 voters
    })
    void thresholds(Threshold t, Integer f, String votes, String outcome) {
        assertEquals(outcome, decide(t, f, votes).getText());
    }

    @Test
    void theDecisionCarriesTheCountAndTheRule() {
        MeetingDecision d = decide(Threshold.MAJORITY, null, "yynn");
        assertEquals("A proposal that misses its threshold is rejected", d.getRule());
        assertEquals(new Tally("p1", 2, 2, 0, 0, 4, 3), d.getTally());
        assertEquals("rejected under majority: tally of p1: 2 yes, 2 no, 0 abstain, 0 not voted of 4 active; "
                + "3 yes required", d.getReason());
        assertTrue(d.getMatchedFacts().stream().anyMatch(s -> s.startsWith("tally of p1")), d.getMatchedFacts().toString());
    }

    @Test
    void aSecondVoteReplacesTheFirst() {
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, null, null), null, "a", "b", "c")) {
            m.join("a", 0);
            m.join("b", 0);
            m.join("c", 0);
            m.propose("a", "p1", 1);
            m.move("a", MeetingState.VOTING, 2);
            m.vote("a", "p1", VoteValue.NO, 3);
            m.vote("a", "p1", VoteValue.YES, 4);
            assertEquals(1, m.session.ballots().size(), "one ballot per agent per proposal");
            m.vote("b", "p1", VoteValue.YES, 5);
            m.vote("c", "p1", VoteValue.NO, 5);
            MeetingDecision d = m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED).get(0);
            assertEquals(new Tally("p1", 2, 1, 0, 0, 3, 2), d.getTally());
            assertEquals("a changed its vote from no to yes", m.decisions(MeetingDecisionKind.VOTE_CAST).get(1).getReason());
        }
    }

    @Test
    void votesOfParticipantsWhoLeftDoNotCount() {
        // a and b vote yes, c no; then a and b leave: 0 yes of 1 active
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, null, null), null, "a", "b", "c", "d")) {
            for (String x : new String[] {"a", "b", "c", "d"}) {
                m.join(x, 0);
            }
            m.propose("a", "p1", 1);
            m.move("a", MeetingState.VOTING, 2);
            m.vote("a", "p1", VoteValue.YES, 3);
            m.vote("b", "p1", VoteValue.YES, 3);
            m.vote("c", "p1", VoteValue.NO, 3);
            m.leave("a", 4);
            m.leave("b", 4);
            assertEquals(MeetingState.VOTING, m.state(), "d has not voted");
            m.leave("d", 5);
            assertEquals(MeetingState.CLOSED, m.state());
            assertEquals(new Tally("p1", 0, 1, 0, 0, 1, 1),
                    m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED).get(0).getTally());
        }
    }

    @Test
    void theMinutesNameAttendeesResultsAndActionItems() {
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, null, null), null, "b", "a", "c")) {
            m.join("b", 0);
            m.join("a", 0);
            m.propose("b", "p1", 1);
            m.propose("a", "p2", 1);
            m.move("b", MeetingState.VOTING, 2);
            m.vote("a", "p1", VoteValue.YES, 3);
            m.vote("b", "p1", VoteValue.YES, 3);
            m.vote("a", "p2", VoteValue.NO, 3);
            m.vote("b", "p2", VoteValue.YES, 3);
            assertEquals(MeetingState.CLOSED, m.state());
            String text = m.decisions(MeetingDecisionKind.SUMMARY_WRITTEN).get(0).getText();
            assertEquals("""
                    Minutes of meeting m1 (topic)
                    Attended: a, b
                    Decisions (majority):
                    - p1 "title of p1": accepted (2 yes, 0 no, 0 abstain, 0 not voted of 2 active; 2 needed)
                    - p2 "title of p2": rejected (1 yes, 1 no, 0 abstain, 0 not voted of 2 active; 2 needed)
                    Action items:
                    - title of p1 (proposed by b)""", text);
        }
    }

    /** The chair closes a meeting that never voted: its proposal is not decided, not rejected with 0 votes. */
    @Test
    void proposalsOfAMeetingClosedWithoutAVoteAreNotDecided() {
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, null, null), null, "a", "b")) {
            m.join("a", 0);
            m.propose("a", "p1", 1);
            m.move("a", MeetingState.CLOSED, 2);
            var decided = m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED).get(0);
            assertEquals(null, decided.getTally());
            assertEquals("A meeting closed without a vote leaves its open proposals not decided", decided.getRule());
            assertEquals(ProposalStatus.NOT_DECIDED, m.session.proposals().get(0).getStatus());
        }
    }

    /** Closed after a vote: the ballots cast decide, the ones not cast count as not voted. */
    @Test
    void proposalsNeverVotedOnAreRejectedWhenTheVoteCloses() {
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, null, null), null, "a", "b")) {
            m.join("a", 0);
            m.propose("a", "p1", 1);
            m.move("a", MeetingState.VOTING, 2);
            m.move("a", MeetingState.CLOSED, 3);
            assertEquals(new Tally("p1", 0, 0, 0, 1, 1, 1),
                    m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED).get(0).getTally());
        }
    }
}
