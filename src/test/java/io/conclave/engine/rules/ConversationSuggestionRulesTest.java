package io.conclave.engine.rules;

import static io.conclave.engine.rules.ConversationFixture.expert;
import static io.conclave.engine.rules.ConversationFixture.policy;
import static io.conclave.engine.rules.ConversationFixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

import io.conclave.engine.rules.ConversationFixture.Msg;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.TurnDecisionKind;
import io.conclave.model.conversation.TurnStrategy;

/**
 * Tier 1 for rules/conversations/turn_suggestions.drl: every accepted and every rejected suggestion or handoff, and
 * the loop guard. In each rejected case the strategy chooses instead, and the answer says why.
 */
public class ConversationSuggestionRulesTest {

    /** Dynamic, agents a (priority 3), b (2), c (1), user u; two turns each. Without a suggestion a answers u. */
    private static ConversationFixture dynamic() {
        return ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 2))
                .with("a", expert(3)).with("b", expert(2)).with("c", expert(1)).with("u", user());
    }

    @Test
    void aValidSuggestionIsTaken() {
        try (ConversationFixture f = dynamic()) {
            var s = f.send(new Msg("u").suggest("c"));
            assertEquals(List.of("c"), s.responders());
            assertEquals("A valid suggestion or handoff is taken", s.rule());
            assertEquals("suggestion", s.outcome().reason().via());
            assertNull(s.rejected());
        }
    }

    @Test
    void aSuggestionOfAnAgentThatIsNotAMemberIsRejectedAndTheStrategyChooses() {
        try (ConversationFixture f = dynamic()) {
            var s = f.send(new Msg("u").suggest("zed"));
            assertEquals("unknown_agent", s.rejected().code());
            assertEquals("zed", s.rejected().agentId());
            assertEquals("A suggested agent must be a member", s.rejected().rule());
            assertEquals(List.of("a"), s.responders());             // dynamic: the most senior (priority 3)
            assertEquals("Dynamic: the agent whose capabilities match the topics best takes the turn", s.rule());
        }
    }

    @Test
    void aSuggestionOfAnAgentThatLeftIsRejected() {
        try (ConversationFixture f = dynamic()) {
            assertNull(f.leave("c"));
            assertEquals("unknown_agent", f.send(new Msg("u").suggest("c")).rejected().code());
        }
    }

    @Test
    void anAgentCannotGiveTheTurnToItself() {
        try (ConversationFixture f = dynamic()) {
            var s = f.send(new Msg("b").suggest("b"));
            assertEquals("self_suggestion", s.rejected().code());
            assertEquals(List.of("a"), s.responders());
        }
    }

    @Test
    void aSuggestedAgentOfARoleThatIsNotGrantedTurnsIsRejected() {
        try (ConversationFixture f = dynamic()) {
            var s = f.send(new Msg("a").suggest("u"));
            assertEquals("role_not_allowed", s.rejected().code());
            assertEquals(List.of("b"), s.responders());             // a sent it: b is the most senior other
        }
    }

    @Test
    void aSuggestedAgentAtItsTurnLimitIsRejected() {
        try (ConversationFixture f = dynamic()) {
            f.send(new Msg("u").suggest("c"));
            f.send(new Msg("u").suggest("c"));                      // c has its 2 turns
            var s = f.send(new Msg("u").suggest("c"));
            assertEquals("turn_limit_reached", s.rejected().code());
            assertEquals(List.of("a"), s.responders());
        }
    }

    @Test
    void roundRobinAndSingleAgentTakeNoSuggestion() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1))) {
            var s = f.send(new Msg("a").suggest("c"));
            assertEquals("strategy_forbids", s.rejected().code());
            assertEquals(List.of("b"), s.responders());
        }
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.SINGLE_AGENT, 10))
                .with("a", expert(1)).with("b", expert(3)).with("u", user())) {
            var s = f.send(new Msg("u").suggest("a"));
            assertEquals("strategy_forbids", s.rejected().code());
            assertEquals(List.of("b"), s.responders());
        }
    }

    @Test
    void roundRobinTheTurnHolderHandsOffAndTheRotationContinuesAfterTheNewHolder() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1)).with("d", expert(1))) {
            assertEquals(List.of("b"), f.say("a").responders());
            var handoff = f.send(new Msg("b").handoff("d"));        // b holds the turn
            assertEquals(List.of("d"), handoff.responders());
            assertEquals("handoff", handoff.outcome().reason().via());
            assertEquals(List.of("a"), f.say("d").responders());    // after d (join order 3) comes a
        }
    }

    @Test
    void onlyTheAgentHoldingTheTurnHandsItOff() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1)).with("d", expert(1))) {
            assertEquals(List.of("b"), f.say("a").responders());
            var s = f.send(new Msg("c").handoff("d"));              // b holds the turn, not c
            assertEquals("not_turn_holder", s.rejected().code());
            assertEquals(List.of("d"), s.responders());             // the rotation after b, skipping c (sender): d
            assertEquals("strategy", s.outcome().reason().via());
        }
    }

    @Test
    void singleAgentAHandoffOfThePrimaryMovesThePrimaryAndOnlyThePrimaryMayHandOff() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.SINGLE_AGENT, 10))
                .with("a", expert(1)).with("b", expert(3)).with("c", expert(2)).with("u", user())) {
            var refused = f.send(new Msg("a").handoff("c"));        // b is the primary, not a
            assertEquals("not_turn_holder", refused.rejected().code());
            assertEquals(List.of("b"), refused.responders());
            var handoff = f.send(new Msg("b").handoff("c"));
            assertEquals(List.of("c"), handoff.responders());
            assertEquals(1, handoff.decisions().stream().filter(d -> d.getKind() == TurnDecisionKind.PRIMARY_CHANGED).count());
            assertEquals("c", f.session.conversation().getPrimary());
            assertEquals(List.of("c"), f.say("u").responders());    // c answers everyone from now on
        }
    }

    @Test
    void collaborativeTheSuggestedAgentAnswersFirstThenTheOthers() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.COLLABORATIVE, 10))
                .with("u", user()).with("b", expert(1)).with("c", expert(2)).with("d", expert(3))) {
            assertEquals(List.of("b", "d", "c"), f.send(new Msg("u").suggest("b")).responders());
        }
    }

    @Test
    void theLoopGuardOverrulesTheFourthHandoffBetweenTheSameTwoAgentsAndAThirdAgentAnswers() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 10))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1))) {
            assertEquals(List.of("b"), f.send(new Msg("a").suggest("b")).responders()); // handoff 1 between a and b
            assertEquals(List.of("a"), f.send(new Msg("b").suggest("a")).responders()); // 2
            assertEquals(List.of("b"), f.send(new Msg("a").suggest("b")).responders()); // 3 = loop_limit
            var fourth = f.send(new Msg("b").suggest("a"));
            assertEquals("loop_guard", fourth.rejected().code());
            assertEquals(List.of("c"), fourth.responders());
            assertEquals("Loop guard: a third agent breaks the ping-pong", fourth.rule());
            // the third agent's turn ended the back-and-forth: a and b may hand over again
            assertEquals(List.of("a"), f.send(new Msg("c").suggest("a")).responders());
            assertEquals(List.of("b"), f.send(new Msg("a").suggest("b")).responders());
        }
    }

    @Test
    void aChangeOfTheSharedContextMeansTheHandoffsMadeProgress() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 10))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1))) {
            f.send(new Msg("a").suggest("b"));
            f.send(new Msg("b").suggest("a"));
            f.send(new Msg("a").suggest("b"));
            assertNull(f.write("b", "draft", IntNode.valueOf(1), 0));
            var fourth = f.send(new Msg("b").suggest("a"));
            assertNull(fourth.rejected());
            assertEquals(List.of("a"), fourth.responders());
        }
    }

    @Test
    void theLoopGuardEndsTheConversationWhenNoThirdAgentMayAnswer() {
        ConversationPolicy p = policy(TurnStrategy.DYNAMIC, 10, null, null, null, null, 2, null);
        try (ConversationFixture f = ConversationFixture.conversation(p).with("a", expert(1)).with("b", expert(1))) {
            f.send(new Msg("a").suggest("b"));
            f.send(new Msg("b").suggest("a"));
            var third = f.send(new Msg("a").suggest("b"));          // loop_limit 2: the third handoff is one too many
            assertEquals("loop_guard", third.rejected().code());
            assertTrue(third.outcome().terminated());
            assertEquals("loop", third.outcome().terminationReason());
            assertEquals(List.of(), third.responders());
        }
    }
}
