package io.conclave.engine.rules;

import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.ConversationCommand;
import io.conclave.journal.CommandCodec;
import io.conclave.model.command.SendMessage;
import static io.conclave.engine.rules.ConversationFixture.expert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.model.CommandException;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.RulesFixture;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.FileJournal;
import io.conclave.model.Json;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnStrategy;

/**
 * A conversation follows a policy edited while it runs (journaled as a switch, its turns and rotation
 * kept) and replays the same after a restart; a conversation rule that loops is cut off, the message
 * refused and nothing of it kept.
 */
public class ConversationPolicySwitchTest {

    private static SendMessage says(String sender) {
        return new SendMessage(sender, "", List.of(), null, null, null, false);
    }

    private static PolicySource switchable(AtomicReference<Policy> active, Policy... known) {
        return new PolicySource() {
            @Override
            public Policy active() { return active.get(); }

            @Override
            public Policy byVersion(String version) {
                for (Policy p : known) {
                    if (p.version().equals(version)) {
                        return p;
                    }
                }
                throw new IllegalArgumentException(version);
            }
        };
    }

    @Test
    void aRunningConversationMovesToAReversedRotationAndReplaysTheSame(@TempDir Path tmp) throws IOException {
        Policy shipped = RulesFixture.policy();
        Path edited = PolicyCopies.copyShippedRules(Files.createDirectories(tmp.resolve("rules")));
        PolicyCopies.edit(edited, "conversations/turn_order.drl", "Math.floorMod(m.getJoinOrder() - c.getRotationOrder() - 1,",
                "Math.floorMod(c.getRotationOrder() - m.getJoinOrder() - 1,");
        Policy reversed = PolicyCopies.compile(edited);
        AtomicReference<Policy> active = new AtomicReference<>(shipped);
        PolicySource source = switchable(active, shipped, reversed);
        Path data = tmp.resolve("data");
        String before;
        try (ConversationRegistry registry = new ConversationRegistry(data, source, 10_000, Clock.systemUTC(), e -> { })) {
            ConversationRuntime c = registry.create(new ConversationSpec("c", null, ConversationFixture.policy(
                    TurnStrategy.ROUND_ROBIN, 10)), "operator");
            for (String a : List.of("a", "b", "c", "d")) {
                c.join(a, expert(1));
            }
            assertEquals(List.of("b"), c.post(says("a")).responders());
            assertEquals(List.of("c"), c.post(says("b")).responders());
            active.set(reversed);
            // join order a0 b1 c2 d3, the turn is at c: the reversed rotation goes back to b (c sent it)
            assertEquals(List.of("b"), c.post(says("c")).responders());
            assertEquals(List.of("a"), c.post(says("b")).responders());
            before = Json.MAPPER.writeValueAsString(c.read(v -> v.snapshot()));
        }
        List<JournalEntry<ConversationCommand>> journal = new FileJournal<>(data.resolve("conversations").resolve("c"),
                CommandCodec.CONVERSATION).read().entries();
        assertEquals(1, journal.stream().filter(e -> e.type().equals(SwitchPolicy.TYPE)).count());
        try (ConversationRegistry registry = new ConversationRegistry(data, source, 10_000, Clock.systemUTC(), e -> { })) {
            registry.recoverAll();
            assertEquals(before, Json.MAPPER.writeValueAsString(registry.get("c").read(v -> v.snapshot())));
        }
    }

    @Test
    void aLoopingConversationRuleIsCutOffAndTheMessageLeavesNothing(@TempDir Path tmp) throws IOException {
        Path rules = PolicyCopies.copyShippedRules(Files.createDirectories(tmp.resolve("rules")));
        PolicyCopies.add(rules, "conversations/chatter.drl", """
                package conclave.conversations;
                import io.conclave.model.conversation.*;
                rule "Every message makes the conversation count its rounds, forever"
                when
                    TurnRequest()
                    $c : Conversation()
                then
                    $c.openRound();
                    update($c);
                end
                """);
        Policy looping = PolicyCopies.compile(rules);
        PolicySource source = switchable(new AtomicReference<>(looping), looping);
        try (ConversationRegistry registry = new ConversationRegistry(tmp.resolve("data"), source, 1_000,
                Clock.systemUTC(), e -> { })) {
            ConversationRuntime c = registry.create(new ConversationSpec("c", null, ConversationFixture.policy(
                    TurnStrategy.ROUND_ROBIN, 10)), "operator");
            c.join("a", expert(1));
            c.join("b", expert(1));
            CommandException e = assertThrows(CommandException.class, () -> c.post(says("a")));
            assertEquals("rule_loop", e.code());
            assertEquals(CommandException.Kind.POLICY, e.kind());
            assertEquals(0L, (long) c.read(v -> v.messageCount()));
            assertEquals(0, (int) c.read(v -> v.conversation().getRounds()));
            c.join("c", expert(1)); // the conversation still takes commands
            assertEquals(3, (int) c.read(v -> v.snapshot().agents().size()));
        }
    }

    @Test
    void aSuggestionTheEditedEligibilityFormulaPassesOverIsNotTaken(@TempDir Path tmp) throws IOException {
        // the edit: members with a negative priority are observers, never candidates
        Path rules = PolicyCopies.copyShippedRules(Files.createDirectories(tmp.resolve("rules")));
        PolicyCopies.edit(rules, "conversations/turn_order.drl", "        } else if (m.getTurns() >= c.getMaxTurnsPerAgent()) {",
                "        } else if (m.getPriority() < 0) {\n"
                        + "            passed.put(m.getAgentId(), \"observes only\");\n"
                        + "        } else if (m.getTurns() >= c.getMaxTurnsPerAgent()) {");
        Policy observers = PolicyCopies.compile(rules);
        PolicySource source = switchable(new AtomicReference<>(observers), observers);
        try (ConversationRegistry registry = new ConversationRegistry(tmp.resolve("data"), source, 10_000,
                Clock.systemUTC(), e -> { })) {
            ConversationRuntime c = registry.create(new ConversationSpec("c", null, ConversationFixture.policy(
                    TurnStrategy.DYNAMIC, 10)), "operator");
            c.join("a", expert(1));
            c.join("b", expert(2));
            c.join("watcher", expert(-1));
            var o = c.post(new SendMessage("a", "", List.of(), "watcher", null, null, false));
            // none of the earlier checks objects (a member of an allowed role under its limit): the last one does
            assertEquals("not_eligible", o.rejectedSuggestion().code());
            assertEquals("watcher may not answer: observes only", o.rejectedSuggestion().reason());
            assertEquals(List.of("b"), o.responders());
        }
    }
}
