package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.inbox.InboxItem;

/**
 * The inboxes across restarts (a new store on the same folder is a restart): an acknowledged item is never
 * delivered again, an open one is under the same id, an item published again (the same id) is not added twice,
 * and the order items arrived in goes on from the highest position ever given, even when every item was
 * acknowledged and the files hold none, so a stream that resumes after the last item it received misses nothing.
 * A folder written by an earlier version (numbered items) reads as items named by their numbers.
 */
class InboxStoreTest {
    private static InboxItem item(String agent, String task) {
        return InboxItem.of(agent, "assignment", Instant.parse("2026-01-05T09:00:00Z"), "p", task, null, null,
                "task " + task + " assigned to you", null, List.of(), new InboxItem.Source("TASK_ASSIGNED", 1))
                .named("project~p~1~0~" + agent + "~" + task);
    }

    private static List<String> open(InboxStore store, String agent, String after) {
        return store.open(agent, after).stream().map(i -> i.taskId()).toList();
    }

    @Test
    void acknowledgedItemsStayGoneAndTheOrderGoesOnAcrossRestarts(@TempDir Path dir) throws IOException {
        InboxStore first = new InboxStore(dir);
        first.add(item("ann", "t1"));
        first.add(item("ann", "t2"));
        first.add(item("bob", "t3"));
        assertNull(first.add(item("ann", "t2")), "the same item again is not added");
        String t1 = item("ann", "t1").itemId();
        String t2 = item("ann", "t2").itemId();
        String t3 = item("bob", "t3").itemId();
        assertEquals(InboxStore.Acked.ACKED, first.ack("ann", t1));
        assertEquals(InboxStore.Acked.NOT_YOURS, first.ack("bob", t2));
        assertEquals(InboxStore.Acked.ALREADY, first.ack("ann", t1));
        assertEquals(InboxStore.Acked.NOT_FOUND, first.ack("ann", "project~p~9~0~ann"));

        // restart: ann's acknowledged t1 is not delivered again, her t2 and bob's t3 are, under the same ids
        InboxStore second = new InboxStore(dir);
        assertEquals(List.of(t2), second.open("ann", null).stream().map(InboxItem::itemId).toList());
        assertEquals(List.of("t3"), open(second, "bob", null));
        assertEquals(InboxStore.Acked.ACKED, second.ack("ann", t2));
        assertEquals(InboxStore.Acked.ACKED, second.ack("bob", t3));

        // two restarts with nothing open in between: the files hold no item, yet positions go on after 3
        new InboxStore(dir);
        InboxStore fourth = new InboxStore(dir);
        assertEquals(List.of(), open(fourth, "ann", null));
        fourth.add(item("ann", "t4"));
        fourth.add(item("ann", "t5"));
        assertEquals(4, fourth.position(item("ann", "t4").itemId()));
        // a stream of ann's that received t4 resumes after it and gets t5; one after an item not known here gets all
        assertEquals(List.of("t5"), open(fourth, "ann", item("ann", "t4").itemId()));
        assertEquals(List.of("t4", "t5"), open(fourth, "ann", t1));
    }

    @Test
    void aFolderOfNumberedItemsReadsAsItemsNamedByTheirNumbers(@TempDir Path dir) throws IOException {
        // what an earlier version wrote: items 7 and 9 of ann, 7 acknowledged; the highest number given was 12
        Files.writeString(dir.resolve("ann.jsonl"), """
                {"item":{"item_id":7,"agent_id":"ann","kind":"assignment","task_id":"t1","ack":"/api/agents/ann/inbox/7/ack"}}
                {"item":{"item_id":9,"agent_id":"ann","kind":"assignment","task_id":"t2","ack":"/api/agents/ann/inbox/9/ack"}}
                {"ack":7}
                """);
        Files.writeString(dir.resolve(InboxStore.LAST_ID), "12\n");
        InboxStore store = new InboxStore(dir);
        List<InboxItem> open = store.open("ann", null);
        assertEquals(List.of("9"), open.stream().map(InboxItem::itemId).toList());
        assertEquals("/api/agents/ann/inbox/9/ack", open.get(0).ack());
        assertEquals(InboxStore.Acked.ALREADY, store.ack("ann", "7"));
        // new items go after: position 13, and a stream that received 9 resumes with it
        store.add(item("ann", "t3"));
        assertEquals(13, store.position(item("ann", "t3").itemId()));
        assertEquals(List.of("t3"), open(store, "ann", "9"));
        assertEquals(InboxStore.Acked.ACKED, store.ack("ann", "9"));
        assertEquals(List.of("t3"), open(new InboxStore(dir), "ann", null));
    }

