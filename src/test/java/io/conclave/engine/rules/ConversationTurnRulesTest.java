package io.conclave.engine.rules;

import static io.conclave.engine.rules.ConversationFixture.expert;
import static io.conclave.engine.rules.ConversationFixture.policy;
import static io.conclave.engine.rules.ConversationFixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.conclave.engine.rules.ConversationFixture.Msg;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.TurnDecisionKind;
import io.conclave.model.conversation.TurnStrategy;

/** Tier 1 for rules/conversations/turns.drl and rules/conversations/turn_order.drl: each strategy's choice and its tie-breaks. */
public class ConversationTurnRulesTest {

    @Test
    void roundRobinGoesInJoinOrderSkippingTheSenderOtherRolesAndAgentsAtTheirLimit() {
        // join order a(0) u(1) b(2) c(3); u's role is not granted turns; two turns each
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 2))
                .with("a", expert(1)).with("u", user()).with("b", expert(1)).with("c", expert(1))) {
            assertEquals(List.of("a"), f.say("u").responders());  // nobody held a turn: the first in join order
            assertEquals(List.of("b"), f.say("a").responders());  // after a: u is skipped (role)
            assertEquals(List.of("c"), f.say("b").responders());
            assertEquals(List.of("a"), f.say("c").responders());  // wraps around; a now has its 2 turns
            assertEquals(List.of("b"), f.say("a").responders());  // b's 2nd turn
            var sixth = f.say("b");
            assertEquals(List.of("c"), sixth.responders());       // after b comes c; a is at its limit anyway
            assertEquals("Round robin: the next agent in join order takes the turn", sixth.rule());
            // explainable: the decision names the facts its rule matched, as they were before it fired
            assertEquals(List.of("message 6 from b", "conversation c1 [round_robin, 5 turn(s)]",
                    "field of message 6: 1 candidate(s), 3 passed over"), sixth.decisions().get(0).getMatchedFacts());
            assertEquals(f.session.policy().version(), sixth.decisions().get(0).getPolicyVersion());
            assertEquals(Map.of("a", "reached its limit of 2 turn(s)", "b", "sent the message",
                    "u", "role user is not granted turns"), sixth.outcome().reason().details().get("passed_over"));
            var seventh = f.say("u");                              // every expert has had its 2 turns
            assertTrue(seventh.outcome().terminated());
            assertEquals("turn_limits", seventh.outcome().terminationReason());
            assertEquals(List.of(), seventh.responders());
            assertEquals(2, f.member("a").getTurns());
            assertEquals(0, f.member("u").getTurns());
        }
    }

    @Test
    void roundRobinAnAgentWhoSpeaksOutOfTurnDoesNotMoveTheRotation() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1))) {
            assertEquals(List.of("b"), f.say("a").responders());
            // c speaks although b holds the turn: the rotation continues after b, and c cannot answer itself
            assertEquals(List.of("a"), f.say("c").responders());
        }
    }

    @Test
    void dynamicPicksMostMatchingCapabilitiesThenPriorityThenLeastRecentThenJoinOrder() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 10))
                .with("u", user())
                .with("a", expert(1, "db", "api"))
                .with("b", expert(2, "db"))
                .with("c", expert(2, "ui"))
                .with("d", expert(2, "ui"))) {
            var first = f.say("u", "db", "api");                   // a matches 2, b 1: a
            assertEquals(List.of("a"), first.responders());
            assertEquals(Map.of("a", List.of("api", "db"), "b", List.of("db")), // c and d match none: left out
                    first.outcome().reason().details().get("matches"));
            assertEquals(List.of("b"), f.say("u", "db").responders());   // a and b match 1: b has priority 2
            // b, c, d match 1 at priority 2; b had turn 2, c and d never: least recent, then join order: c
            assertEquals(List.of("c"), f.say("u", "db", "ui").responders());
            // now c had turn 3; d never: d
            assertEquals(List.of("d"), f.say("u", "db", "ui").responders());
            // no capability matches: the most senior candidate (priority 2, longest since its turn): b (turn 2)
            var none = f.say("u", "finance");
            assertEquals(List.of("b"), none.responders());
            assertTrue(none.outcome().reason().text().contains("no capability matches"), none.outcome().reason().text());
        }
    }

    @Test
    void dynamicTreatsAContextKeyNamedInTheContentAsATopic() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 10))
                .with("u", user()).with("a", expert(5, "api")).with("b", expert(1, "budget"))) {
            assertEquals(null, f.write("u", "Budget", com.fasterxml.jackson.databind.node.TextNode.valueOf("10k"), 0));
            // no topics given: the content names the context key "Budget" (as a word, any case)
            var s = f.send(new Msg("u").content("Can we stay within the budget?"));
            assertEquals(List.of("b"), s.responders());
            assertEquals(List.of("budget"), s.outcome().reason().details().get("topics"));
            // a word that only contains the key does not name it
            assertEquals(List.of("a"), f.send(new Msg("u").content("budgeting is hard")).responders());
        }
    }

    @Test
    void singleAgentThePrimaryIsTheHighestPriorityTiesByJoinOrderAndNobodyAnswersItsOwnMessage() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.SINGLE_AGENT, 10))
                .with("a", expert(1)).with("b", expert(3)).with("c", expert(3)).with("u", user())) {
            var s = f.say("u");
            assertEquals(List.of("b"), s.responders());            // b and c have priority 3; b joined first
            assertEquals("Single agent: the primary agent answers", s.rule());
            var own = f.say("b");
            assertEquals(List.of(), own.responders());
            assertEquals("Single agent: nobody answers the primary agent's own message", own.rule());
            assertFalse(own.outcome().terminated());
            assertEquals(List.of("b"), f.say("a").responders());
        }
    }

    @Test
    void singleAgentThePolicysPrimaryAnswersAndAtItsLimitNobodyElseDoes() {
        ConversationPolicy p = policy(TurnStrategy.SINGLE_AGENT, 1, null, null, "a", null, 3, null);
        try (ConversationFixture f = ConversationFixture.conversation(p)
                .with("a", expert(1)).with("b", expert(3)).with("u", user())) {
            assertEquals(List.of("a"), f.say("u").responders());   // the policy names a, though b ranks higher
            var second = f.say("u");                               // a had its one turn; b may not stand in
            assertEquals(List.of(), second.responders());
            assertEquals("Single agent: the primary agent may not answer", second.rule());
            assertTrue(second.outcome().reason().text().contains("reached its limit of 1 turn(s)"));
        }
    }

    @Test
    void collaborativeEveryMatchingAgentAnswersByPriorityUpToTheLimit() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.COLLABORATIVE, 10))
                .with("u", user()).with("b", expert(1, "db")).with("c", expert(2, "db")).with("d", expert(3, "ui"))) {
            var s = f.say("u", "db");
            assertEquals(List.of("c", "b"), s.responders());       // the matching ones, higher priority first
            assertEquals("Collaborative: every matching agent answers, by priority", s.rule());
            // their messages are responses of the round, not new requests for turns
            var response = f.say("b");
            assertEquals(List.of(), response.responders());
            assertEquals(TurnDecisionKind.RESPONSE_RECORDED, response.decisions().get(0).getKind());
            f.say("c");
            // no topic: every candidate answers
            assertEquals(List.of("d", "c", "b"), f.say("u").responders());
        }
        ConversationPolicy limited = policy(TurnStrategy.COLLABORATIVE, 10, null, null, null, 2, 3, null);
        try (ConversationFixture f = ConversationFixture.conversation(limited)
                .with("u", user()).with("b", expert(1)).with("c", expert(2)).with("d", expert(3))) {
            assertEquals(List.of("d", "c"), f.say("u").responders());
        }
    }

    @Test
    void collaborativeAnswersAreCappedByWhatIsLeftOfTheTurnBudget() {
        ConversationPolicy p = policy(TurnStrategy.COLLABORATIVE, 10, null, 2, null, null, 3, null);
        try (ConversationFixture f = ConversationFixture.conversation(p)
                .with("u", user()).with("b", expert(1)).with("c", expert(2)).with("d", expert(3))) {
            assertEquals(List.of("d", "c"), f.say("u").responders()); // 3 match, 2 turns in all
        }
    }

    // ------------------------------------------------------------------ what a decided message leaves

    @Test
    void aDecidedMessageLeavesNeitherItselfNorItsWeighingBehind() {
        // a turn granted by the strategy (a's capability db matches the topic), then one by u's suggestion of b: each
        // message and its weighing leave working memory with its decision, and each agent took its one turn
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 2))
                .with("u", user()).with("a", expert(1, "db")).with("b", expert(1, "api"))) {
            assertEquals(List.of("a"), f.say("u", "db").responders());
            assertEquals(List.of("b"), f.send(new Msg("u").suggest("b")).responders());
            assertEquals(0, f.facts(io.conclave.model.conversation.TurnRequest.class).size());
            assertEquals(0, f.facts(io.conclave.model.conversation.TurnField.class).size());
            assertEquals(1, f.member("a").getTurns());
            assertEquals(1, f.member("b").getTurns());
        }
    }

    /**
     * A policy that grants a turn to a message it never weighs has it recorded all the same: the member takes the turn
     * and the message leaves working memory. Here the shipped rules without the weighing (so no strategy decides) and
     * with a file that gives b every message u sends.
     */
    @Test
    void aTurnGrantedToAMessageNeverWeighedIsRecordedToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path rules = dir.resolve("rules");
        for (String chapter : List.of("common", "conversations", "memory")) {
            java.nio.file.Files.createDirectories(rules.resolve(chapter));
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of("rules", chapter))) {
                for (java.nio.file.Path p : files.toList()) {
                    String text = java.nio.file.Files.readString(p);
                    if (p.getFileName().toString().equals("turns.drl")) { // the weighing taken out
                        int at = text.indexOf("rule \"Weigh the members for a message\"");
                        text = text.substring(0, at) + text.substring(text.indexOf("\nend\n", at) + 5);
                    }
                    java.nio.file.Files.writeString(rules.resolve(chapter).resolve(p.getFileName()), text);
                }
            }
        }
        java.nio.file.Files.writeString(rules.resolve("conversations/first_to_b.drl"), """
                package conclave.conversations;
                import io.conclave.model.conversation.*;
                import java.util.List;
                rule "b answers u at once"
                    salience 60
                when
                    $r : TurnRequest( decided == false, sender == "u" )
                    $c : Conversation()
                    $b : Member( agentId == "b" )
                then
                    insert(TurnDecision.granted($c, $r, List.of($b), "test", "b answers u", null));
                end
                """);
        io.conclave.engine.policy.Policy policy = io.conclave.engine.RulesFixture.compile(rules);
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10), policy)
                .with("u", user()).with("a", expert(1)).with("b", expert(1))) {
            var first = f.say("u");
            assertEquals(List.of("b"), first.responders());
            assertEquals("b answers u at once", first.rule());
            assertEquals(1, f.member("b").getTurns());
            assertEquals(0, f.facts(io.conclave.model.conversation.TurnRequest.class).size());
            assertEquals(List.of("b"), f.say("u").responders());
            assertEquals(2, f.member("b").getTurns());
            assertEquals(0, f.facts(io.conclave.model.conversation.TurnField.class).size(), "nothing was weighed");
        }
    }
}
