package io.conclave.engine.rules;

import static io.conclave.engine.rules.ConversationFixture.expert;
import static io.conclave.engine.rules.ConversationFixture.policy;
import static io.conclave.engine.rules.ConversationFixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.conclave.model.Refusal;
import io.conclave.model.conversation.ContextEntry;
import io.conclave.model.conversation.TurnStrategy;

/** Tier 1 for rules/conversations/conversations.drl: membership, the shared context's compare-and-set, and an agent's own state. */
public class ConversationContextRulesTest {

    @Test
    void contextWritesAreCompareAndSetOnTheKeysVersion() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 10))
                .with("a", expert(1)).with("b", expert(1))) {
            assertNull(f.write("a", "plan", TextNode.valueOf("v1"), 0));            // creates version 1
            assertNull(f.write("b", "plan", TextNode.valueOf("v2"), 1));            // b read version 1: now 2
            Refusal stale = f.write("a", "plan", TextNode.valueOf("mine"), 1);      // a still thinks it is 1
            assertEquals("stale_version", stale.getCode());
            assertEquals(Refusal.Kind.CONFLICT, stale.getKind());
            ContextEntry plan = f.session.context().get(0);
            assertEquals("v2", plan.getValue().asText());
            assertEquals(2, plan.getVersion());
            assertEquals("b", plan.getUpdatedBy());
            assertEquals("stale_version", f.write("a", "other", TextNode.valueOf("x"), 3).getCode()); // a new key is at 0
            assertEquals("stale_version", f.write("a", "plan", TextNode.valueOf("x"), 0).getCode());  // exists already
            assertEquals(2, f.session.conversation().getContextVersion());        // two writes went through
        }
    }

    @Test
    void onlyMembersWriteTheContext() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.DYNAMIC, 10))
                .with("a", expert(1))) {
            Refusal r = f.write("zed", "plan", TextNode.valueOf("x"), 0);
            assertEquals("not_a_member", r.getCode());
            assertEquals(List.of(), f.session.context());
        }
    }

    @Test
    void joiningTwiceIsRefusedAndAnAgentThatLeftKeepsItsTurnsWhenItComesBack() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 2))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1))) {
            assertEquals("already_member", f.join("a", expert(5)).getCode());
            assertEquals(List.of("b"), f.say("a").responders());
            assertNull(f.leave("b"));
            assertEquals("not_a_member", f.leave("b").getCode());
            assertNull(f.join("b", user()));
            assertEquals(1, f.member("b").getTurns());
            assertEquals(3, f.member("b").getJoinOrder());          // at the end of the join order now
            assertEquals("user", f.member("b").getRoleName());
        }
    }
}
