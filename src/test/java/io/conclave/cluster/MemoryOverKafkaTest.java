package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.engine.MeetingStoreTest;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.KafkaSettings;
import io.conclave.journal.kafka.NodeWriter;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.OpenWorkingMemory;
import io.conclave.model.command.SaveAgentMind;
import io.conclave.model.command.StoreMemory;
import io.conclave.model.command.WriteSharedMemory;
import io.conclave.model.memory.MemoryViews;

/**
 * A project's memory on a cluster's journal, against a real broker: node A serves the project with its journal on a
 * Kafka partition, its agents write the shared memory strongly and eventually (one eventual write delivered by a
 * journaled tick, one still on its way), then A stops; node B, with an empty data folder, takes the partition over,
 * rebuilds the project from what Kafka holds alone (its snapshot and the entries after it) and shows the same memory,
 * byte for byte as JSON: every agent's working memory and state, every agent's copy of each shared key with its
 * version, the eventual write still pending with the same targets and due time, and the same memory decisions. When
 * that write comes due on B's clock, B delivers it (a tick journaled on Kafka by B).
 */
class MemoryOverKafkaTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final String PROJECT = """
            {"project_id": "mem", "agents": [{"agent_id": "alice", "skill_levels": {"x": 9}},
                                             {"agent_id": "bob", "skill_levels": {"x": 5}},
                                             {"agent_id": "carol", "skill_levels": {"x": 3}}],
             "tasks": [{"task_id": "t1", "required_skills": {"x": 5}}]}""";

    /** A clock the test moves; both nodes read the same one (the journaled times are what a replay uses). */
    private static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(T0.toEpochMilli());

        void at(long seconds) {
            millis.set(T0.plusSeconds(seconds).toEpochMilli());
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    }

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    /** Every agent's memory and the shared memory as the API writes them, then the ledger's memory decisions. */
    private static String memory(ProjectSession s) {
        MemoryViews.Facts f = new MemoryViews.Facts() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return s.outputs(io.conclave.engine.policy.Outputs.forType(type));
            }
        };
        try {
            return Json.MAPPER.writeValueAsString(List.of(MemoryViews.agent(f, "alice"), MemoryViews.agent(f, "bob"),
                    MemoryViews.agent(f, "carol"), MemoryViews.shared(f))) + "\n" + s.ledger().stream()
                    .filter(d -> d.getTaskId() == null)
                    .map(d -> d.getSeq() + " " + d.getKind() + " " + d.getRule() + " " + d.getReason() + " "
                            + d.getDetails()).reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ProjectRegistry registry(Path data, Clock clock) {
        // a snapshot every 5 entries: B starts from the snapshot A stored on the snapshot topic, then the entries after
        return new ProjectRegistry(data, new JournaledRuntime.Setting(MeetingStoreTest.shipped(), 100_000, clock,
                e -> { }).withSnapshots(5), ProjectRegistry.NO_RUNS);
    }

    /*
     * Worked out by hand (alice, bob and carol are the project's agents, so each can hold a copy; the clock is T0 =
     * 09:00:00 unless said):
     *   alice opens her working memory (capacity 10) and stores goal = "ship" (importance 2); bob saves his state.
     *   09:00:00 alice writes plan = "draft" strongly: home version 1; alice, bob and carol hold version 1; nothing
     *            pending.
     *   09:00:01 alice writes plan = "final" eventually: home version 2; alice's copy version 2; bob's and carol's
     *            version 1, stale; pending: version 2 to [bob, carol], due 09:00:06 (five seconds after the write).
     *   09:00:05 nothing is due (tickIfDue false); 09:00:06 the tick is journaled: bob's and carol's copies take
     *            version 2 ("final"), nothing pending for plan.
     *   09:00:07 bob writes notes = "todo" eventually: home version 1; only bob holds a copy (alice and carol get
     *            theirs when it arrives); pending: version 1 to [alice, carol], due 09:00:12.
     *   The journal on the partition: 1 creation, 2 open, 3 store, 4 save, 5 strong write, 6 the snapshot's marker
     *   (a snapshot every 5 entries, its state on the snapshot topic), 7 eventual write, 8 tick, 9 bob's eventual
     *   write.
     *   A stops with that write on its way. B rebuilds the project from the snapshot and entries 7-9: the same JSON,
     *   notes still pending to [alice, carol] due 09:00:12 (no tick at 09:00:07: nothing is due). At 09:00:12 on B the
     *   tick is due (entry 10, journaled by B): alice and carol take notes version 1, nothing pending.
     */
    @Test
    void aProjectsMemoryTakenOverFromKafkaEqualsTheOneItsNodeServed(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock();
        try (SharedBroker.Lease broker = SharedBroker.lease("memory")) {
            KafkaJournals a = new KafkaJournals(KafkaNode.settings(broker, "node-a"), unsure -> { });
            a.start(); // creates the topics and opens node A's transactional writer
            TopicPartition tp = a.partition("project", "mem");
            KafkaConsumer<String, String> memberA = KafkaNode.join(a, tp);
            a.take(List.of(tp), t -> null);
            a.hold(java.util.Set.of(tp));

            String onA;
            Path dataA = dir.resolve("node-a");
            try (ProjectRegistry r = registry(dataA, clock)) {
                r.journalsIn(a);
                r.create(Json.MAPPER.treeToValue(json(PROJECT), ProjectSpec.class), "operator");
                ProjectRuntime rt = r.get("mem");
                rt.command(new OpenWorkingMemory("alice", 10), "alice", s -> { });
                rt.command(new StoreMemory("alice", "goal", json("\"ship\""), 2.0), "alice", s -> { });
                rt.command(new SaveAgentMind("bob", json("{\"market\": \"growing\"}"), json("[\"launch\"]"), null),
                        "bob", s -> { });
                rt.command(new WriteSharedMemory("alice", "plan", json("\"draft\""), "strong"), "alice", s -> { });
                clock.at(1);
                rt.command(new WriteSharedMemory("alice", "plan", json("\"final\""), "eventual"), "alice", s -> { });
                JsonNode plan = json(rt.read(MemoryOverKafkaTest::memory).split("\n")[0]).get(3).get(0);
                assertEquals(2, plan.get("version").asLong());
                assertEquals(2, plan.at("/copies/alice/version").asLong());
                assertEquals(1, plan.at("/copies/bob/version").asLong());
                assertTrue(plan.at("/copies/bob/stale").asBoolean());
                assertEquals("\"draft\"", plan.at("/copies/carol/value").toString());
                assertEquals("[\"bob\",\"carol\"]", plan.at("/pending/0/to").toString());
                assertEquals("2026-01-05T09:00:06Z", plan.at("/pending/0/due").asText());
                clock.at(5);
                assertFalse(rt.tickIfDue(), "due at 09:00:06");
                clock.at(6);
                assertTrue(rt.tickIfDue(), "the eventual write reaches bob's and carol's copies: a journaled tick");
                clock.at(7);
                rt.command(new WriteSharedMemory("bob", "notes", json("\"todo\""), "eventual"), "bob", s -> { });
                onA = rt.read(MemoryOverKafkaTest::memory);
            }
            JsonNode shared = json(onA.split("\n")[0]).get(3);
            JsonNode notes = shared.get(0);
            JsonNode plan = shared.get(1);
            assertEquals("notes", notes.get("key").asText());
            assertEquals(1, notes.get("version").asLong());
            assertEquals(List.of("bob"), names(notes.get("copies")));
            assertEquals("[\"alice\",\"carol\"]", notes.at("/pending/0/to").toString());
            assertEquals("2026-01-05T09:00:12Z", notes.at("/pending/0/due").asText());
            assertEquals("plan", plan.get("key").asText());
            for (String agent : List.of("alice", "bob", "carol")) {
                assertEquals(2, plan.at("/copies/" + agent + "/version").asLong(), agent);
                assertEquals("\"final\"", plan.at("/copies/" + agent + "/value").toString(), agent);
            }
            assertEquals(0, plan.get("pending").size());
            assertTrue(onA.contains("SHARED_MEMORY_PROPAGATED"), onA);
            memberA.close(); // leaves the group: the partition is free for B
            a.close();

            // node B: an empty data folder, the partition taken over from Kafka, the project rebuilt from it alone
            KafkaJournals b = new KafkaJournals(KafkaNode.settings(broker, "node-b"), unsure -> { });
            b.start();
            KafkaConsumer<String, String> memberB = KafkaNode.join(b, tp);
            var logs = b.take(List.of(tp), t -> "node-a");
            b.hold(java.util.Set.of(tp));
            assertEquals(List.of("mem"), logs.get(tp).owners());
            Path dataB = dir.resolve("node-b");
            try (ProjectRegistry r = registry(dataB, clock)) {
                r.journalsIn(b);
                assertTrue(r.adopt("mem") != null, "rebuilt from the partition: " + r.damaged());
                ProjectRuntime rt = r.get("mem");
                assertTrue(rt.stored().startState() != null, "B started from the snapshot A stored on Kafka");
                // entries 1-5 (creation, open, store, save, strong write) come from the snapshot, entry 6 its
                // marker; the eventual write, its tick and bob's eventual write are replayed from the partition
                assertEquals(List.of("6 snapshot", "7 shared_memory_write", "8 tick", "9 shared_memory_write"),
                        entries(rt.stored().lines()));
                assertEquals(onA, rt.read(MemoryOverKafkaTest::memory), "the same memory, byte for byte");
                assertFalse(rt.tickIfDue(), "notes is due at 09:00:12, not at 09:00:07");
                clock.at(12);
                assertTrue(rt.tickIfDue(), "B delivers the write A left on its way");
                JsonNode notesOnB = json(rt.read(MemoryOverKafkaTest::memory).split("\n")[0]).get(3).get(0);
                assertEquals(List.of("alice", "bob", "carol"), names(notesOnB.get("copies")));
                assertEquals("\"todo\"", notesOnB.at("/copies/alice/value").toString());
                assertEquals(1, notesOnB.at("/copies/carol/version").asLong());
                assertEquals(0, notesOnB.get("pending").size());
                List<String> lines = rt.stored().lines();
                assertEquals("10 tick", entries(lines).get(4), "B journaled the tick on the partition");
                assertTrue(lines.get(4).contains("\"recorded_at\":\"2026-01-05T09:00:12Z\""), lines.get(4));
            }
            assertTrue(!Files.exists(dataB) || isEmptyTree(dataB), "B kept nothing of the project on its disk");
            memberB.close();
            b.close();
        }
    }

    /** Each journal line's entry number and command type. */
    private static List<String> entries(List<String> lines) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode e = json(line);
            out.add(e.get("seq").asLong() + " " + e.get("type").asText());
        }
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean isEmptyTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.allMatch(Files::isDirectory);
        }
    }
}
