package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.CheckpointAgent;
import io.conclave.model.command.OpenWorkingMemory;
import io.conclave.model.command.RetrieveMemory;
import io.conclave.model.command.SaveAgentMind;
import io.conclave.model.command.StoreMemory;
import io.conclave.model.command.WriteSharedMemory;
import io.conclave.model.memory.MemoryViews;

/**
 * The memory of a project and of a conversation is journaled with their other commands and replayed to the same
 * bytes: a restart (from the whole journal, and for a project from its snapshots) rebuilds every agent's working
 * memory, state, checkpoints and the shared memory with its copies, and the same decisions. On a clock the test moves,
 * every score is known.
 */
class MemoryReplayTest {
    private static final String PROJECT = """
            {"project_id": "mem", "agents": [{"agent_id": "alice", "skill_levels": {"x": 9}},
                                             {"agent_id": "bob", "skill_levels": {"x": 5}}],
             "tasks": [{"task_id": "t1", "required_skills": {"x": 5}}]}""";

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    /** Every view of the memory, as the API writes them, and the ledger's memory decisions. */
    private static String memory(ProjectSession s) {
        MemoryViews.Facts f = new MemoryViews.Facts() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return s.outputs(io.conclave.engine.policy.Outputs.forType(type));
            }
        };
        try {
            return Json.MAPPER.writeValueAsString(List.of(MemoryViews.agent(f, "alice"), MemoryViews.agent(f, "bob"),
                    MemoryViews.shared(f))) + "\n" + s.ledger().stream().filter(d -> d.getTaskId() == null)
                    .map(d -> d.getSeq() + " " + d.getKind() + " " + d.getRule() + " " + d.getReason() + " "
                            + d.getDetails()).reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /*
     * All at one time, except where the clock moves: alice opens capacity 2 and stores a (importance 1), b (3), then c
     * (2) one second later: three items over 2, a fifth (at least one) moves: scores a = 1 x 1 / (1 + 1) = 0.5,
     * b = 3 / 2 = 1.5, c = 2 / 1 = 2: a moves. bob saves his state, checkpoints twice. alice writes plan eventually:
     * bob's copy is due 5 s later; at +4 s the project has nothing to do, at +6 s a tick is journaled and bob's copy
     * takes version 1.
     */
    @Test
    void aProjectsMemoryIsReplayedToTheSameBytesFromItsJournalAndFromItsSnapshots(@TempDir Path data) throws IOException {
        ContractNetJournalTest.TestClock clock = new ContractNetJournalTest.TestClock();
        long start = clock.millis();
        String before;
        try (ProjectRegistry r = registry(data, clock)) {
            r.create(Json.MAPPER.treeToValue(json(PROJECT), ProjectSpec.class), "operator");
            ProjectRuntime rt = r.get("mem");
            rt.command(new OpenWorkingMemory("alice", 2), "alice", s -> { });
            rt.command(new StoreMemory("alice", "a", json("\"first\""), 1.0), "alice", s -> { });
            rt.command(new StoreMemory("alice", "b", json("{\"n\": 2}"), 3.0), "alice", s -> { });
            clock.millis.set(start + 1_000);
            rt.command(new StoreMemory("alice", "c", json("[3]"), 2.0), "alice", s -> { });
            rt.command(new RetrieveMemory("alice", "b"), "alice", s -> { });
            rt.command(new SaveAgentMind("bob", json("{\"market\": \"growing\"}"), json("[\"launch\"]"), null), "bob",
                    s -> { });
            rt.command(new CheckpointAgent("bob", null, null, json("{\"done\": 1}")), "bob", s -> { });
            rt.command(new CheckpointAgent("bob", null, null, json("{\"done\": 2}")), "bob", s -> { });
            rt.command(new WriteSharedMemory("alice", "plan", json("\"draft\""), "eventual"), "alice", s -> { });
            String decided = rt.read(MemoryReplayTest::memory);
            assertTrue(decided.contains("MEMORY_EVICTED A store past the capacity moves the least important fifth to "
                    + "long-term memory short-term memory held 3 items, over its capacity 2: the 1 least important moved "
                    + "to long-term memory: a (score 0.5)"), decided);
            clock.millis.set(start + 5_000);
            assertFalse(rt.tickIfDue(), "due at +6 s (written at +1 s)");
            clock.millis.set(start + 6_000);
            assertTrue(rt.tickIfDue(), "the eventual write reaches bob's copy: a journaled tick");
            before = rt.read(MemoryReplayTest::memory);
            assertTrue(before.contains("SHARED_MEMORY_PROPAGATED"), before);
        }
        assertTrue(snapshots(data) > 0, "the project took snapshots along the way");
        try (ProjectRegistry r = registry(data, clock)) {
            r.recoverAll();
            assertEquals(before, r.get("mem").read(MemoryReplayTest::memory), "replayed from its newest snapshot");
        }
        try (Stream<Path> files = Files.list(data.resolve("projects/mem"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("snapshot-")).toList()) {
                Files.delete(p);
            }
        }
        try (ProjectRegistry r = registry(data, clock)) {
            r.recoverAll();
            assertEquals(before, r.get("mem").read(MemoryReplayTest::memory), "replayed from the whole journal");
        }
    }

    @Test
    void aConversationsSharedMemoryIsReplayedWithItsCopies(@TempDir Path data) throws IOException {
        ContractNetJournalTest.TestClock clock = new ContractNetJournalTest.TestClock();
        long start = clock.millis();
        String before;
        try (ConversationRegistry r = conversations(data, clock)) {
            ConversationRuntime c = r.create(ConversationStoreTest.spec("""
                    { "conversation_id": "cm", "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"] } }"""),
                    "operator");
            c.join("alice", ConversationStoreTest.expert(1));
            c.join("bob", ConversationStoreTest.expert(1));
            c.memory(new WriteSharedMemory("alice", "plan", json("\"draft\""), "strong"), v -> { }, v -> null);
            c.memory(new WriteSharedMemory("bob", "plan", json("\"final\""), "eventual"), v -> { }, v -> null);
            assertEquals(1L, (long) c.read(v -> read(v, "alice").version()), "alice's copy waits for bob's eventual write");
            clock.millis.set(start + 5_000);
            assertTrue(c.tickIfDue());
            assertEquals(2L, (long) c.read(v -> read(v, "alice").version()));
            before = ConversationStoreTest.snapshot(c) + c.read(v -> Json.MAPPER.valueToTree(MemoryViews.shared(facts(v)))
                    .toString());
        }
        try (ConversationRegistry r = conversations(data, clock)) {
            r.recoverAll();
            ConversationRuntime c = r.get("cm");
            assertEquals(before, ConversationStoreTest.snapshot(c) + c.read(v -> Json.MAPPER.valueToTree(
                    MemoryViews.shared(facts(v))).toString()));
        }
    }

    private static MemoryViews.ReadView read(io.conclave.engine.conversation.ConversationView v, String agent) {
        return MemoryViews.read(facts(v), "plan", agent, false);
    }

    private static MemoryViews.Facts facts(io.conclave.engine.conversation.ConversationView v) {
        return new MemoryViews.Facts() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return v.outputs(io.conclave.engine.policy.Outputs.forType(type));
            }
        };
    }

    private static long snapshots(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("projects/mem"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("snapshot-")).count();
        }
    }

    private static ProjectRegistry registry(Path data, java.time.Clock clock) {
        return new ProjectRegistry(data, new JournaledRuntime.Setting(MeetingStoreTest.shipped(), 100_000, clock,
                e -> { }).withSnapshots(4), ProjectRegistry.NO_RUNS);
    }

    private static ConversationRegistry conversations(Path data, java.time.Clock clock) {
        return new ConversationRegistry(data, MeetingStoreTest.shipped(), 10_000, clock, new ArrayList<>()::add);
    }
}
