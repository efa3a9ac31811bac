package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.inbox.InboxItem;

/**
 * The inboxes across restarts (a new store on the same folder is a restart): an acknowledged item is never
 * delivered again, an open one is, and item ids go on from the highest ever given, even when every item was
 * acknowledged and the files hold none, so a stream that resumes after the last id it received misses nothing.
 */
class InboxStoreTest {
    private static InboxItem item(String agent, String task) {
        return InboxItem.of(agent, "assignment", Instant.parse("2026-01-05T09:00:00Z"), "p", task, null, null,
                "task " + task + " assigned to you", null, List.of(), new InboxItem.Source("TASK_ASSIGNED", 1));
    }

    private static List<String> open(InboxStore store, String agent, long after) {
        return store.open(agent, after).stream().map(i -> i.itemId() + " " + i.taskId()).toList();
    }

    @Test
    void acknowledgedItemsStayGoneAndIdsGoOnAcrossRestarts(@TempDir Path dir) throws IOException {
        InboxStore first = new InboxStore(dir);
        first.add(item("ann", "t1"));
        first.add(item("ann", "t2"));
        first.add(item("bob", "t3"));
        assertEquals(InboxStore.Acked.ACKED, first.ack("ann", 1));
        assertEquals(InboxStore.Acked.NOT_YOURS, first.ack("bob", 2));
        assertEquals(InboxStore.Acked.ALREADY, first.ack("ann", 1));

        // restart: ann's acknowledged t1 is not delivered again, her t2 and bob's t3 are
        InboxStore second = new InboxStore(dir);
        assertEquals(List.of("2 t2"), open(second, "ann", 0));
        assertEquals(List.of("3 t3"), open(second, "bob", 0));
        assertEquals(InboxStore.Acked.ACKED, second.ack("ann", 2));
        assertEquals(InboxStore.Acked.ACKED, second.ack("bob", 3));

        // two restarts with nothing open in between: the files hold no item, yet ids go on after 3
        new InboxStore(dir);
        InboxStore fourth = new InboxStore(dir);
        assertEquals(List.of(), open(fourth, "ann", 0));
        fourth.add(item("ann", "t4"));
        // a stream of ann's that received item 2 before the restarts resumes after it and gets t4
        assertEquals(List.of("4 t4"), open(fourth, "ann", 2));
    }
}
