package io.conclave.engine;

import io.conclave.model.CommandException;
import io.conclave.model.command.MeetingCommand;
import io.conclave.model.command.PostToMeeting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.MeetingMailbox;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.Protocol;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.meeting.MeetingView;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;

/**
 * the meeting mailbox on disk: its layout, recovery after a restart, and writers in several threads
 * and several processes losing nothing. No Quarkus: the registry is built as the service builds it.
 */
// early in surefire's plain lane (io.conclave.SuiteOrder): one of its longest classes, which otherwise ran last, alone
@org.junit.jupiter.api.Order(5)
public class MeetingStoreTest {

    /** A policy source that always answers the shipped policy. */
    public static PolicySource shipped() {
        Policy p = RulesFixture.policy();
        return new PolicySource() {
            @Override
            public Policy active() { return p; }

            @Override
            public Policy byVersion(String version) { return p; }
        };
    }

    public static MeetingSpec spec(String id, String... participants) {
        return new MeetingSpec(id, "Pick a database", null, participants[0], null, List.of(participants),
                Protocol.defaults(), null, null, null);
    }

    public static PostToMeeting comment(String agent, String text) {
        return new PostToMeeting(null, null, agent, "comment", null, null, null, null, text, null, null, null, null, null,
                null, null);
    }

    public static PostToMeeting message(String json) {
        try {
            return Json.MAPPER.readValue(json, PostToMeeting.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theMailboxLayoutIsTheSeeds(@TempDir Path data) throws IOException {
        List<ServiceEvent> events = new ArrayList<>();
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), events::add)) {
            MeetingRuntime m = registry.create(spec("db-choice", "ann", "bob"), "ann");
            m.join("ann");
            m.post(comment("ann", "hello"));
            m.post(message("""
                    {"message_type": "agenda_item", "agent_id": "ann", "title": "Costs"}"""));
        }
        Path dir = data.resolve("meetings/db-choice");
        JsonNode manifest = Json.MAPPER.readTree(dir.resolve("manifest.json").toFile());
        assertEquals("db-choice", manifest.get("meeting_id").asText());
        // ann alone is not more than half of 2 invited: still open
        assertEquals("open", manifest.get("state").asText());
        assertEquals("ann", manifest.get("creator").asText());
        assertEquals("majority", manifest.get("protocol").get("threshold").asText());
        JsonNode participants = Json.MAPPER.readTree(dir.resolve("participants.json").toFile());
        assertEquals("joined", participants.get(0).get("status").asText());
        assertEquals("invited", participants.get(1).get("status").asText());
        JsonNode agenda = Json.MAPPER.readTree(dir.resolve("agenda.json").toFile());
        assertEquals("Costs", agenda.get("items").get(0).get("title").asText());

        List<Path> files = new MeetingMailbox(dir).messageFiles();
        assertEquals(2, files.size());
        String first = files.get(0).getFileName().toString();
        assertTrue(first.matches("msg_\\d{8}T\\d{9}Z-000001_ann_comment\\.json"), first);
        assertTrue(files.get(1).getFileName().toString().endsWith("-000002_ann_agenda_item.json"));
        JsonNode msg = Json.MAPPER.readTree(files.get(0).toFile());
        assertEquals("msg-000001", msg.get("message_id").asText());
        assertEquals("db-choice", msg.get("meeting_id").asText());
        assertEquals("hello", msg.get("text").asText());
        assertTrue(msg.has("timestamp_utc"));
        assertTrue(!msg.has("vote"), "fields of other types are left out");
        assertTrue(Files.exists(dir.resolve("journal.jsonl")));

        // events went out in order, after each command
        assertEquals(List.of("MEETING_CREATED", "AGENT_JOINED_MEETING", "NEW_MESSAGE_IN_MEETING", "NEW_MESSAGE_IN_MEETING"),
                events.stream().map(ServiceEvent::type).toList());
    }

