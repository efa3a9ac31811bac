package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.conclave.journal.Chain;
import io.conclave.journal.ChainCheck;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.NodeWriter;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.ProjectCommand;

/**
 * The hash chain of a journal on Kafka, against a real broker: each record carries the hash of the owner's record
 * before it (not the partition's: owners share a partition), a node that takes the partition over chains to what
 * it read, and the lines an export reads back from the partition are the records as written. Expected hashes are
 * computed here from their definition.
 */
class KafkaChainTest {
    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    static JournalEntry<ProjectCommand> entry(long seq, String task) {
        return new JournalEntry<>(seq, "ann", "abababababab", AT.plusSeconds(seq),
                new PlaceBid(task, "ann", 10.0 + seq, 0.5, null), null, "ab".repeat(32));
    }

    private static String sha256(String line) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(line.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void recordsChainPerOwnerAcrossATakeoverAndReadBackAsWritten() throws Exception {
        try (SharedBroker.Lease broker = SharedBroker.lease("chain")) {
            // one partition: both owners' records interleave in it
            KafkaJournals a = new KafkaJournals(KafkaNode.settings(broker, "chain-a"), unsure -> { });
            a.start(); // creates the topics and opens node A's transactional writer
            TopicPartition tp = a.partition("project", "p");
            KafkaConsumer<String, String> memberA = KafkaNode.join(a, tp);
            a.take(List.of(tp), t -> null);
            a.hold(java.util.Set.of(tp));
            Journal<ProjectCommand> p = a.open(CommandCodec.PROJECT, "p", null);
            Journal<ProjectCommand> q = a.open(CommandCodec.PROJECT, "q", null);
            // the writer tells of each commit (the metrics' conclave_cluster_commit): each append here waits for its
            // own, so four transactions of one write each (other tests' writers, under other names, are not counted)
            List<Integer> commits = new java.util.concurrent.CopyOnWriteArrayList<>();
            NodeWriter.observeCommits((node, writes, nanos) -> {
                if (node.equals("chain-a") && nanos > 0) {
                    commits.add(writes);
                }
            });
            p.append(entry(1, "p1"));
            q.append(entry(1, "q1"));
            p.append(entry(2, "p2"));
            q.append(entry(2, "q2"));
            NodeWriter.observeCommits((node, writes, nanos) -> { });
            assertEquals(List.of(1, 1, 1, 1), commits);
            List<String> pLines = p.stored().lines();
            assertEquals(2, pLines.size());
            assertTrue(pLines.get(0).contains("\"prev\":\"" + "0".repeat(64) + "\""), pLines.get(0));
            assertTrue(pLines.get(1).contains("\"prev\":\"" + sha256(pLines.get(0)) + "\""), pLines.get(1));
            memberA.close(); // leaves the group: the partition is free for B
            a.close();
            // another node takes the partition over: it reads the records, and chains p's next entry to p's last
            KafkaJournals b = new KafkaJournals(KafkaNode.settings(broker, "chain-b"), unsure -> { });
            b.start();
            KafkaConsumer<String, String> memberB = KafkaNode.join(b, tp);
            b.take(List.of(tp), t -> "chain-a");
            b.hold(java.util.Set.of(tp));
            Journal<ProjectCommand> p2 = b.open(CommandCodec.PROJECT, "p", null);
            p2.append(entry(3, "p3"));
            List<String> lines = p2.stored().lines();
            assertEquals(pLines, lines.subList(0, 2), "read back as written");
            assertTrue(lines.get(2).contains("\"prev\":\"" + sha256(pLines.get(1)) + "\""), lines.get(2));
            ChainCheck.Result<ProjectCommand> r = new ChainCheck<>(CommandCodec.PROJECT).check(lines,
                    new ChainCheck.Head(1, 3, Chain.hash(lines.get(2))));
            assertEquals(List.of(), r.findings());
            assertEquals(List.of(entry(1, "p1"), entry(2, "p2"), entry(3, "p3")), r.entries());
            List<String> qLines = b.open(CommandCodec.PROJECT, "q", null).stored().lines();
            assertTrue(qLines.get(1).contains("\"prev\":\"" + sha256(qLines.get(0)) + "\""), qLines.get(1));
            memberB.close();
            b.close();
        }
    }
}