    @Test
    void moreAgentsThanFilesKeptOpenLoseNoLine(@TempDir Path dir) throws IOException {
        // the store keeps the files of the most recently written agents open; one closed to make room opens again
        InboxStore store = new InboxStore(dir);
        int agents = InboxStore.OPEN_FILES + 20;
        for (int a = 0; a < agents; a++) {
            store.add(item("agent" + a, "t1"));
        }
        store.add(item("agent0", "t2")); // its file was closed to make room: it is opened again
        String first = item("agent0", "t1").itemId();
        assertEquals(InboxStore.Acked.ACKED, store.ack("agent0", first));
        store.close();
        store.add(item("agent1", "t2")); // after close, a line opens its file again

        InboxStore restarted = new InboxStore(dir);
        assertEquals(List.of("t2"), open(restarted, "agent0", null));
        assertEquals(List.of("t1", "t2"), open(restarted, "agent1", null));
        assertEquals(List.of("t1"), open(restarted, "agent" + (agents - 1), null));
        assertEquals(agents + 2, restarted.position(item("agent1", "t2").itemId()));
    }

    private static InboxItem turn(String agent, String conversation, int seq) {
        return InboxItem.of(agent, "turn_granted", Instant.parse("2026-01-05T09:00:00Z"), null, null, null, conversation,
                "your turn", null, List.of(), new InboxItem.Source("TURN_GRANTED", seq))
                .named("conversation~" + conversation + "~" + seq + "~0~" + agent);
    }

    /** A turn's subject is its conversation, as the service's inbox has it; other items have none. */
    private static String conversationOf(InboxItem i) {
        return i.conversationId() == null ? null : "turn~" + i.conversationId();
    }

    private static List<String> ids(InboxStore store, String agent) {
        return store.open(agent, null).stream().map(InboxItem::itemId).toList();
    }

    @Test
    void aNewerItemOfTheSameSubjectSettlesTheOlderOneAndARestartKeepsIt(@TempDir Path dir) throws IOException {
        InboxStore store = new InboxStore(dir, InboxStoreTest::conversationOf);
        store.add(turn("ann", "c1", 1)); // position 1
        store.add(turn("ann", "c2", 2)); // 2: another conversation, another subject
        store.add(item("ann", "t1"));    // 3: no subject
        store.add(turn("bob", "c1", 3)); // 4: bob's turn in c1 is not ann's
        store.add(turn("ann", "c1", 4)); // 5: settles ann's turn at 1, and nothing else
        String older = turn("ann", "c1", 1).itemId();
        String newer = turn("ann", "c1", 4).itemId();
        assertEquals(List.of(turn("ann", "c2", 2).itemId(), item("ann", "t1").itemId(), newer), ids(store, "ann"));
        assertEquals(List.of(turn("bob", "c1", 3).itemId()), ids(store, "bob"));
        assertEquals(InboxStore.Acked.ALREADY, store.ack("ann", older), "a superseded item was settled, not lost");
        assertEquals(1, Files.readAllLines(dir.resolve("ann.jsonl")).stream().filter(l -> l.equals("{\"settled\":\""
                + older + "\"}")).count(), "the settlement is written, so a restart does not open it again");

        // acknowledged, the newer turn holds the subject no more: the next turn settles nothing of ann's
        assertEquals(InboxStore.Acked.ACKED, store.ack("ann", newer));
        store.add(turn("ann", "c1", 6)); // position 6
        InboxStore restarted = new InboxStore(dir, InboxStoreTest::conversationOf);
        assertEquals(List.of(turn("ann", "c2", 2).itemId(), item("ann", "t1").itemId(), turn("ann", "c1", 6).itemId()),
                ids(restarted, "ann"));
        // after the restart the subject is still known: ann's next turn in c1 settles the one at 6
        restarted.add(turn("ann", "c1", 7));
        assertEquals(List.of(turn("ann", "c2", 2).itemId(), item("ann", "t1").itemId(), turn("ann", "c1", 7).itemId()),
                ids(restarted, "ann"));
    }

