package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.MeetingStoreTest;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.JournalUnavailable;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.PartitionLog;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.SendInterrupt;

/**
 * A node that reads the cluster's partitions before it joins the group, against a real broker. Node A serves a
 * partition and writes to it; node B, not yet a member, reads every partition ahead and rebuilds their owners ahead
 * from those read-only journals, keeping them aside, while nothing it read can be written; A writes more (commands, a
 * deletion, a creation) and leaves; B takes the partition over reading only the records written after its read ahead,
 * catches the owner rebuilt ahead up instead of rebuilding it, and serves the same journals and the same decisions as
 * A did.
 */
class ReadAheadTest {
    private static final JournaledRuntime.Setting SHIPPED = new JournaledRuntime.Setting(MeetingStoreTest.shipped(),
            100_000, Clock.systemUTC(), e -> { });

    private static ProjectSpec project(String id) throws Exception {
        return Json.MAPPER.readValue("""
                {"project_id": "%s", "agents": [{"agent_id": "ann", "skill_levels": {"x": 5}}],
                 "tasks": [{"task_id": "t1", "required_skills": {"x": 1}}]}""".formatted(id), ProjectSpec.class);
    }

    private static void interrupt(ProjectRuntime rt, String text) {
        rt.command(new SendInterrupt("status", null, null, null, text), "operator", s -> { });
    }

    /** The committed end of {@code tp} now. */
    private static long end(KafkaJournals journals, TopicPartition tp) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(journals.settings().reader("test"))) {
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    /** The project's decisions as text: what a rebuild must give back. */
    private static String decisions(ProjectRuntime rt) {
        return rt.read(s -> s.ledger().stream().map(d -> d.getSeq() + " " + d.getKind() + " " + d.getRule() + " "
                + d.getReason()).reduce("", (a, b) -> a + b + "\n"));
    }

    /*
     * By hand: one partition per kind (KafkaNode.settings), so p, q and r share the project partition. Before B reads
     * ahead, A has written p (creation + 3 interrupts) and q (creation + 1 interrupt), and goes on writing interrupts
     * to p (N of them) while B reads: B's read ahead finds the 3 command partitions and 2 owners, and B rebuilds both
     * ahead. Then A writes 2 more interrupts to p, deletes q and creates r: the takeover reads from where the read
     * ahead ended (past the end before A's writes during it, at most the end after them), finds p and r (q deleted);
     * p is caught up (the one owner caught up), r, unknown to the read ahead, rebuilt, q let go (the one left aside),
     * and p's journal lines and decisions are A's, all 6 + N of them.
     */
    @Test
    void aNodeThatReadAheadTakesOverWithTheRecordsSinceAndServesTheSameJournals(@TempDir Path dir) throws Exception {
        try (SharedBroker.Lease broker = SharedBroker.lease("read-ahead")) {
            KafkaJournals a = new KafkaJournals(KafkaNode.settings(broker, "node-a"), unsure -> { });
            a.start();
            TopicPartition tp = a.partition("project", "p");
            KafkaConsumer<String, String> memberA = KafkaNode.join(a, tp);
            a.take(List.of(tp), t -> null);
            a.hold(java.util.Set.of(tp));
            KafkaJournals b = new KafkaJournals(KafkaNode.settings(broker, "node-b"), unsure -> { });
            b.start();
            try (ProjectRegistry onA = new ProjectRegistry(dir.resolve("a"), SHIPPED, ProjectRegistry.NO_RUNS);
                 ProjectRegistry onB = new ProjectRegistry(dir.resolve("b"), SHIPPED, ProjectRegistry.NO_RUNS)) {
                onA.journalsIn(a);
                onA.create(project("p"), "operator");
                onA.create(project("q"), "operator");
                for (int i = 1; i <= 3; i++) {
                    interrupt(onA.get("p"), "p " + i);
                }
                interrupt(onA.get("q"), "q 1");

                // more lines than allowed: nothing is kept, takeovers read as without it
                String refused = b.readStandby(System.nanoTime() + Duration.ofMinutes(1).toNanos(), 100);
                assertTrue(refused.startsWith("not read ahead (more than 100 characters of records"), refused);
                assertEquals(Map.of(), b.standbyOwners());

                // A goes on writing while B reads ahead: records committed during the read, past the ends it asked
                // for, come with its polls and must be left to the takeover's read (taken twice, p would be damaged)
                long endBefore = end(b, tp);
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicInteger written = new AtomicInteger();
                Thread writer = new Thread(() -> {
                    while (writing.get()) {
                        interrupt(onA.get("p"), "during " + written.incrementAndGet());
                    }
                });
                writer.start();
                while (written.get() < 5) {
                    Thread.sleep(10);
                }
                String did = b.readStandby(System.nanoTime() + Duration.ofMinutes(1).toNanos(), Long.MAX_VALUE);
                writing.set(false);
                writer.join();
                assertTrue(did.matches("read 3 partition\\(s\\) ahead in \\d+ ms \\(2 owners\\)"), did);
                assertEquals(Map.of("project", List.of("p", "q")), b.standbyOwners());
                onB.prepare("p", b.standbyJournals());
                onB.prepare("q", b.standbyJournals());
                assertFalse(onB.exists("p"), "an owner rebuilt ahead is found by nobody before its takeover");
                long endReadAhead = end(b, tp);
                // read ahead is not this node's to write, whatever its writer holds
                b.hold(java.util.Set.of(tp));
                assertThrows(JournalUnavailable.class,
                        () -> b.standbyJournals().open(CommandCodec.PROJECT, "p", null).writable());

                interrupt(onA.get("p"), "p 4");
                interrupt(onA.get("p"), "p 5");
                onA.delete("q");
                onA.create(project("r"), "operator");
                List<String> pLines = onA.get("p").stored().lines();
                assertEquals(6 + written.get(), pLines.size());
                String pDecisions = decisions(onA.get("p"));
                memberA.close(); // A leaves: the partition is free for B
                a.close();

                KafkaConsumer<String, String> memberB = KafkaNode.join(b, tp);
                PartitionLog<?> log = b.take(List.of(tp), t -> "node-a").get(tp);
                b.hold(java.util.Set.of(tp));
                assertTrue(log.lastReadFrom() > endBefore && log.lastReadFrom() <= endReadAhead,
                        "only the records written after the read ahead: from " + log.lastReadFrom());
                assertTrue(log.endOffset() > endReadAhead);
                assertEquals(List.of("p", "r"), log.owners());
                onB.journalsIn(b);
                assertNotNull(onB.adopt("p"), "caught up: " + onB.damaged());
                assertEquals(1, onB.caughtUpCount(), "p was caught up with the entries since, not rebuilt");
                assertNotNull(onB.adopt("r"), "rebuilt: " + onB.damaged());
                assertEquals(1, onB.caughtUpCount(), "r was created after the read ahead: rebuilt");
                assertEquals(1, onB.dropPrepared(), "q, deleted meanwhile, is let go");
                assertEquals(pLines, onB.get("p").stored().lines());
                assertEquals(pDecisions, decisions(onB.get("p")));
                interrupt(onB.get("p"), "p 6"); // B writes it now
                assertEquals(pLines.size() + 1, onB.get("p").stored().lines().size());
                memberB.close();
            }
            b.close();
        }
    }
}
