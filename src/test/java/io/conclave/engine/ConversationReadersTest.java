package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.conversation.ConversationView;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.model.CommandException;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.TurnDecision;

/**
 * Readers of a conversation share it: one reader does not wait for another, a message waits for the readers in
 * it, and readers reading while messages arrive see whole messages only. "Whole" is checked with what one message
 * changes together: the message count, the newest message in the window and the decision about it (every message
 * taken is decided in its own command, so the newest decision names the newest message: checked first without
 * readers).
 */
public class ConversationReadersTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);
    private static final String[] AGENTS = {"ann", "bob", "cid", "dee"};

    private static ConversationRuntime conversation(ConversationRegistry registry) {
        ConversationRuntime c = registry.create(ConversationStoreTest.spec("""
                { "conversation_id": "busy",
                  "policy": { "turn_strategy": "single_agent", "allowed_roles": ["expert"],
                              "max_total_turns": 1000000, "max_turns_per_agent": 1000000 } }"""), "operator");
        for (int i = 0; i < AGENTS.length; i++) {
            c.join(AGENTS[i], ConversationStoreTest.expert(i));
        }
        return c;
    }

    /** True when the message was taken; a refusal changes nothing, and the readers' checks hold either way. */
    private static boolean post(ConversationRuntime c, String sender, int n) {
        try {
            c.post(ConversationStoreTest.message("""
                    { "sender": "%s", "content": "message %d", "topics": ["db"] }""".formatted(sender, n)));
            return true;
        } catch (CommandException refused) {
            return false;
        }
    }

    /** The message count, the newest message's seq and the seq of the message the newest decision names. */
    private static long[] whatOneMessageChanges(ConversationView v) {
        long count = v.messageCount();
        List<ConversationMessage> newest = count == 0 ? List.of() : v.messagesAfter(count - 1, 1);
        long decided = v.ledger().stream().map(TurnDecision::getMessageSeq).filter(s -> s != null)
                .mapToLong(Long::longValue).max().orElse(0);
        return new long[] {count, newest.isEmpty() ? 0 : newest.get(0).seq(), decided};
    }

    @Test
    void readersShareAConversationAndSeeOnlyWholeMessages(@TempDir Path data) throws Exception {
        QuietLogging.likeTheService();
        try (ConversationRegistry registry = new ConversationRegistry(data,
                new JournaledRuntime.Setting(MeetingStoreTest.shipped(), 100_000, FIXED, e -> { }))) {
            ConversationRuntime c = conversation(registry);
            // without readers: each message leaves the three equal
            long taken = 0;
            for (int i = 0; i < 8; i++) {
                taken += post(c, AGENTS[i % AGENTS.length], i) ? 1 : 0;
                long[] seen = c.read(ConversationReadersTest::whatOneMessageChanges);
                assertEquals(seen[0], seen[1], "count against the newest message");
                assertEquals(seen[0], seen[2], "count against the newest decision's message");
            }
            assertTrue(taken > 0, "some messages were taken");
            long before = taken;
            assertEquals(before, c.read(ConversationView::messageCount));

            ExecutorService pool = Executors.newFixedThreadPool(AGENTS.length + 4);
            try {
                long afterOne = before + (SharedReads.readersShareAndACommandWaits(c::read,
                        ConversationView::messageCount, before, () -> post(c, "ann", 100)) ? 1 : 0);
                assertEquals(afterOne, c.read(ConversationView::messageCount));

                // four senders and four readers at once
                CountDownLatch go = new CountDownLatch(1);
                AtomicBoolean talking = new AtomicBoolean(true);
                List<Future<Integer>> senders = new ArrayList<>();
                for (String agent : AGENTS) {
                    senders.add(pool.submit(() -> {
                        go.await();
                        int sent = 0;
                        for (int i = 0; i < 50; i++) {
                            sent += post(c, agent, i) ? 1 : 0;
                        }
                        return sent;
                    }));
                }
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    readers.add(pool.submit(() -> {
                        go.await();
                        int reads = 0;
                        do {
                            long[] seen = c.read(ConversationReadersTest::whatOneMessageChanges);
                            assertEquals(seen[0], seen[1], "count against the newest message");
                            assertEquals(seen[0], seen[2], "count against the newest decision's message");
                            reads++;
                        } while (talking.get());
                        return reads;
                    }));
                }
                go.countDown();
                long sent = 0;
                for (Future<Integer> f : senders) {
                    sent += f.get(60, TimeUnit.SECONDS);
                }
                talking.set(false);
                for (Future<Integer> f : readers) {
                    assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
                }
                assertTrue(sent > 0, "some of the 200 messages were taken");
                assertEquals(afterOne + sent, c.read(ConversationView::messageCount));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
