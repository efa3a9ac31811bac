package io.conclave.engine.rules;

import static io.conclave.engine.rules.ConversationFixture.expert;
import static io.conclave.engine.rules.ConversationFixture.policy;
import static io.conclave.engine.rules.ConversationFixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.rules.ConversationFixture.Msg;
import io.conclave.model.conversation.Round;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;
import io.conclave.model.conversation.TurnStrategy;
import io.conclave.model.meeting.Threshold;

/** Tier 1 for rules/conversations/conversation_rounds.drl: collaborative rounds, contradictions and the consensus vote. */
public class ConversationRoundRulesTest {

    private static ConversationFixture team(Threshold consensus) {
        return ConversationFixture.conversation(policy(TurnStrategy.COLLABORATIVE, 10, null, null, null, null, 3, consensus))
                .with("u", user()).with("b", expert(1, "db")).with("c", expert(2, "db")).with("d", expert(3, "db"));
    }

    @Test
    void oppositeStancesOnOneClaimAreAContradictionRankedByPriority() {
        try (ConversationFixture f = team(null)) {
            assertEquals(List.of("d", "c", "b"), f.say("u", "db").responders());
            f.send(new Msg("b").stance("use-postgres", "support"));
            assertEquals(List.of(), f.decisions(TurnDecisionKind.CONTRADICTION_DETECTED));
            var second = f.send(new Msg("c").stance("use-postgres", "oppose"));
            List<TurnDecision> found = second.decisions().stream()
                    .filter(d -> d.getKind() == TurnDecisionKind.CONTRADICTION_DETECTED).toList();
            assertEquals(1, found.size());
            assertEquals("c", found.get(0).getAgentId());            // priority 2 ranks before b's priority 1
            assertEquals(List.of("c: oppose (priority 2)", "b: support (priority 1)"), found.get(0).getDetails().get("ranking"));
            // a third response on the same claim does not report the same contradiction again
            var third = f.send(new Msg("d").stance("use-postgres", "support"));
            assertTrue(third.decisions().stream().noneMatch(d -> d.getKind() == TurnDecisionKind.CONTRADICTION_DETECTED));
            Round round = f.session.rounds().get(0);
            assertFalse(round.isOpen());                               // everyone answered
            assertEquals(3, round.getResponses().size());
            assertEquals(List.of(), f.decisions(TurnDecisionKind.CONSENSUS_VOTE_OPENED)); // no consensus asked
        }
    }

    @Test
    void stancesOnDifferentClaimsOrTheSamePositionDoNotContradict() {
        try (ConversationFixture f = team(null)) {
            f.say("u", "db");
            f.send(new Msg("b").stance("use-postgres", "support"));
            f.send(new Msg("c").stance("use-postgres", "support"));
            f.send(new Msg("d").stance("use-mysql", "oppose"));
            assertEquals(List.of(), f.decisions(TurnDecisionKind.CONTRADICTION_DETECTED));
        }
    }

    @Test
    void whenThePolicyAsksForConsensusAContradictionOpensAVoteAmongTheRound() {
        try (ConversationFixture f = team(Threshold.MAJORITY)) {
            f.say("u", "db");
            f.send(new Msg("d").stance("use-postgres", "support"));
            f.send(new Msg("b").stance("use-postgres", "oppose"));
            List<TurnDecision> votes = f.decisions(TurnDecisionKind.CONSENSUS_VOTE_OPENED);
            assertEquals(1, votes.size());
            assertEquals("d", votes.get(0).getDetails().get("chair"));
            assertEquals(List.of("d", "c", "b"), votes.get(0).getDetails().get("participants"));
            assertEquals("majority", votes.get(0).getDetails().get("threshold"));
            assertTrue(f.session.contradictions().get(0).isVoteOpened());
        }
    }

    @Test
    void aMessageFromOutsideTheRoundOpensTheNextRoundAndClosesTheOpenOne() {
        try (ConversationFixture f = team(null)) {
            f.say("u", "db");
            f.say("d");                                                // one response of three
            assertEquals(List.of("d", "c", "b"), f.say("u", "db").responders());
            List<Round> rounds = f.session.rounds();
            assertEquals(2, rounds.size());
            assertFalse(rounds.get(0).isOpen());
            assertTrue(rounds.get(1).isOpen());
        }
    }

    @Test
    void aResponseInARoundChoosesNoNextSpeaker() {
        try (ConversationFixture f = team(null)) {
            f.say("u", "db");
            var s = f.send(new Msg("d").suggest("b"));
            assertEquals("response_in_round", s.rejected().code());
            assertEquals(List.of(), s.responders());
        }
    }
}
