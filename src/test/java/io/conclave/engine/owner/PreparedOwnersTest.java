package io.conclave.engine.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.ConversationStoreTest;
import io.conclave.engine.MeetingStoreTest;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalStore;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.Command;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.SendInterrupt;

/**
 * Owners rebuilt ahead of a takeover ({@link OwnerRegistry#prepare}) and caught up with what their journal gained since
 * ({@link OwnerRegistry#adopt}) end in the state a rebuild from the whole journal gives. Node "a" writes the journals in
 * its folders; "b" (a folder of its own, reading a's journals, as a cluster node reads a partition) rebuilds an owner
 * ahead; a writes more; b adopts it; "c" rebuilds it from the whole journal: b and c must agree on everything a reader
 * sees, and b's files (a meeting's mailbox, a conversation's history) must be c's.
 */
class PreparedOwnersTest {
    private static final JournaledRuntime.Setting SHIPPED = new JournaledRuntime.Setting(MeetingStoreTest.shipped(),
            100_000, Clock.systemUTC(), e -> { });

    /** The journals in {@code from}'s folders, whatever folder the registry reading them has. */
    private static JournalStore journalsOf(Path from, String kind) {
        return new JournalStore() {
            @Override
            public <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder) {
                return JournalStore.FILES.open(codec, id, from.resolve(kind + "s").resolve(id));
            }

            @Override
            public SetAside setAside(CommandCodec<?> codec, String id, Path folder, Journal.Damage damage)
                    throws IOException {
                return JournalStore.FILES.setAside(codec, id, from.resolve(kind + "s").resolve(id), damage);
            }

            @Override
            public boolean local() {
                return false;
            }
        };
    }

    private static ProjectSpec project(String id) throws IOException {
        return Json.MAPPER.readValue("""
                {"project_id": "%s",
                 "agents": [{"agent_id": "ann", "skill_levels": {"x": 5}}, {"agent_id": "bob", "skill_levels": {"x": 7}}],
                 "tasks": [{"task_id": "t1", "required_skills": {"x": 1}},
                           {"task_id": "t2", "required_skills": {"x": 1}, "dependencies": ["t1"]}]}"""
                .formatted(id), ProjectSpec.class);
    }

    private static String decisions(ProjectRuntime rt) {
        return rt.read(s -> s.ledger().stream().map(d -> d.getSeq() + " " + d.getKind() + " " + d.getRule() + " "
                + d.getTaskId() + " " + d.getAgentIds() + " " + d.getScore() + " " + d.getReason())
                .reduce("", (x, y) -> x + y + "\n"));
    }

    private static String tasks(ProjectRuntime rt) {
        return rt.read(s -> s.tasks().stream().map(t -> t.getTaskId() + " " + t.getStatus() + " " + t.getAssignee())
                .sorted().toList().toString());
    }

    /*
     * By hand: bob (x 7) outranks ann (x 5) for t1, so t1 goes to bob; t2 waits for t1. Before b rebuilds ahead: the
     * creation, 3 interrupts, bob starts t1. After: 3 more interrupts (with a snapshot every 5 entries, one marker falls
     * in what b catches up: entries 1-5 are read before, the marker after entry 5 and 6-9 after), bob completes t1 (t2
     * becomes ready and goes to bob, free again). c replays all of it; b applies only what came after its rebuild.
     */
    @Test
    void aProjectRebuiltAheadAndCaughtUpIsTheProjectRebuiltFromItsWholeJournal(@TempDir Path dir) throws IOException {
        JournaledRuntime.Setting snapshots = SHIPPED.withSnapshots(5);
        try (ProjectRegistry a = new ProjectRegistry(dir.resolve("a"), snapshots, ProjectRegistry.NO_RUNS);
             ProjectRegistry b = new ProjectRegistry(dir.resolve("b"), snapshots, ProjectRegistry.NO_RUNS);
             ProjectRegistry c = new ProjectRegistry(dir.resolve("c"), snapshots, ProjectRegistry.NO_RUNS)) {
            JournalStore aJournals = journalsOf(dir.resolve("a"), "project");
            b.journalsIn(aJournals);
            c.journalsIn(aJournals);
            ProjectRuntime p = a.create(project("p"), "operator");
            for (int i = 1; i <= 3; i++) {
                p.command(new SendInterrupt("status", null, null, null, "before " + i), "operator", s -> { });
            }
            p.command(new ReportTask(TaskEvent.Kind.START, "t1", "bob", null), "bob", s -> { });

            b.prepare("p", aJournals);
            assertFalse(b.exists("p"), "rebuilt ahead, found by nobody yet");

            for (int i = 1; i <= 3; i++) {
                p.command(new SendInterrupt("status", null, null, null, "after " + i), "operator", s -> { });
            }
            p.command(new ReportTask(TaskEvent.Kind.COMPLETE, "t1", "bob", null), "bob", s -> { });

            ProjectRuntime caughtUp = b.adopt("p");
            assertEquals(1, b.caughtUpCount(), "caught up, not rebuilt");
            ProjectRuntime rebuilt = c.adopt("p");
            assertEquals(0, c.caughtUpCount());
            assertEquals("[t1 COMPLETED bob, t2 ASSIGNED bob]", tasks(rebuilt));
            assertEquals(tasks(rebuilt), tasks(caughtUp));
            assertEquals(decisions(p), decisions(caughtUp));
            assertEquals(decisions(rebuilt), decisions(caughtUp));
            assertEquals(rebuilt.stored().lines(), caughtUp.stored().lines());

            // and it goes on as the live one: the same command decides the same in both
            caughtUp.command(new ReportTask(TaskEvent.Kind.START, "t2", "bob", null), "bob", s -> { });
            assertEquals("[t1 COMPLETED bob, t2 IN_PROGRESS bob]", tasks(caughtUp));
        }
    }

    /*
     * By hand: a deletes p after b rebuilt it ahead and creates another p (its creation alone: entry 1), so the entry
     * b applied last (entry 2, bob starting t1) is not in the journal any more: b rebuilds it instead, and finds t1
     * assigned, not started.
     */
    @Test
    void anOwnerWhoseJournalChangedOtherwiseIsRebuilt(@TempDir Path dir) throws IOException {
        try (ProjectRegistry a = new ProjectRegistry(dir.resolve("a"), SHIPPED, ProjectRegistry.NO_RUNS);
             ProjectRegistry b = new ProjectRegistry(dir.resolve("b"), SHIPPED, ProjectRegistry.NO_RUNS)) {
            JournalStore aJournals = journalsOf(dir.resolve("a"), "project");
            b.journalsIn(aJournals);
            a.create(project("p"), "operator")
                    .command(new ReportTask(TaskEvent.Kind.START, "t1", "bob", null), "bob", s -> { });
            b.prepare("p", aJournals);
            a.delete("p");
            a.create(project("p"), "operator");

            ProjectRuntime adopted = b.adopt("p");
            assertNotNull(adopted);
            assertEquals(0, b.caughtUpCount(), "rebuilt: the journal does not go on from what it applied");
            assertEquals("[t1 ASSIGNED bob, t2 PENDING null]", tasks(adopted));
        }
    }

    /*
     * By hand: ann creates the meeting and joins, comments once before b rebuilds it ahead; then bob joins (two of two
     * invited: more than half, so the service posts the meeting's state change) and both comment: b's meeting holds
     * those four messages, its mailbox (written by its rebuild ahead, then by the catch-up) is byte for byte that of
     * c's rebuild, and its view is c's.
     */
    @Test
    void aMeetingCaughtUpWritesTheMailboxARebuildWrites(@TempDir Path dir) throws IOException {
        try (MeetingRegistry a = new MeetingRegistry(dir.resolve("a"), MeetingStoreTest.shipped(), 10_000,
                Clock.systemUTC(), e -> { });
             MeetingRegistry b = new MeetingRegistry(dir.resolve("b"), MeetingStoreTest.shipped(), 10_000,
                     Clock.systemUTC(), e -> { });
             MeetingRegistry c = new MeetingRegistry(dir.resolve("c"), MeetingStoreTest.shipped(), 10_000,
                     Clock.systemUTC(), e -> { })) {
            JournalStore aJournals = journalsOf(dir.resolve("a"), "meeting");
            b.journalsIn(aJournals);
            c.journalsIn(aJournals);
            MeetingRuntime m = a.create(MeetingStoreTest.spec("m1", "ann", "bob"), "ann");
            m.join("ann");
            m.post(MeetingStoreTest.comment("ann", "first"));
            b.prepare("m1", aJournals);
            m.join("bob");
            m.post(MeetingStoreTest.comment("bob", "second"));
            m.post(MeetingStoreTest.comment("ann", "third"));

            MeetingRuntime caughtUp = b.adopt("m1");
            assertEquals(1, b.caughtUpCount());
            MeetingRuntime rebuilt = c.adopt("m1");
            String live = m.read(v -> v.messages().toString());
            assertEquals(live, caughtUp.read(v -> v.messages().toString()));
            assertEquals(List.of("comment ann", "state_change conclave", "comment bob", "comment ann"),
                    caughtUp.read(v -> v.messages().stream().map(x -> x.messageType() + " " + x.agentId()).toList()));
            assertEquals(Json.MAPPER.writeValueAsString(rebuilt.read(v -> v.snapshot())),
                    Json.MAPPER.writeValueAsString(caughtUp.read(v -> v.snapshot())));
            assertEquals(files(dir.resolve("c/meetings/m1")), files(dir.resolve("b/meetings/m1")));
        }
    }

    /*
     * By hand (round robin, as in ConversationStoreTest): u is a user, a and b experts. u says -> a; before b's
     * rebuild ahead. Then a says -> b, b says -> a. The caught-up conversation's snapshot and ledger are the rebuilt
     * one's, and so is its history (what b's history file holds: the three messages).
     */
    @Test
    void aConversationCaughtUpKeepsTheHistoryARebuildKeeps(@TempDir Path dir) throws IOException {
        try (ConversationRegistry a = new ConversationRegistry(dir.resolve("a"), MeetingStoreTest.shipped(), 10_000,
                Clock.systemUTC(), e -> { });
             ConversationRegistry b = new ConversationRegistry(dir.resolve("b"), MeetingStoreTest.shipped(), 10_000,
                     Clock.systemUTC(), e -> { });
             ConversationRegistry c = new ConversationRegistry(dir.resolve("c"), MeetingStoreTest.shipped(), 10_000,
                     Clock.systemUTC(), e -> { })) {
            JournalStore aJournals = journalsOf(dir.resolve("a"), "conversation");
            b.journalsIn(aJournals);
            c.journalsIn(aJournals);
            ConversationRuntime conv = a.create(ConversationStoreTest.spec("""
                    { "conversation_id": "c1",
                      "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"], "max_total_turns": 50,
                                  "consensus": "majority", "timeout_seconds": 3600 } }"""), "operator");
            conv.join("u", new io.conclave.model.conversation.AgentRole("user", "asks", List.of(), 0));
            conv.join("a", ConversationStoreTest.expert(1));
            conv.join("b", ConversationStoreTest.expert(2));
            assertEquals(List.of("a"), conv.post(ConversationStoreTest.message("""
                    { "sender": "u", "content": "hello" }""")).responders());
            b.prepare("c1", aJournals);
            assertEquals(List.of("b"), conv.post(ConversationStoreTest.message("""
                    { "sender": "a", "content": "one" }""")).responders());
            assertEquals(List.of("a"), conv.post(ConversationStoreTest.message("""
                    { "sender": "b", "content": "two" }""")).responders());

            ConversationRuntime caughtUp = b.adopt("c1");
            assertEquals(1, b.caughtUpCount());
            ConversationRuntime rebuilt = c.adopt("c1");
            assertEquals(ConversationStoreTest.snapshot(rebuilt), ConversationStoreTest.snapshot(caughtUp));
            assertEquals(ConversationStoreTest.ledger(rebuilt), ConversationStoreTest.ledger(caughtUp));
            assertEquals(List.of("hello", "one", "two"), caughtUp.read(v -> v.messagesAfter(0, 10)).stream()
                    .map(m -> m.content()).toList());
        }
        // closed, the nodes have written the history lines they held (HistoryFile writes 16 at a time)
        assertEquals(files(dir.resolve("c/conversations/c1")), files(dir.resolve("b/conversations/c1")));
    }

    /** The files of a folder and their contents, for comparing two nodes' folders. */
    private static List<String> files(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (!p.getFileName().toString().endsWith(".lock")) {
                    out.add(folder.relativize(p) + "\n" + Files.readString(p));
                }
            }
        }
        return out;
    }
}