    /**
     * An item its owner tells again after a restart (a turn: the conversation's journal holds it) is kept in memory
     * only: no line of it, none when a newer one supersedes it, none when it is settled; only its acknowledgement is
     * written, with its subject, and that line outlives the rewrites of the file at every start, so the owner telling
     * the item again after any number of restarts does not open it again. A written item it supersedes still gets its
     * settlement, or the restart would open that one again.
     */
    @Test
    void anItemKeptInMemoryLeavesNoLineButItsAcknowledgementWhichOutlivesRestarts(@TempDir Path dir) throws IOException {
        InboxStore store = new InboxStore(dir, InboxStoreTest::conversationOf);
        store.add(turn("ann", "c1", 1));        // written (a file of an earlier version, say): position 1
        store.add(turn("ann", "c1", 2), false); // kept in memory: settles the written one at 1 (its line written)
        store.add(turn("ann", "c1", 3), false); // supersedes 2, which had no line: no settlement written
        store.add(turn("ann", "c2", 4), false);
        store.settle("ann", List.of(turn("ann", "c2", 4).itemId())); // settled: no line either
        Path file = dir.resolve("ann.jsonl");
        String first = turn("ann", "c1", 1).itemId();
        String acked = turn("ann", "c1", 3).itemId();
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), "the first item and its settlement only: " + lines);
        assertEquals("{\"settled\":\"" + first + "\"}", lines.get(1));
        assertEquals(List.of(acked), ids(store, "ann"));
        assertEquals(InboxStore.Acked.ACKED, store.ack("ann", acked));
        assertEquals("{\"ack\":\"" + acked + "\",\"subject\":\"turn~c1\"}", Files.readAllLines(file).get(2));
        assertNull(store.add(turn("ann", "c1", 3), false), "acknowledged: told again, it is not added");
        store.close();

        // two restarts (each rewrites the file with its open items): the acknowledgement is the one line left, and the
        // conversation telling the acknowledged turn again opens nothing; the turn at 4, settled, was never on disk
        new InboxStore(dir, InboxStoreTest::conversationOf).close();
        InboxStore third = new InboxStore(dir, InboxStoreTest::conversationOf);
        assertEquals(List.of("{\"ack\":\"" + acked + "\",\"subject\":\"turn~c1\"}"), Files.readAllLines(file));
        assertNull(third.add(turn("ann", "c1", 3), false));
        assertEquals(InboxStore.Acked.ALREADY, third.check("ann", acked));
        assertEquals(List.of(), ids(third, "ann"));
        // a newer turn of the subject opens; after a restart, told again, it opens again (the subject keeps one
        // acknowledgement at most, the older one's, which names another item)
        assertEquals(turn("ann", "c1", 5).itemId(), third.add(turn("ann", "c1", 5), false).itemId());
        assertEquals(List.of(turn("ann", "c1", 5).itemId()), ids(third, "ann"));
        third.close();
        InboxStore fourth = new InboxStore(dir, InboxStoreTest::conversationOf);
        assertEquals(1, Files.readAllLines(file).size());
        assertEquals(turn("ann", "c1", 5).itemId(), fourth.add(turn("ann", "c1", 5), false).itemId());
        assertEquals(InboxStore.Acked.ACKED, fourth.ack("ann", turn("ann", "c1", 5).itemId()));
        fourth.close();
        new InboxStore(dir, InboxStoreTest::conversationOf).close();
        assertEquals(List.of("{\"ack\":\"" + turn("ann", "c1", 5).itemId() + "\",\"subject\":\"turn~c1\"}"),
                Files.readAllLines(file), "the newer acknowledgement replaces the older one at the next rewrite");
    }

    /**
     * A stream resumed after an item its owner told again after a restart gets every open item: the item's position now
     * is not the one it had, and an item the stream missed before the restart (here t2, written after the turn) sits
     * below it. After an item kept in memory since the start, the order holds as for any other.
     */
    @Test
    void aStreamResumedAfterAnItemToldAgainGetsEveryOpenItem(@TempDir Path dir) throws IOException {
        InboxStore before = new InboxStore(dir, InboxStoreTest::conversationOf);
        before.add(item("ann", "t1"));                 // 1
        before.add(turn("ann", "c1", 2), false);       // 2, no line
        before.add(item("ann", "t2"));                 // 3: a stream that received the turn then broke missed it
        before.close();
        InboxStore after = new InboxStore(dir, InboxStoreTest::conversationOf);
        String turn = after.retell(turn("ann", "c1", 2)).itemId(); // told again by its conversation: position 4
        assertEquals(4, after.position(turn));
        List<String> all = List.of(item("ann", "t1").itemId(), item("ann", "t2").itemId(), turn);
        assertEquals(all, after.open("ann", turn).stream().map(InboxItem::itemId).toList());
        after.add(turn("ann", "c2", 5), false);        // kept in memory since this start: an anchor like any other
        after.add(item("ann", "t3"));
        assertEquals(List.of(item("ann", "t3").itemId()),
                after.open("ann", turn("ann", "c2", 5).itemId()).stream().map(InboxItem::itemId).toList());
    }

    @Test
    void aFolderThatKeptEveryTurnOpenReadsWithTheNewestOfEachSubjectOnly(@TempDir Path dir) throws IOException {
        InboxStore before = new InboxStore(dir); // a store whose items supersede nothing, as earlier versions kept them
        before.add(turn("ann", "c1", 1));
        before.add(turn("ann", "c2", 2));
        before.add(turn("ann", "c1", 3));
        assertEquals(3, ids(before, "ann").size());
        assertEquals(List.of(turn("ann", "c2", 2).itemId(), turn("ann", "c1", 3).itemId()),
                ids(new InboxStore(dir, InboxStoreTest::conversationOf), "ann"));
    }

    @Test
    void aFileOfMostlyClosedItemsIsRewrittenWithItsOpenOnes(@TempDir Path dir) throws IOException {
        InboxStore store = new InboxStore(dir);
        store.add(item("ann", "keep")); // 1 line, open
        int rounds = 300;
        for (int i = 0; i < rounds; i++) {
            store.add(item("ann", "t" + i));
            assertEquals(InboxStore.Acked.ACKED, store.ack("ann", item("ann", "t" + i).itemId()));
        }
        // after k rounds the file has 1 + 2k lines, one item open: it is rewritten to its 1 open line once it has
        // at least COMPACT_LINES (256) lines and more than 4 per open item, at k = 128 (257 lines) and again 128
        // rounds later; after 300 rounds it has 1 + 2 * (300 - 256) = 89
        assertEquals(256, InboxStore.COMPACT_LINES, "the figures below are derived for 256 lines and 4 per open item");
        assertEquals(4, InboxStore.COMPACT_RATIO);
        assertEquals(89, Files.readAllLines(dir.resolve("ann.jsonl")).size());
        assertEquals(List.of("keep"), open(store, "ann", null));
        // an item acknowledged before the rewrite is still known as acknowledged, and the lines after it are kept
        assertEquals(InboxStore.Acked.ALREADY, store.ack("ann", item("ann", "t0").itemId()));
        store.close();
        InboxStore restarted = new InboxStore(dir);
        assertEquals(List.of("keep"), open(restarted, "ann", null));
        restarted.add(item("ann", "next"));
        assertEquals(rounds + 2, restarted.position(item("ann", "next").itemId()), "positions go on after 301");
    }

    @Test
    void onlyTheMostRecentlyClosedItemsAreRemembered() throws IOException {
        InboxStore store = InboxStore.inMemory(i -> null);
        int items = InboxStore.CLOSED_KEPT + 1;
        for (int i = 0; i < items; i++) {
            store.add(item("ann", "t" + i));
            store.ack("ann", item("ann", "t" + i).itemId());
        }
        // the first of 10,001 closed items is forgotten, as after a restart; the second is remembered
        assertEquals(InboxStore.Acked.NOT_FOUND, store.ack("ann", item("ann", "t0").itemId()));
        assertEquals(InboxStore.Acked.ALREADY, store.ack("ann", item("ann", "t1").itemId()));
        assertEquals(Long.MAX_VALUE, store.position(item("ann", "t0").itemId()));
        assertEquals(2, store.position(item("ann", "t1").itemId()));
        assertEquals(List.of(), open(store, "ann", null));
    }

    @Test
    void anItemsLineIsTheTextOfItsTree(@TempDir Path dir) throws IOException {
        // the line is written without building a tree first: the text must be what the tree gave
        InboxItem item = InboxItem.of("ann", "turn_granted", Instant.parse("2026-01-05T09:00:00Z"), null, null, null, "c1",
                "your turn", io.conclave.model.Json.MAPPER.createObjectNode().put("b", 2).put("a", 1.5),
                List.of(), new InboxItem.Source("TURN_GRANTED", 3)).named("conversation~c1~4~0~ann");
        new InboxStore(dir).add(item);
        assertEquals(lineOf(item, 1) + "\n", Files.readString(dir.resolve("ann.jsonl")));
    }

    @Test
    void aMessageInAPayloadIsWrittenAsItsTreeWouldBeAndASettlementInTheSameWrite(@TempDir Path dir) throws IOException {
        // a turn's payload holds the message itself, not a tree of it: the line must be the same text either way,
        // in UTF-8 (an emoji is its four bytes, as the text of the tree made into UTF-8 gives)
        com.fasterxml.jackson.databind.ObjectMapper json = io.conclave.model.Json.MAPPER;
        io.conclave.model.conversation.ConversationMessage message = new io.conclave.model.conversation
                .ConversationMessage(7, Instant.parse("2026-01-05T09:00:00Z"), "bob", "shipped \uD83D\uDE80 é",
                List.of("release"), null, null, null, false, List.of("ann"));
        com.fasterxml.jackson.databind.node.ObjectNode asObject = json.createObjectNode().put("message_seq", 7);
        asObject.putPOJO("message", message);
        com.fasterxml.jackson.databind.node.ObjectNode asTree = json.createObjectNode().put("message_seq", 7);
        asTree.set("message", json.valueToTree(message));
        InboxItem first = turnWith("c1", 7, asTree);
        InboxItem second = turnWith("c1", 8, asObject);

        InboxStore store = new InboxStore(dir, InboxStoreTest::conversationOf);
        store.add(first);
        store.add(second); // settles the first: both lines in one write
        String expected = lineOf(first, 1) + "\n" + lineOf(turnWith("c1", 8, asTree), 2) + "\n{\"settled\":\""
                + first.itemId() + "\"}\n";
        assertEquals(expected,
                new String(Files.readAllBytes(dir.resolve("ann.jsonl")), java.nio.charset.StandardCharsets.UTF_8),
                "the message object and its tree give the same line");
        InboxStore restarted = new InboxStore(dir, InboxStoreTest::conversationOf);
        InboxItem read = restarted.open("ann", null).get(0);
        assertEquals(json.writeValueAsString(asTree), json.writeValueAsString(read.payload()),
                "read back, the payload is the message's tree");
        assertEquals("shipped \uD83D\uDE80 é", read.payload().path("message").path("content").asText());
    }

    private static InboxItem turnWith(String conversation, int seq, com.fasterxml.jackson.databind.JsonNode payload) {
        return InboxItem.of("ann", "turn_granted", Instant.parse("2026-01-05T09:00:00Z"), null, null, null,
                conversation, "your turn", payload, List.of(), new InboxItem.Source("TURN_GRANTED", seq))
                .named("conversation~" + conversation + "~" + seq + "~0~ann");
    }

    /** The item's line as a tree of it gives it: {@code {"item":{...},"pos":n}}. */
    private static String lineOf(InboxItem item, long pos) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode tree = io.conclave.model.Json.MAPPER.createObjectNode();
        tree.set("item", io.conclave.model.Json.MAPPER.valueToTree(item));
        tree.put("pos", pos);
        return io.conclave.model.Json.MAPPER.writeValueAsString(tree);
    }
}
