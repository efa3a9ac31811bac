package io.conclave.engine.rules;

import static io.conclave.engine.rules.MeetingFixture.majority;
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
import io.conclave.model.meeting.Threshold;
import io.conclave.model.meeting.VoteValue;

/** Tier 1, rules/meetings/meetings.drl and meetings/meetings_participation.drl: every transition and who may cause it. */
public class MeetingProtocolRulesTest {

    @Test
    void quorumOfMoreThanHalfOpensTheDiscussion() {
        // 5 invited: more than half is 3. Two joins leave it open, the third opens the discussion.
        try (MeetingFixture m = meeting(majority(), null, "a", "b", "c", "d", "e")) {
            assertNull(m.join("a", 1));
            assertNull(m.join("b", 2));
            assertEquals(MeetingState.OPEN, m.state());
            assertNull(m.join("c", 3));
            assertEquals(MeetingState.DISCUSSION, m.state());
            MeetingDecision d = m.decisions(MeetingDecisionKind.STATE_CHANGED).get(0);
            assertEquals("A quorum of the invited opens the discussion", d.getRule());
            assertEquals("quorum reached: 3 of 5 invited joined (3 needed)", d.getReason());
            assertNull(d.getAgentId(), "an automatic transition has no acting agent");
        }
    }

    @Test
    void quorumIsConfigurablePerMeeting() {
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, 1, null, null), null, "a", "b", "c", "d")) {
            m.join("d", 1);
            assertEquals(MeetingState.DISCUSSION, m.state());
        }
    }

    @Test
    void evenlySplitInvitationNeedsMoreThanHalf() {
        // 4 invited: half is 2, more than half is 3
        try (MeetingFixture m = meeting(majority(), null, "a", "b", "c", "d")) {
            m.join("a", 1);
            m.join("b", 1);
            assertEquals(MeetingState.OPEN, m.state());
            m.join("c", 1);
            assertEquals(MeetingState.DISCUSSION, m.state());
        }
    }

    @Test
    void theCreatorChairsWithoutFacilitatorAndOthersAreRefused() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b", "c")) {
            Refusal r = m.move("b", MeetingState.DISCUSSION, 1);
            assertEquals(Refusal.Kind.FORBIDDEN, r.getKind());
            assertEquals("not_chair", r.getCode());
            assertEquals("only the creator a may change the state of meeting m1; b may not", r.getReason());
            assertEquals(MeetingState.OPEN, m.state());
            assertNull(m.move("a", MeetingState.DISCUSSION, 2));
            assertEquals(MeetingState.DISCUSSION, m.state());
            assertEquals("a", m.decisions(MeetingDecisionKind.STATE_CHANGED).get(0).getAgentId());
        }
    }

    @Test
    void theFacilitatorChairsAndTheCreatorMayNot() {
        try (MeetingFixture m = meeting(majority(), "f", "a", "b", "f")) {
            Refusal r = m.move("a", MeetingState.DISCUSSION, 1);
            assertEquals("only the facilitator f may change the state of meeting m1; a may not", r.getReason());
            assertNull(m.move("f", MeetingState.DISCUSSION, 1));
        }
    }

    @Test
    void theStateOnlyMovesForward() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b")) {
            m.move("a", MeetingState.DISCUSSION, 1);
            Refusal r = m.move("a", MeetingState.OPEN, 2);
            assertEquals("invalid_transition", r.getCode());
            assertEquals(Refusal.Kind.CONFLICT, r.getKind());
            assertEquals("invalid_transition", m.move("a", MeetingState.DISCUSSION, 2).getCode());
        }
    }

    @Test
    void votingNeedsAnOpenProposal() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b")) {
            m.move("a", MeetingState.DISCUSSION, 1);
            assertEquals("nothing_to_vote", m.move("a", MeetingState.VOTING, 2).getCode());
            m.join("a", 3);
            assertNull(m.propose("a", "p1", 4));
            assertNull(m.move("a", MeetingState.VOTING, 5));
            assertEquals(MeetingState.VOTING, m.state());
        }
    }

    @Test
    void discussionTimeLimitStartsTheVoteOnlyWithAProposal() {
        // 10 minutes of discussion from minute 1 (when the quorum opened it): due at minute 11
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, 10.0, null), null, "a", "b")) {
            m.join("a", 0);
            m.join("b", 1);
            assertEquals(MeetingState.DISCUSSION, m.state());
            assertTrue(m.tick(10.99).isEmpty());
            m.tick(12);
            assertEquals(MeetingState.DISCUSSION, m.state(), "no proposal on the table: the discussion goes on");
            assertNull(m.propose("b", "p1", 13));
            assertEquals(MeetingState.VOTING, m.state(), "the time is up and now there is a proposal");
            MeetingDecision d = m.decisions(MeetingDecisionKind.STATE_CHANGED).get(1);
            assertEquals("Discussion time is up with a proposal on the table", d.getRule());
        }
    }

    @Test
    void discussionTimeLimitPassingWithAProposalStartsTheVote() {
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, 10.0, null), null, "a", "b")) {
            m.join("a", 0);
            m.join("b", 0);
            m.propose("a", "p1", 2);
            assertTrue(m.tick(9.9).isEmpty());
            assertEquals(MeetingState.DISCUSSION, m.state());
            assertEquals(1, m.tick(10).size());
            assertEquals(MeetingState.VOTING, m.state());
        }
    }

    @Test
    void votingClosesWhenEveryActiveParticipantVotedOnEveryProposal() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b", "c")) {
            m.join("a", 0);
            m.join("b", 0);
            m.join("c", 0);
            m.propose("a", "p1", 1);
            m.propose("b", "p2", 1);
            m.move("a", MeetingState.VOTING, 2);
            m.vote("a", "p1", VoteValue.YES, 3);
            m.vote("a", "p2", VoteValue.YES, 3);
            m.vote("b", "p1", VoteValue.NO, 3);
            m.vote("b", "p2", VoteValue.YES, 3);
            m.vote("c", "p1", VoteValue.ABSTAIN, 4);
            assertEquals(MeetingState.VOTING, m.state(), "c has not voted on p2 yet");
            m.vote("c", "p2", VoteValue.NO, 5);
            assertEquals(MeetingState.CLOSED, m.state());
            // p1: 1 yes of 3 -> rejected; p2: 2 yes of 3 > 50% -> accepted
            List<MeetingDecision> decided = m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED);
            assertEquals("rejected", decided.get(0).getText());
            assertEquals("accepted", decided.get(1).getText());
            assertEquals(1, m.decisions(MeetingDecisionKind.SUMMARY_WRITTEN).size());
        }
    }

    @Test
    void aParticipantWhoLeftNoLongerHoldsTheVoteUp() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b")) {
            m.join("a", 0);
            m.join("b", 0);
            m.propose("a", "p1", 1);
            m.move("a", MeetingState.VOTING, 2);
            m.vote("a", "p1", VoteValue.YES, 3);
            assertEquals(MeetingState.VOTING, m.state());
            assertNull(m.leave("b", 4));
            assertEquals(MeetingState.CLOSED, m.state(), "a, the only active participant, has voted on everything");
            assertEquals("accepted", m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED).get(0).getText());
        }
    }

    @Test
    void votingTimeLimitClosesTheMeeting() {
        try (MeetingFixture m = meeting(protocol(Threshold.MAJORITY, null, null, null, 5.0), null, "a", "b")) {
            m.join("a", 0);
            m.join("b", 0);
            m.propose("a", "p1", 1);
            m.move("a", MeetingState.VOTING, 2);
            m.vote("a", "p1", VoteValue.YES, 3);
            assertTrue(m.tick(6.9).isEmpty());
            m.tick(7);
            assertEquals(MeetingState.CLOSED, m.state());
            assertEquals("Voting time is up", m.decisions(MeetingDecisionKind.STATE_CHANGED).get(2).getRule());
            // 1 yes of 2 active is not more than half
            assertEquals("rejected", m.decisions(MeetingDecisionKind.PROPOSAL_DECIDED).get(0).getText());
        }
    }

    @Test
    void aClosedMeetingIsArchivedAfterItsRetentionTime() {
        try (MeetingFixture m = meeting(new io.conclave.model.meeting.Protocol(Threshold.MAJORITY, null, null, null,
                null, 60.0), null, "a", "b")) {
            m.move("a", MeetingState.CLOSED, 1);
            assertTrue(m.tick(60.5).isEmpty());
            m.tick(61);
            assertEquals(MeetingState.ARCHIVED, m.state());
        }
    }

    @Test
    void nothingIsPostedVotedOrJoinedOnceTheMeetingIsOver() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b")) {
            m.join("a", 0);
            m.move("a", MeetingState.CLOSED, 1);
            assertEquals("meeting_over", m.comment("a", 2).getCode());
            assertEquals("meeting_over", m.join("b", 2).getCode());
            assertEquals("meeting_over", m.propose("a", "p9", 2).getCode());
            m.move("a", MeetingState.ARCHIVED, 3);
            assertEquals("meeting_over", m.comment("a", 4).getCode());
        }
    }

    @Test
    void onlyInvitedAgentsJoinAndOnlyJoinedOnesPostOrVote() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b", "c")) {
            Refusal r = m.join("mallory", 0);
            assertEquals(Refusal.Kind.FORBIDDEN, r.getKind());
            assertEquals("not_invited", r.getCode());
            Refusal notJoined = m.comment("b", 0);
            assertEquals("not_joined", notJoined.getCode());
            assertEquals(Refusal.Kind.FORBIDDEN, notJoined.getKind());
            assertNull(m.join("b", 1));
            assertEquals("already_joined", m.join("b", 1).getCode());
            assertNull(m.comment("b", 2));
            assertNull(m.leave("b", 3));
            assertEquals("not_joined", m.comment("b", 4).getCode());
            assertNull(m.join("b", 5), "a participant who left may come back while the meeting runs");
        }
    }

    @Test
    void proposalsAreUniqueAndNotAddedDuringTheVote() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b", "c")) {
            m.join("a", 0);
            m.propose("a", "p1", 1);
            assertEquals("duplicate_proposal", m.propose("a", "p1", 2).getCode());
            m.move("a", MeetingState.VOTING, 3);
            assertEquals("voting_in_progress", m.propose("a", "p2", 4).getCode());
        }
    }

    @Test
    void votesOnlyWhileVotingAndOnKnownProposals() {
        try (MeetingFixture m = meeting(majority(), null, "a", "b", "c")) {
            m.join("a", 0);
            m.join("b", 0);
            m.propose("a", "p1", 1);
            assertEquals("not_voting", m.vote("a", "p1", VoteValue.YES, 2).getCode());
            m.move("a", MeetingState.VOTING, 3);
            Refusal r = m.vote("a", "nope", VoteValue.YES, 4);
            assertEquals(Refusal.Kind.NOT_FOUND, r.getKind());
            assertEquals("unknown_proposal", r.getCode());
        }
    }
}
