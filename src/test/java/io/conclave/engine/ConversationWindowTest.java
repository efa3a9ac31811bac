package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.conversation.ConversationView;
import io.conclave.engine.owner.JournaledRuntime;

/**
 * A conversation keeps its newest few messages and decisions in memory, the whole history beside its journal, and its
 * snapshot shows a window of the newest messages (read back from the history beyond those memory keeps).
 * The rules read no history (only the message being decided, the members, rounds and shared context), so the window
 * must change no decision: the same long conversation, posted with a window of 7 messages and with one larger than
 * the conversation, gives the same journal byte for byte and the same messages and decisions page by page. The
 * window shows in the snapshot (7 messages, the counts of the whole), a restart after a crash that lost the history's
 * tail writes it again, and a conversation put to sleep and woken reads the same.
 */
public class ConversationWindowTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);
    private static final int MESSAGES = 600;
    private static final String[] AGENTS = {"ann", "bob", "cid", "dee", "eve"};
    private static final String[] TOPICS = {"db", "ui", "ops"};

    private static ConversationRegistry registry(Path data, int window) {
        ConversationRegistry r = new ConversationRegistry(data, new JournaledRuntime.Setting(MeetingStoreTest.shipped(),
                100_000, FIXED, e -> { }));
        r.historyWindow(window);
        return r;
    }

    /**
     * Five experts, each with a topic or none, under {@code strategy}; messages from random senders (a fixed seed),
     * some naming a next speaker or handing off, some with a stance: refused posts (not the sender's turn under
     * some strategies) are part of the workload and journal nothing.
     */
    private static void talk(ConversationRegistry registry, String strategy) {
        ConversationRuntime c = registry.create(ConversationStoreTest.spec("""
                { "conversation_id": "long",
                  "policy": { "turn_strategy": "%s", "allowed_roles": ["expert"], "max_total_turns": 1000000, "max_turns_per_agent": 1000000 %s } }"""
                .formatted(strategy, strategy.equals("collaborative") ? ", \"collaborative_limit\": 2" : "")),
                "operator");
        for (int i = 0; i < AGENTS.length; i++) {
            c.join(AGENTS[i], i % 2 == 0 ? ConversationStoreTest.expert(i, TOPICS[i % 3])
                    : ConversationStoreTest.expert(i));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < MESSAGES; i++) {
            String sender = AGENTS[random.nextInt(AGENTS.length)];
            String other = AGENTS[random.nextInt(AGENTS.length)];
            int shape = random.nextInt(6);
            String extra = switch (shape) {
                case 0 -> other.equals(sender) ? "" : ", \"suggested_next\": \"" + other + "\"";
                case 1 -> other.equals(sender) ? "" : ", \"handoff_to\": \"" + other + "\"";
                case 2 -> ", \"stance\": { \"claim\": \"c" + random.nextInt(3) + "\", \"position\": \""
                        + (random.nextBoolean() ? "support" : "oppose") + "\" }";
                default -> "";
            };
            try {
                c.post(ConversationStoreTest.message("""
                        { "sender": "%s", "content": "message %d", "topics": ["%s"] %s }"""
                        .formatted(sender, i, TOPICS[random.nextInt(3)], extra)));
            } catch (CommandException refused) {
                // a refusal decides nothing and journals nothing, with or without the window
            }
        }
    }

    /** Every message, page by page (a page size that does not divide the counts). */
    private static List<ConversationMessage> allMessages(ConversationRuntime c) {
        List<ConversationMessage> out = new ArrayList<>();
        for (long after = 0; ; ) {
            long from = after;
            List<ConversationMessage> page = c.read(v -> v.messagesAfter(from, 37));
            if (page.isEmpty()) {
                return out;
            }
            assertEquals(after + 1, page.get(0).seq(), "pages follow each other");
            out.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
    }

    private static List<JsonNode> allDecisions(ConversationRuntime c) {
        List<JsonNode> out = new ArrayList<>();
        for (long after = 0; ; ) {
            long from = after;
            List<JsonNode> page = c.read(v -> v.decisionsAfter(from, 53));
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            after = page.get(page.size() - 1).get("seq").asLong();
        }
    }

    /** As the API writes it (a number read back from the file and one taken from memory are the same text). */
    private static String text(Object value) throws IOException {
        return Json.MAPPER.writeValueAsString(value);
    }

    private static String journal(Path data) throws IOException {
        return Files.readString(data.resolve("conversations/long/journal.jsonl"));
    }

    private static void sameWithAndWithoutTheWindow(String strategy, Path whole, Path windowed) throws IOException {
        List<ConversationMessage> messages;
        List<JsonNode> decisions;
        List<ConversationSnapshot.Turn> turns;
        try (ConversationRegistry r = registry(whole, 1_000_000)) {
            talk(r, strategy);
            messages = allMessages(r.get("long"));
            decisions = allDecisions(r.get("long"));
            turns = r.get("long").read(ConversationView::snapshot).turns(); // every turn: the window holds everything
        }
        // 7 messages shown: their decisions are among those memory keeps; 100: more decisions than memory keeps
        for (int window : new int[] {7, 100}) {
            Path data = windowed.resolve("window-" + window);
            long shownFrom = messages.size() - window + 1;
            try (ConversationRegistry r = registry(data, window)) {
                talk(r, strategy);
                ConversationRuntime c = r.get("long");
                // memory holds between one and two windows of messages, and a page of decisions whatever the window
                assertTrue(c.read(v -> v.ledger().size()) < 2 * io.conclave.engine.conversation.RecentHistory.DECISIONS_KEPT, "decisions in memory");
                ConversationSnapshot s = c.read(ConversationView::snapshot);
                assertEquals(window, s.history().size());
                assertEquals(messages.size(), s.messageCount());
                assertEquals(decisions.size(), s.decisionCount());
                assertEquals(messages.subList(messages.size() - window, messages.size()), s.history());
                // the turns shown are those of the messages shown, numbered as in the whole conversation
                List<ConversationSnapshot.Turn> shownTurns = turns.stream().filter(t -> t.messageSeq() >= shownFrom)
                        .toList();
                assertFalse(shownTurns.isEmpty(), "turns shown");
                assertEquals(shownTurns, s.turns());
                // and the decisions about them (what the dashboard shows), from memory and the history on disk
                List<JsonNode> shownDecisions = decisions.stream().filter(d -> d.path("message_seq").asLong(0) >= shownFrom)
                        .toList();
                assertEquals(text(shownDecisions), text(c.read(ConversationView::decisionsOfShownMessages)));
                if (window == 100) {
                    assertTrue(shownDecisions.size() > c.read(v -> v.ledger().size()), "read back from the history");
                    // memory holds fewer messages than the snapshot shows: the rest of the window came from disk
                    int inMemory = c.read(ConversationView::messagesInMemory);
                    assertTrue(inMemory < 2 * io.conclave.engine.conversation.RecentHistory.MESSAGES_KEPT
                            && inMemory < window, "messages in memory: " + inMemory);
                }
                // whether an agent posted after a message: one memory holds, one of the window it does not, one older
                for (long seq : new long[] {messages.size() - 3, messages.size() - window / 2, 10}) {
                    for (String agent : AGENTS) {
                        boolean expected = messages.stream().anyMatch(m -> m.seq() > seq && m.sender().equals(agent));
                        assertEquals(expected, c.read(v -> v.postedAfter(seq, agent)), agent + " after " + seq);
                    }
                }
                assertEquals(Json.MAPPER.writeValueAsString(messages), Json.MAPPER.writeValueAsString(allMessages(c)));
                assertEquals(text(decisions), text(allDecisions(c)));
                // an old message read by its number (as an inbox item reads the message it answers)
                assertEquals(messages.get(4), c.read(v -> v.message(5)));
            }
            assertEquals(journal(whole), journal(data));
        }
        // the work was real: most posts were taken, and each made decisions
        assertTrue(messages.size() > MESSAGES / 3, strategy + ": messages " + messages.size());
        assertTrue(decisions.size() > messages.size(), strategy + ": decisions " + decisions.size());
    }

    @Test
    void roundRobinDecidesTheSameWithAWindowOfSevenAsWithTheWholeHistory(@TempDir Path whole, @TempDir Path windowed)
            throws IOException {
        sameWithAndWithoutTheWindow("round_robin", whole, windowed);
    }

    @Test
    void dynamicDecidesTheSameWithAWindowOfSevenAsWithTheWholeHistory(@TempDir Path whole, @TempDir Path windowed)
            throws IOException {
        sameWithAndWithoutTheWindow("dynamic", whole, windowed);
    }

    @Test
    void collaborativeDecidesTheSameWithAWindowOfSevenAsWithTheWholeHistory(@TempDir Path whole,
                                                                           @TempDir Path windowed) throws IOException {
        sameWithAndWithoutTheWindow("collaborative", whole, windowed);
    }

    /**
     * A vote the rules opened long ago is still known once its decision left memory (what a start reads to open the
     * votes a crash left unopened). Collaborative among experts b, c, d (priorities 1-3, all on "db"), consensus by
     * majority: u's message on db opens a round answered by d, c, b; d supports use-postgres and b opposes it, a
     * contradiction, so a vote opens. Then u asks again and again, each time a round and its turns: far more decisions
     * than memory keeps.
     */
    @Test
    void aVoteOpenedLongAgoIsKnownAfterItsDecisionLeftMemory(@TempDir Path data) throws IOException {
        try (ConversationRegistry r = registry(data, 7)) {
            ConversationRuntime c = r.create(ConversationStoreTest.spec("""
                    { "conversation_id": "long", "policy": { "turn_strategy": "collaborative", "allowed_roles": ["expert"],
                      "collaborative_limit": 3, "consensus": "majority", "max_total_turns": 1000000,
                      "max_turns_per_agent": 1000000 } }"""), "operator");
            c.join("u", new io.conclave.model.conversation.AgentRole("user", null, List.of(), 0));
            c.join("b", ConversationStoreTest.expert(1, "db"));
            c.join("c", ConversationStoreTest.expert(2, "db"));
            c.join("d", ConversationStoreTest.expert(3, "db"));
            c.post(ConversationStoreTest.message("{ \"sender\": \"u\", \"content\": \"which db?\", \"topics\": [\"db\"] }"));
            c.post(ConversationStoreTest.message("""
                    { "sender": "d", "content": "postgres", "stance": { "claim": "use-postgres", "position": "support" } }"""));
            c.post(ConversationStoreTest.message("""
                    { "sender": "b", "content": "not postgres", "stance": { "claim": "use-postgres", "position": "oppose" } }"""));
            assertEquals(1, c.read(v -> v.votesOpened()).size(), "the vote opened");
            for (int i = 0; i < 40; i++) {
                for (String sender : List.of("u", "d", "c", "b")) {
                    c.post(ConversationStoreTest.message("{ \"sender\": \"" + sender + "\", \"content\": \"again " + i
                            + "\", \"topics\": [\"db\"] }"));
                }
            }
            assertTrue(c.read(v -> v.decisionCount()) > 2 * io.conclave.engine.conversation.RecentHistory.DECISIONS_KEPT);
            assertTrue(c.read(v -> v.ledger()).stream()
                    .noneMatch(d -> d.getKind() == io.conclave.model.conversation.TurnDecisionKind.CONSENSUS_VOTE_OPENED),
                    "the decision left memory");
            List<io.conclave.model.conversation.TurnDecision> votes = c.read(ConversationView::votesOpened);
            assertEquals(1, votes.size());
            assertEquals("use-postgres", votes.get(0).getDetails().get("claim"));
        }
        try (ConversationRegistry r = registry(data, 7)) {
            r.recoverAll();
            assertEquals(List.of("use-postgres"), r.get("long").read(ConversationView::votesOpened).stream()
                    .map(d -> d.getDetails().get("claim")).toList(), "a start reads it again");
        }
    }

    @Test
    void aRestartWritesWhatACrashLostOfTheHistoryAndASleepingConversationReadsTheSame(@TempDir Path data)
            throws IOException {
        List<ConversationMessage> messages;
        List<JsonNode> decisions;
        try (ConversationRegistry r = registry(data, 7)) {
            talk(r, "round_robin");
            messages = allMessages(r.get("long"));
            decisions = allDecisions(r.get("long"));
        }
        // a crash lost the history's tail: the last 100 lines of each file, and half a line
        for (String name : List.of("messages.jsonl", "decisions.jsonl")) {
            Path f = data.resolve("conversations/long").resolve(name);
            List<String> lines = Files.readAllLines(f);
            assertEquals(name.startsWith("m") ? messages.size() : decisions.size(), lines.size(), name);
            String kept = String.join("\n", lines.subList(0, lines.size() - 100)) + "\n"
                    + lines.get(lines.size() - 100).substring(0, 20);
            Files.writeString(f, kept);
        }
        try (ConversationRegistry r = registry(data, 7)) {
            r.recoverAll();
            ConversationRuntime c = r.get("long");
            assertEquals(Json.MAPPER.writeValueAsString(messages), Json.MAPPER.writeValueAsString(allMessages(c)));
            assertEquals(text(decisions), text(allDecisions(c)));
            assertTrue(c.sleep());
            assertTrue(c.asleep());
            assertEquals(messages.size(), c.summary().summary().messages(), "the list reads what it kept");
            assertTrue(c.asleep());
            assertEquals(text(decisions), text(allDecisions(c)));
            assertEquals(messages.size(), Files.readAllLines(data.resolve("conversations/long/messages.jsonl")).size(),
                    "nothing written twice");
        }
    }
}
