package io.conclave.engine.rules;

import io.conclave.model.command.SendMessage;
import static io.conclave.engine.rules.ConversationFixture.expert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.TextNode;

import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnOutcome;
import io.conclave.model.conversation.TurnStrategy;

/**
 * Tier 3: a scripted dynamic conversation of four agents over 30 messages, through the journaled
 * runtime, whose every responder was derived by hand from the shipped rules (the derivation is next
 * to each line), then replayed from the journal into the same state.
 *
 * <p>Roster, in join order: alice (priority 3; plan, budget), bob (2; code, db), carol (2; code, test),
 * dave (1; ops, db), all "expert". Policy: dynamic, 9 turns per agent, loop_limit 2. Dynamic ranks the
 * candidates (members of an allowed role other than the sender, under their limit) by capabilities
 * among the topics, then priority, then the longest since their last turn, then join order.
 */
public class ConversationScriptTest {

    /** One line of the script: who says what, what the rules answer, and the rejected suggestion's code if any. */
    record Line(String sender, List<String> topics, String content, String suggest, String handoff, boolean last,
                List<String> expected, String rejected, String via) {
    }

    private static Line say(String sender, List<String> topics, String expected, String via) {
        return new Line(sender, topics, "", null, null, false, expected == null ? List.of() : List.of(expected), null, via);
    }

    private static Line suggest(String sender, String suggested, String expected, String rejected, String via) {
        return new Line(sender, List.of(), "", suggested, null, false, List.of(expected), rejected, via);
    }

    private static final List<Line> SCRIPT = List.of(
            /* 1 */ say("alice", List.of("plan"), "bob", "strategy"),    // nobody else has plan: bob, carol at priority 2, bob joined first
            /* 2 */ say("bob", List.of("code"), "carol", "strategy"),    // carol has code
            /* 3 */ say("carol", List.of("code", "db"), "bob", "strategy"), // bob matches 2, dave 1
            /* 4 */ say("bob", List.of("ops"), "dave", "strategy"),
            /* 5 */ say("dave", List.of("budget"), "alice", "strategy"),
            /* 6 */ say("alice", List.of("test", "code"), "carol", "strategy"), // carol 2, bob 1
            /* 7 */ suggest("carol", "dave", "dave", null, "suggestion"),   // handoff 1 between carol and dave
            /* 8 */ suggest("dave", "carol", "carol", null, "suggestion"),  // 2 = loop_limit
            /* 9 */ suggest("carol", "dave", "alice", "loop_guard", "loop_guard"), // third agent: alice, the most senior
            // before 10, alice writes context key "db" (version 1)
            /* 10 */ new Line("alice", List.of(), "What about the db migration?", null, null, false, List.of("bob"), null,
                    "strategy"),                                             // "db" named: bob and dave match, bob ranks higher
            /* 11 */ suggest("bob", "dave", "dave", null, "suggestion"),   // handoff 1 between bob and dave
            /* 12 */ suggest("dave", "bob", "bob", null, "suggestion"),    // 2
            // before 13, bob writes "db" (version 2): the back-and-forth made progress
            /* 13 */ suggest("bob", "dave", "dave", null, "suggestion"),   // not guarded; counts from 1 again
            /* 14 */ say("dave", List.of("test"), "carol", "strategy"),
            /* 15 */ suggest("carol", "erin", "alice", "unknown_agent", "strategy"), // no topics: the most senior
            /* 16 */ new Line("alice", List.of("db", "code"), "", "alice", null, false, List.of("bob"), "self_suggestion",
                    "strategy"),                                             // bob matches 2
            /* 17 */ new Line("bob", List.of(), "", null, "carol", false, List.of("carol"), null, "handoff"), // bob holds the turn
            /* 18 */ new Line("dave", List.of(), "", null, "alice", false, List.of("alice"), "not_turn_holder", "strategy"),
            /* 19 */ say("alice", List.of("db"), "bob", "strategy"),       // bob and dave match, bob priority 2
            /* 20 */ say("bob", List.of("db"), "dave", "strategy"),
            /* 21 */ say("dave", List.of("db"), "bob", "strategy"),
            /* 22 */ say("bob", List.of("code"), "carol", "strategy"),
            /* 23 */ say("carol", List.of("code"), "bob", "strategy"),
            /* 24 */ say("bob", List.of("code"), "carol", "strategy"),
            /* 25 */ say("carol", List.of("code"), "bob", "strategy"),     // bob's 9th turn: its limit
            /* 26 */ say("bob", List.of("code", "db"), "carol", "strategy"), // carol and dave match 1: carol priority 2
            /* 27 */ say("carol", List.of("code", "db"), "dave", "strategy"), // bob is at its limit
            /* 28 */ suggest("dave", "bob", "alice", "turn_limit_reached", "strategy"),
            /* 29 */ say("alice", List.of("test"), "carol", "strategy"),   // carol's 9th turn
            /* 30 */ new Line("carol", List.of(), "that is all", null, null, true, List.of(), null, null));

    @Test
    void fourAgentsThirtyMessagesAnswerAsDerivedByHandAndReplayTheSame(@TempDir Path tmp) throws IOException {
        Policy shipped = RulesFixture.policy();
        PolicySource source = new PolicySource() {
            @Override
            public Policy active() { return shipped; }

            @Override
            public Policy byVersion(String version) { return shipped; }
        };
        ConversationPolicy policy = new ConversationPolicy(TurnStrategy.DYNAMIC, 9, List.of("expert"), null, null, null,
                null, 2, null);
        List<List<String>> responders = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> via = new ArrayList<>();
        String snapshot;
        try (ConversationRegistry registry = new ConversationRegistry(tmp, source, 10_000, Clock.systemUTC(), e -> { })) {
            ConversationRuntime c = registry.create(new ConversationSpec("script", null, policy), "operator");
            c.join("alice", expert(3, "plan", "budget"));
            c.join("bob", expert(2, "code", "db"));
            c.join("carol", expert(2, "code", "test"));
            c.join("dave", expert(1, "ops", "db"));
            for (int i = 0; i < SCRIPT.size(); i++) {
                if (i == 9) {
                    c.writeContext("alice", "db", TextNode.valueOf("postgres"), 0);
                } else if (i == 12) {
                    c.writeContext("bob", "db", TextNode.valueOf("postgres 16"), 1);
                }
                Line l = SCRIPT.get(i);
                TurnOutcome o = c.post(SendMessage.of(new ConversationMessage(0, null, l.sender(), l.content(), l.topics(), l.suggest(),
                        l.handoff(), null, l.last(), null)));
                responders.add(o.responders());
                rejected.add(o.rejectedSuggestion() == null ? null : o.rejectedSuggestion().code());
                via.add(o.reason() == null ? null : o.reason().via());
                if (l.last()) {
                    assertEquals("final", o.terminationReason());
                }
            }
            snapshot = Json.MAPPER.writeValueAsString(c.read(v -> v.snapshot()));
            assertEquals(List.of(5, 9, 9, 6), c.read(v -> v.snapshot().agents().stream().map(a -> a.turns()).toList()));
        }
        assertEquals(SCRIPT.stream().map(Line::expected).toList(), responders);
        assertEquals(SCRIPT.stream().map(Line::rejected).toList(), rejected);
        assertEquals(SCRIPT.stream().map(Line::via).toList(), via);
        try (ConversationRegistry again = new ConversationRegistry(tmp, source, 10_000, Clock.systemUTC(), e -> { })) {
            again.recoverAll();
            assertEquals(snapshot, Json.MAPPER.writeValueAsString(again.get("script").read(v -> v.snapshot())));
        }
    }
}