    /** A file's identity on disk: a rewrite (a new file renamed over it) gives it another. */
    private static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    /**
     * A state file is rewritten only when what it says changes: a comment changes the manifest (its message count),
     * not the participants or the agenda, whose files stay the ones written before; an agenda item rewrites the
     * agenda. Each rewrite is a forced file and a rename, so a busy meeting would pay for two more a comment.
     */
    @Test
    void aCommentRewritesTheManifestAloneAndAnAgendaItemTheAgenda(@TempDir Path data) throws IOException {
        Path dir = data.resolve("meetings/files");
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(spec("files", "ann", "bob"), "ann");
            m.join("ann");
            Object manifest = inode(dir.resolve("manifest.json"));
            Object participants = inode(dir.resolve("participants.json"));
            Object agenda = inode(dir.resolve("agenda.json"));

            m.post(comment("ann", "hello"));
            assertTrue(!manifest.equals(inode(dir.resolve("manifest.json"))), "the manifest counts the comment");
            assertEquals(1, Json.MAPPER.readTree(dir.resolve("manifest.json").toFile()).get("message_count").asInt());
            assertEquals(participants, inode(dir.resolve("participants.json")));
            assertEquals(agenda, inode(dir.resolve("agenda.json")));

            m.post(message("""
                    {"message_type": "agenda_item", "agent_id": "ann", "title": "Costs"}"""));
            assertTrue(!agenda.equals(inode(dir.resolve("agenda.json"))), "the agenda has the item");
            assertEquals("Costs", Json.MAPPER.readTree(dir.resolve("agenda.json").toFile()).get("items").get(0)
                    .get("title").asText());
            assertEquals(participants, inode(dir.resolve("participants.json")));

            // a reader that keeps the messages keeps a copy: the posts after it do not change it
            List<MeetingMessage> kept = m.read(MeetingView::messages);
            m.post(comment("ann", "again"));
            assertEquals(2, kept.size());
            assertEquals(3, m.read(MeetingView::messages).size());
        }
    }

    @Test
    void aRestartBringsBackEveryMessageAndVoteAndTheProtocolGoesOn(@TempDir Path data) throws IOException {
        String before;
        String messagesBefore;
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(spec("m1", "ann", "bob", "cid"), "ann");
            m.join("ann");
            m.join("bob");
            m.post(message("""
                    {"message_type": "proposal", "agent_id": "bob", "proposal_id": "p1", "title": "Use Postgres"}"""));
            m.post(message("""
                    {"message_type": "state_change", "agent_id": "ann", "new_state": "voting"}"""));
            m.post(message("""
                    {"message_type": "vote", "agent_id": "ann", "proposal_id": "p1", "vote": "yes"}"""));
            before = Json.MAPPER.writeValueAsString(m.read(v -> v.snapshot()));
            messagesBefore = Json.MAPPER.writeValueAsString(m.read(v -> v.messages()));
        }
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            registry.recoverAll();
            MeetingRuntime m = registry.get("m1");
            assertEquals(before, Json.MAPPER.writeValueAsString(m.read(v -> v.snapshot())));
            assertEquals(messagesBefore, Json.MAPPER.writeValueAsString(m.read(v -> v.messages())));
            // bob's vote, after the restart, is the last one owed: the meeting closes and p1 passes 2 of 2
            m.post(message("""
                    {"message_type": "vote", "agent_id": "bob", "proposal_id": "p1", "vote": "yes"}"""));
            assertEquals("closed", m.read(v -> v.meeting().getState().json()));
            assertEquals("accepted", m.read(v -> v.snapshot().agenda().proposals().get(0).status().json()));
        }
    }

    @Test
    void aRefusedCommandLeavesNoTrace(@TempDir Path data) throws IOException {
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(spec("m1", "ann", "bob"), "ann");
            CommandException e = assertThrows(CommandException.class, () -> m.post(comment("bob", "not joined")));
            assertEquals(CommandException.Kind.FORBIDDEN, e.kind());
            assertEquals(1, new MeetingMailbox(data.resolve("meetings/m1")).journal().read().entries().size());
            assertEquals(0, new MeetingMailbox(data.resolve("meetings/m1")).messageFiles().size());
        }
    }

    @Test
    void idsThatWouldLeaveTheDataFolderAreNeverUsedAsPaths(@TempDir Path data) {
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            for (String bad : List.of("../m1", "..", "a/b", "/etc", "")) {
                assertEquals(CommandException.Kind.NOT_FOUND,
                        assertThrows(CommandException.class, () -> registry.get(bad)).kind(), bad);
            }
        }
    }

    @Test
    void writersInManyThreadsLoseNothing(@TempDir Path data) throws Exception {
        String[] agents = {"a1", "a2", "a3", "a4"};
        int each = 40;
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(spec("busy", agents), "a1");
            for (String a : agents) {
                m.join(a);
            }
            ExecutorService pool = Executors.newFixedThreadPool(agents.length);
            List<Future<?>> done = new ArrayList<>();
            for (String a : agents) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        m.post(comment(a, a + " says " + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            // the comments, plus the state_change message of the quorum that opened the discussion
            assertEquals((long) agents.length * each, (long) m.read(v -> v.messages().stream()
                    .filter(x -> x.messageType().equals("comment")).count()));
        }
        assertEverythingOnDisk(data.resolve("meetings/busy"), agents, each);
    }

    @Test
    void twoProcessesWritingOneMeetingLoseNothing(@TempDir Path data) throws Exception {
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(spec("shared", "p1", "p2"), "p1");
            m.join("p1");
            m.join("p2");
        }
        int each = 60;
        Path go = data.resolve("go");
        List<Process> writers = new ArrayList<>();
        for (String agent : List.of("p1", "p2")) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    MeetingWriterProcess.JIT, MeetingWriterProcess.GC,
                    "-cp", System.getProperty("java.class.path"), MeetingWriterProcess.class.getName(),
                    data.toString(), "shared", agent, Integer.toString(each), go.toString())
                    .redirectErrorStream(true).redirectOutput(data.resolve(agent + ".log").toFile()).start());
        }
        try {
            // both children compile the policy first and report ready; then both write at once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(data.resolve("ready-p1")) && Files.exists(data.resolve("ready-p2")))) {
                assertTrue(System.nanoTime() < deadline, "writer processes did not start: " + Files.readString(data.resolve("p1.log")));
                assertTrue(writers.stream().allMatch(Process::isAlive), "a writer died: " + Files.readString(data.resolve("p1.log"))
                        + Files.readString(data.resolve("p2.log")));
                Thread.sleep(50);
            }
            Files.writeString(go, "go");
            for (Process p : writers) {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), Files.readString(data.resolve("p1.log")) + Files.readString(data.resolve("p2.log")));
            }
        } finally {
            writers.forEach(Process::destroyForcibly); // never leave a writer behind when the test fails
        }
        assertEverythingOnDisk(data.resolve("meetings/shared"), new String[] {"p1", "p2"}, each);
        // a third process (this one) reading the folder afresh sees all of it
        try (MeetingRegistry registry = new MeetingRegistry(data, shipped(), 10_000, Clock.systemUTC(), e -> { })) {
            registry.recoverAll();
            assertEquals(2L * each, (long) registry.get("shared").read(v -> v.messages().stream()
                    .filter(x -> x.messageType().equals("comment")).count()));
        }
    }

    /** Every comment is in the journal once, numbered without gaps, and has its message file. */
    private static void assertEverythingOnDisk(Path dir, String[] agents, int each) throws IOException {
        MeetingMailbox mailbox = new MeetingMailbox(dir);
        List<JournalEntry<MeetingCommand>> entries = mailbox.journal().read().entries();
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(i + 1, entries.get(i).seq(), "journal numbers are contiguous");
        }
        List<JournalEntry<MeetingCommand>> posted = entries.stream().filter(e -> "message".equals(e.type())).toList();
        assertEquals(agents.length * each, posted.size());
        for (String a : agents) {
            for (int i = 0; i < each; i++) {
                String text = a + " says " + i;
                assertEquals(1, posted.stream().filter(e -> ((PostToMeeting) e.command()).text().equals(text)).count(), text);
            }
        }
        List<Path> comments = mailbox.messageFiles().stream()
                .filter(p -> p.getFileName().toString().endsWith("_comment.json")).toList();
        assertEquals(agents.length * each, comments.size());
        assertEquals(agents.length * each, comments.stream().map(p -> {
            try {
                return Json.MAPPER.readValue(p.toFile(), MeetingMessage.class).messageId();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).distinct().count(), "message ids are unique");
    }
}
