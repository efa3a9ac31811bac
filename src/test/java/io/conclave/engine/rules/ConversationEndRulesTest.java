package io.conclave.engine.rules;

import static io.conclave.engine.rules.ConversationFixture.expert;
import static io.conclave.engine.rules.ConversationFixture.policy;
import static io.conclave.engine.rules.ConversationFixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

import io.conclave.engine.rules.ConversationFixture.Msg;
import io.conclave.model.Refusal;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;
import io.conclave.model.conversation.TurnStrategy;

/** Tier 1 for rules/conversations/conversation_end.drl: each cause of termination, and that an ended conversation takes nothing more. */
public class ConversationEndRulesTest {

    @Test
    void aFinalMessageEndsTheConversationAndTheNextMessageIsRefused() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10))
                .with("a", expert(1)).with("b", expert(1))) {
            var last = f.send(new Msg("a").content("that settles it").last());
            assertTrue(last.outcome().terminated());
            assertEquals("final", last.outcome().terminationReason());
            assertEquals(List.of(), last.responders());
            assertEquals("A final message ends the conversation", last.rule());
            Refusal after = f.say("b").refusal();
            assertEquals("conversation_over", after.getCode());
            assertEquals(Refusal.Kind.CONFLICT, after.getKind());
            assertEquals("conversation_over", f.join("c", expert(1)).getCode());
            assertEquals("conversation_over", f.write("a", "k", IntNode.valueOf(1), 0).getCode());
        }
    }

    @Test
    void theTurnBudgetEndsTheConversationWhenTheNextMessageAsksForATurn() {
        try (ConversationFixture f = ConversationFixture.conversation(
                policy(TurnStrategy.ROUND_ROBIN, 10, null, 2, null, null, 3, null))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1))) {
            assertEquals(List.of("b"), f.say("a").responders());
            var second = f.say("b");
            assertEquals(List.of("c"), second.responders());
            assertFalse(second.outcome().terminated());           // c may still answer its turn
            var third = f.say("c");
            assertTrue(third.outcome().terminated());
            assertEquals("max_total_turns", third.outcome().terminationReason());
            assertEquals(List.of(), third.responders());
            assertEquals(2, f.session.conversation().getTotalTurns());
        }
    }

    @Test
    void theTimeoutEndsTheConversationOnTheClockEvenWithoutAMessage() {
        try (ConversationFixture f = ConversationFixture.conversation(
                policy(TurnStrategy.ROUND_ROBIN, 10, 10.0, null, null, null, 3, null))
                .with("a", expert(1)).with("b", expert(1))) {
            f.at(5);
            assertEquals(List.of("b"), f.say("a").responders());
            assertEquals(List.of(), f.tick(9.999));
            List<TurnDecision> ended = f.tick(10);
            assertEquals(1, ended.size());
            assertEquals(TurnDecisionKind.CONVERSATION_TERMINATED, ended.get(0).getKind());
            assertEquals("timeout", ended.get(0).getCode());
            assertEquals("Time is up", ended.get(0).getRule());
            assertEquals("conversation_over", f.say("b").refusal().getCode());
        }
    }

    @Test
    void aMessageArrivingAfterTheTimeoutIsRefusedAndTheConversationEnds() {
        try (ConversationFixture f = ConversationFixture.conversation(
                policy(TurnStrategy.ROUND_ROBIN, 10, 10.0, null, null, null, 3, null))
                .with("a", expert(1)).with("b", expert(1))) {
            f.at(11);
            assertEquals("conversation_over", f.say("a").refusal().getCode());
            assertEquals("timeout", f.session.conversation().getTerminationReason());
        }
    }

    @Test
    void everyAgentAtItsLimitEndsTheConversation() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 1))
                .with("u", user()).with("a", expert(1)).with("b", expert(2))) {
            assertTheThirdMessageEndsIt(f);
        }
    }

    @Test
    void aMemberWhoLeftWithTurnsLeftDoesNotHoldTheEndBack() {
        // c, the most senior, leaves before any turn; counted with the present ones, its unused turn would keep the
        // conversation going
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 1))
                .with("u", user()).with("a", expert(1)).with("b", expert(2)).with("c", expert(3))) {
            assertNull(f.leave("c"));
            assertTheThirdMessageEndsIt(f);
        }
    }

    /** The user's messages: b then a (by priority) take their one turn each, and the third ends the conversation. */
    private static void assertTheThirdMessageEndsIt(ConversationFixture f) {
        assertEquals(List.of("b"), f.say("u").responders());
        assertEquals(List.of("a"), f.say("u").responders());
        var third = f.say("u");
        assertEquals("turn_limits", third.outcome().terminationReason());
        assertEquals("Every agent has used its turns", third.rule());
    }

    @Test
    void aConversationWithNobodyGrantedTurnsDoesNotEndOnTurnLimits() {
        // only users, whose role is not granted turns: nobody can answer, and nobody has used up anything either
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 1))
                .with("u", user()).with("v", user())) {
            var s = f.say("u");
            assertEquals(List.of(), s.responders());
            assertFalse(s.outcome().terminated());
            assertEquals("Nobody may answer", s.rule());
        }
    }

    @Test
    void nobodyAnswersWhenTheOnlyOtherAgentIsAtItsLimitButTheSenderStillHasTurns() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 1))
                .with("a", expert(1)).with("b", expert(1))) {
            assertEquals(List.of("b"), f.say("a").responders());   // b used its one turn; a has not had one
            var s = f.say("a");
            assertEquals(List.of(), s.responders());
            assertFalse(s.outcome().terminated());
            assertEquals("Nobody may answer", s.rule());
        }
    }

    @Test
    void onlyMembersSendMessages() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10))
                .with("a", expert(1))) {
            Refusal r = f.say("stranger").refusal();
            assertEquals("not_a_member", r.getCode());
            assertEquals(Refusal.Kind.NOT_FOUND, r.getKind());
            assertNull(f.leave("a"));
            assertEquals("not_a_member", f.say("a").refusal().getCode());
        }
    }
}
